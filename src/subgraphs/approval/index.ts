import { departmentSubgraph } from '../department';
import { approvalDemo } from './demo';
import { ApprovalEvent, Commitment, Permit } from './entities';
import { Merchant } from './merchant';
import { Commitments } from './commitments';
import { ApprovalRecordsResolver, CommitmentResolver } from './resolvers';

/** Administrative approval: permits, and credit commitments signed in place of documents. */
export const approval = departmentSubgraph({
  name: 'approval',
  events: ApprovalEvent,
  records: [Permit, Commitment],
  merchant: Merchant,
  resolvers: (orm) => [new ApprovalRecordsResolver(orm), new CommitmentResolver(new Commitments(orm))],
  demo: approvalDemo,
});
