import { departmentSubgraph } from '../department';
import { urbanDemo } from './demo';
import { ConductRecord, ConsumerReport, UrbanEvent } from './entities';
import { Merchant } from './merchant';
import { ConsumerReports } from './reports';
import { ConsumerReportResolver, UrbanRecordsResolver } from './resolvers';

/** Urban management: street-shop conduct observed by officers, consumer photo reports. */
export const urban = departmentSubgraph({
  name: 'urban',
  events: UrbanEvent,
  records: [ConductRecord, ConsumerReport],
  merchant: Merchant,
  resolvers: (orm, { graph }) => [new UrbanRecordsResolver(orm), new ConsumerReportResolver(new ConsumerReports(orm, graph))],
  demo: urbanDemo,
});
