import { departmentSubgraph, recordKind } from '../department-kit';
import { marketDemo } from './demo';
import { marketDisclosure } from './disclosure';
import { Complaint, Inspection, MarketListEntry, Penalty } from './entities';
import { marketPolicy } from './policy';
import { marketWrites } from './records';
import { MarketListingResolver } from './resolver';
import { MarketListings } from './store';

/** Market supervision: penalties, inspections, the regulator's lists, complaints. */
export const market = departmentSubgraph({
  name: 'market',
  records: [
    recordKind(Penalty, { list: 'penalties', newestFirst: 'decidedAt', description: 'administrative penalties, newest first' }),
    recordKind(Inspection, { list: 'inspections', newestFirst: 'inspectedAt', description: 'inspections and spot checks, newest first' }),
    recordKind(MarketListEntry, { list: 'marketListEntries', newestFirst: 'listedAt', description: "entries on the market regulator's lists, newest first" }),
    recordKind(Complaint, { list: 'complaints', newestFirst: 'receivedAt', description: 'consumer complaints, newest first' }),
  ],
  writes: marketWrites,
  policy: marketPolicy,
  workflows: (orm) => [new MarketListingResolver(new MarketListings(orm))],
  disclosure: marketDisclosure,
  demo: marketDemo,
});
