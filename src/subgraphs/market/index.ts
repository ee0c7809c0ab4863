import { CreditEventRecord } from '../../events/record.entity';
import { creditEventResolver } from '../../events/resolver';
import { CreditEventStore } from '../../events/store';
import { buildFederatedSchema } from '../../federation';
import type { Subgraph } from '../subgraph';
import { marketDemo } from './demo';
import { Complaint, Inspection, MarketEvent, MarketListEntry, Penalty } from './entities';
import { Merchant } from './merchant';
import { MarketRecordsResolver } from './resolvers';

/** Market supervision: penalties, inspections, the regulator's lists, complaints. */
export const market: Subgraph = {
  name: 'market',
  entities: [CreditEventRecord, MarketEvent, Penalty, Inspection, MarketListEntry, Complaint],
  build(orm) {
    const events = new CreditEventStore(orm, MarketEvent, 'market');
    const EventResolver = creditEventResolver(Merchant, events);
    return buildFederatedSchema(
      [new EventResolver(), new MarketRecordsResolver(orm)],
      // a department answers for any merchant the graph names: unknown ones simply have no records
      { Merchant: { __resolveReference: (ref: { uscc: string }) => ({ uscc: ref.uscc }) } },
      // no query here returns a Merchant, so the schema keeps the entity only when it is named
      [Merchant],
    );
  },
  demo: marketDemo,
};
