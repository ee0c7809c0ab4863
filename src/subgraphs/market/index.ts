import { departmentSubgraph } from '../department';
import { marketDemo } from './demo';
import { Complaint, Inspection, MarketEvent, MarketListEntry, Penalty } from './entities';
import { Merchant } from './merchant';
import { MarketRecordsResolver } from './resolvers';

/** Market supervision: penalties, inspections, the regulator's lists, complaints. */
export const market = departmentSubgraph({
  name: 'market',
  events: MarketEvent,
  records: [Penalty, Inspection, MarketListEntry, Complaint],
  merchant: Merchant,
  resolvers: (orm) => [new MarketRecordsResolver(orm)],
  demo: marketDemo,
});
