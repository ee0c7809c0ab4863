import { workingCalendar } from '../../worklist';
import { departmentSubgraph, recordKind } from '../department-kit';
import { urbanDemo } from './demo';
import { ConductRecord, ConsumerReport } from './entities';
import { urbanPolicy } from './policy';
import { urbanWrites } from './records';
import { ConsumerReportResolver, reportWorklistResolver } from './resolver';
import { ConsumerReports } from './store';

/** Urban management: street-shop conduct observed by officers, consumer photo reports. */
export const urban = departmentSubgraph({
  name: 'urban',
  records: [
    recordKind(ConductRecord, {
      list: 'conductRecords',
      newestFirst: 'observedAt',
      description: "urban-management officers' observations of the shop's conduct, newest first",
    }),
    recordKind(ConsumerReport, { list: 'consumerReports', newestFirst: 'submittedAt', description: 'consumer photo reports about the shop, newest first' }),
  ],
  writes: urbanWrites,
  policy: urbanPolicy,
  workflows: (orm, { graph }) => [new ConsumerReportResolver(new ConsumerReports(orm, graph))],
  worklist: (orm, { graph, config }, worklist) => {
    const ReportWorklistResolver = reportWorklistResolver(worklist);
    return new ReportWorklistResolver(
      new ConsumerReports(orm, graph),
      workingCalendar(config.WORKING_CALENDAR_FILE),
      config.CONSUMER_REPORT_CHECK_WORKING_DAYS,
    );
  },
  demo: urbanDemo,
});
