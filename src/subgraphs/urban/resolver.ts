import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
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
