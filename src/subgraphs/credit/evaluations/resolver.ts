import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Department, ListEffect } from '../../../catalogue/types';
import type { HubContext } from '../../../context';
import type { MeasureContext } from '../../../credit-engine';
import { pageSize } from '../../../pagination';
import * as vocabulary from '../../../vocabulary';
import { Merchant, MerchantFilter } from '../directory/types';
import type { Statistics } from './statistics';
import type { Evaluations } from './store';
import { CreditSnapshot, CycleGrades, Evaluation, GradeCount, MeasureCount, StatisticsDimension, ViolationCount } from './types';

/** The evaluation of every merchant, cycle by cycle: the snapshots it keeps and the dashboards' counts over them. */
@Resolver(() => Merchant)
export class EvaluationsResolver {
  constructor(
    private readonly evaluations: Evaluations,
    private readonly statistics: Statistics,
  ) {}

  @FieldResolver(() => CreditSnapshot, { nullable: true, description: 'the assessment kept for an evaluation cycle' })
  async snapshot(@Root() m: Merchant, @Arg('cycle') cycle: string, @Ctx() ctx: HubContext): Promise<CreditSnapshot | null> {
    const s = await ctx.loaders.load(this.evaluations.snapshotOf, JSON.stringify([m.uscc, cycle]));
    return s && { ...s, uscc: m.uscc, scheme: { id: s.schemeId, version: s.schemeVersion }, lists: s.lists as ListEffect[] | null };
  }

  @Mutation(() => Evaluation, { description: "judges every merchant and keeps the cycle's snapshots (administrators); re-running adds only what is missing" })
  async runEvaluation(@Arg('cycle') cycle: string, @Ctx() ctx: HubContext): Promise<Evaluation> {
    return this.evaluations.run(cycle.trim(), ctx);
  }

  @Query(() => [GradeCount], { description: 'grade counts of an evaluated cycle (the latest when none is given), grouped by the dimensions asked' })
  creditStatistics(
    @Arg('cycle', () => String, { nullable: true }) cycle: string | null,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => MerchantFilter, { nullable: true }) filter: MerchantFilter | null,
  ): Promise<GradeCount[]> {
    return this.statistics.grades(cycle, groupBy, filter);
  }

  @Query(() => [ViolationCount], { description: 'the most frequent violations counted in a cycle' })
  topViolations(
    @Arg('cycle', () => String, { nullable: true }) cycle: string | null,
    @Arg('department', () => vocabulary.Department, { nullable: true }) department: Department | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number,
  ): Promise<ViolationCount[]> {
    return this.statistics.violations(cycle, department, pageSize(first, 10));
  }

  @Query(() => [MeasureCount], { description: 'how many merchants each measure applied to in a cycle' })
  measureCounts(
    @Arg('cycle', () => String, { nullable: true }) cycle: string | null,
    @Arg('context', () => vocabulary.MeasureContext, { nullable: true }) context: MeasureContext | null,
  ): Promise<MeasureCount[]> {
    return this.statistics.measures(cycle, context);
  }

  @Query(() => [CycleGrades], { description: 'grade counts of every evaluated cycle: the trend' })
  creditTrend(@Arg('filter', () => MerchantFilter, { nullable: true }) filter: MerchantFilter | null): Promise<CycleGrades[]> {
    return this.statistics.trend(filter);
  }

  @Query(() => [Evaluation], { name: 'evaluations', description: 'the evaluated cycles, newest first' })
  evaluatedCycles(): Promise<Evaluation[]> {
    return this.evaluations.list();
  }
}
