import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, type ClassType } from 'type-graphql';
import type { HubContext } from '../../context';
import { concerns, listed, WorkItem, WorkItemKind, workPage, WorkPageArgs, type WorkingCalendar, type Worklist } from '../../worklist';
import { ConsumerReport } from './entities';
import type { ConsumerReports } from './store';

@Resolver(() => ConsumerReport)
export class ConsumerReportResolver {
  constructor(private readonly reports: ConsumerReports) {}

  @Mutation(() => ConsumerReport, { description: "anyone, through a shop's QR code, reports what they saw; an officer checks it" })
  submitConsumerReport(
    @Arg('qrToken') qrToken: string,
    @Arg('text') text: string,
    @Arg('photoUrl', () => String, { nullable: true }) photoUrl: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<ConsumerReport> {
    return this.reports.submit(qrToken, text, photoUrl, ctx);
  }

  @Mutation(() => ConsumerReport, { description: 'hands a report to an officer to check on site' })
  dispatchConsumerReport(
    @Arg('id', () => ID) id: string,
    @Arg('officer', () => String, { nullable: true }) officer: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<ConsumerReport> {
    return this.reports.dispatch(id, officer, ctx.principal);
  }

  @Mutation(() => ConsumerReport, { description: 'confirms a report: it becomes a conduct record and a credit event, with the report as evidence' })
  verifyConsumerReport(
    @Arg('id', () => ID) id: string,
    @Arg('code', { description: 'the negative urban-management code the report evidences' }) code: string,
    @Arg('finding', () => String, { nullable: true }) finding: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<ConsumerReport> {
    return this.reports.verify(id, code, finding, ctx.principal);
  }

  @Mutation(() => ConsumerReport, { description: 'rejects a report that the check did not confirm; it never counts' })
  rejectConsumerReport(@Arg('id', () => ID) id: string, @Arg('finding') finding: string, @Ctx() ctx: HubContext): Promise<ConsumerReport> {
    return this.reports.reject(id, finding, ctx.principal);
  }
}

/** Urban management's part of the worklists: consumer reports to check, each within its working days. */
export function reportWorklistResolver(worklist: ClassType<Worklist>) {
  @Resolver(() => worklist)
  class ReportWorklistResolver {
    constructor(
      private readonly reports: ConsumerReports,
      private readonly calendar: WorkingCalendar,
      private readonly workingDays: number,
    ) {}

    @FieldResolver(() => [WorkItem], { nullable: true, description: 'consumer reports awaiting a check on site, most urgent first' })
    async consumerReports(@Root() w: Worklist, @Args() page: WorkPageArgs, @Ctx() ctx: HubContext): Promise<WorkItem[]> {
      const n = workPage(page);
      if (!concerns(w, 'urban')) return [];
      return listed(
        (await this.reports.open(w.uscc, n)).map((r) => ({
          kind: WorkItemKind.CONSUMER_REPORT,
          id: r.id,
          department: 'urban' as const,
          uscc: r.uscc,
          subject: r.text.length > 100 ? `${r.text.slice(0, 99)}…` : r.text,
          openedAt: r.submittedAt,
          dueAt: this.calendar.afterWorkingDays(r.submittedAt, this.workingDays),
        })),
        ctx,
        'urban',
        'consumerReports',
      );
    }
  }
  return ReportWorklistResolver;
}
