import { CreditEventRecord } from '../../events/record.entity';
import { creditEventResolver } from '../../events/resolver';
import { CreditEventStore } from '../../events/store';
import { buildFederatedSchema } from '../../federation';
import type { Subgraph } from '../subgraph';
import { approvalDemo } from './demo';
import { ApprovalEvent, Commitment, Permit } from './entities';
import { Merchant } from './merchant';
import { ApprovalRecordsResolver } from './resolvers';

/** Administrative approval: permits, and credit commitments signed in place of documents. */
export const approval: Subgraph = {
  name: 'approval',
  entities: [CreditEventRecord, ApprovalEvent, Permit, Commitment],
  build(orm) {
    const events = new CreditEventStore(orm, ApprovalEvent, 'approval');
    const EventResolver = creditEventResolver(Merchant, events);
    return buildFederatedSchema(
      [new EventResolver(), new ApprovalRecordsResolver(orm)],
      // a department answers for any merchant the graph names: unknown ones simply have no records
      { Merchant: { __resolveReference: (ref: { uscc: string }) => ({ uscc: ref.uscc }) } },
      // no query here returns a Merchant, so the schema keeps the entity only when it is named
      [Merchant],
    );
  },
  demo: approvalDemo,
};
