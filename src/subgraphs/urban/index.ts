import { CreditEventRecord } from '../../events/record.entity';
import { creditEventResolver } from '../../events/resolver';
import { CreditEventStore } from '../../events/store';
import { buildFederatedSchema } from '../../federation';
import type { Subgraph } from '../subgraph';
import { urbanDemo } from './demo';
import { ConductRecord, ConsumerReport, UrbanEvent } from './entities';
import { Merchant } from './merchant';
import { UrbanRecordsResolver } from './resolvers';

/** Urban management: street-shop conduct observed by officers, consumer photo reports. */
export const urban: Subgraph = {
  name: 'urban',
  entities: [CreditEventRecord, UrbanEvent, ConductRecord, ConsumerReport],
  build(orm) {
    const events = new CreditEventStore(orm, UrbanEvent, 'urban');
    const EventResolver = creditEventResolver(Merchant, events);
    return buildFederatedSchema(
      [new EventResolver(), new UrbanRecordsResolver(orm)],
      // a department answers for any merchant the graph names: unknown ones simply have no records
      { Merchant: { __resolveReference: (ref: { uscc: string }) => ({ uscc: ref.uscc }) } },
      // no query here returns a Merchant, so the schema keeps the entity only when it is named
      [Merchant],
    );
  },
  demo: urbanDemo,
};
