import { departmentSubgraph } from '../department';
import { approvalDemo } from './demo';
import { ApprovalEvent, Commitment, Permit } from './entities';
import { Merchant } from './merchant';
import { ApprovalRecordsResolver } from './resolvers';

/** Administrative approval: permits, and credit commitments signed in place of documents. */
export const approval = departmentSubgraph({
  name: 'approval',
  events: ApprovalEvent,
  records: [Permit, Commitment],
  merchant: Merchant,
  recordsResolver: (orm) => new ApprovalRecordsResolver(orm),
  demo: approvalDemo,
});
