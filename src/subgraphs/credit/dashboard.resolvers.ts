import QRCode from 'qrcode';
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { DepartmentName } from '../../events/types';
import type { GraphClient } from '../../graph-client';
import { pageSize } from '../../pagination';
import { CreditCode } from '../../scalars';
import { AppliedMeasure, ApprovalMode, MeasureContext } from './assessment.types';
import { Evaluation } from './decision.types';
import { EvaluationRecord } from './judgment.entities';
import { CycleGrades, GradeCount, MeasureCount, Statistics, StatisticsDimension, ViolationCount } from './statistics';
import { Merchant, MerchantFilter } from './types';

export enum QrFormat {
  SVG = 'SVG',
  PNG = 'PNG',
}
registerEnumType(QrFormat, { name: 'QrFormat', description: 'SVG text, or a PNG data URL' });

@ObjectType({ description: 'A commitment as the approval window weighs it.' })
export class CheckedCommitment {
  @Field()
  matter!: string;

  @Field()
  status!: string;

  @Field()
  dueDate!: Date;

  @Field()
  overdue!: boolean;
}

@ObjectType({ description: 'What an approval window needs to decide how to treat an applicant, in one answer.' })
export class ApprovalCheck {
  @Field(() => CreditCode)
  uscc!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'the matter applied for, as the clerk gave it' })
  matter!: string | null;

  @Field(() => ApprovalMode)
  mode!: ApprovalMode;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => [String], { description: 'to show the clerk' })
  warnings!: string[];

  @Field(() => [CheckedCommitment], { description: 'open and breached commitments' })
  commitments!: CheckedCommitment[];

  @Field(() => [AppliedMeasure], { description: 'the measures of the APPROVAL context that apply' })
  measures!: AppliedMeasure[];
}

const CHECK = /* GraphQL */ `
  query ApprovalCheckFacts($u: CreditCode!) {
    merchant(uscc: $u) {
      uscc name
      credit { approval { mode reasons warnings } measures(context: APPROVAL) { id title kind department legalBasis context reasons } }
      commitments { matter status dueDate overdue }
    }
  }
`;

type CheckFacts = {
  merchant: {
    uscc: string;
    name: string;
    credit: { approval: { mode: ApprovalMode; reasons: string[]; warnings: string[] }; measures: AppliedMeasure[] };
    commitments: CheckedCommitment[];
  } | null;
};

/** The clients' own questions, each answered in one query: the approval window's, the dashboards', the QR code. */
@Resolver(() => Merchant)
export class ClientQueriesResolver {
  constructor(
    private readonly graph: GraphClient,
    private readonly statistics: Statistics,
    private readonly publicUrl: string,
  ) {}

  @Query(() => ApprovalCheck, { description: 'how an approval window treats an applicant: mode, reasons, warnings, commitments, measures' })
  async approvalCheck(
    @Arg('uscc', () => CreditCode) uscc: string,
    @Arg('matter', () => String, { nullable: true }) matter: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<ApprovalCheck> {
    // read through the graph as the clerk: the policy and the access log apply as to any query
    const { merchant } = await this.graph.request<CheckFacts>(CHECK, { u: uscc }, ctx);
    if (!merchant) throw notFound(`credit code ${uscc} is not registered`);
    return {
      uscc: merchant.uscc,
      name: merchant.name,
      matter: matter?.trim() || null,
      ...merchant.credit.approval,
      commitments: merchant.commitments.filter((c) => c.status === 'PENDING' || c.status === 'BREACHED').map((c) => ({ ...c, dueDate: new Date(c.dueDate) })),
      measures: merchant.credit.measures,
    };
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
    @Arg('department', () => DepartmentName, { nullable: true }) department: DepartmentName | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number,
  ): Promise<ViolationCount[]> {
    return this.statistics.violations(cycle, department, pageSize(first, 10));
  }

  @Query(() => [MeasureCount], { description: 'how many merchants each measure applied to in a cycle' })
  measureCounts(
    @Arg('cycle', () => String, { nullable: true }) cycle: string | null,
    @Arg('context', () => MeasureContext, { nullable: true }) context: MeasureContext | null,
  ): Promise<MeasureCount[]> {
    return this.statistics.measures(cycle, context);
  }

  @Query(() => [CycleGrades], { description: 'grade counts of every evaluated cycle: the trend' })
  creditTrend(@Arg('filter', () => MerchantFilter, { nullable: true }) filter: MerchantFilter | null): Promise<CycleGrades[]> {
    return this.statistics.trend(filter);
  }

  @Query(() => [Evaluation], { description: 'the evaluated cycles, newest first' })
  evaluations(): Promise<Evaluation[]> {
    return this.statistics.evaluations() as Promise<EvaluationRecord[]>;
  }

  @FieldResolver(() => String, { description: "the address of the shop's public page, which its QR code opens (under PUBLIC_URL)" })
  qrUrl(@Root() m: Merchant): string {
    return `${this.publicUrl}/m/${encodeURIComponent(m.qrToken)}`;
  }

  @FieldResolver(() => String, { description: "the shop's QR code, opening its public page: SVG text or a PNG data URL" })
  qrCode(@Root() m: Merchant, @Arg('format', () => QrFormat) format: QrFormat): Promise<string> {
    const url = this.qrUrl(m);
    return format === QrFormat.SVG ? QRCode.toString(url, { type: 'svg', margin: 1 }) : QRCode.toDataURL(url, { margin: 1 });
  }
}
