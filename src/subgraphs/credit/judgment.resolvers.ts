import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CATALOGUE, catalogueEntry } from '../../catalogue';
import { assess, inputsDigest, recordDateProblem, RIZHAO, type FactEvent, type Measure, type Scheme } from '../../credit-engine';
import type { HubContext } from '../../context';
import { badInput, CodedError, unavailable } from '../../errors';
import type { GraphClient } from '../../graph-client';
import { AppliedMeasure, CreditAssessment, MeasureContext } from './assessment.types';
import type { Decisions } from './decisions';
import { CreditSnapshot, Evaluation, ObjectionDecision, SchemeSimulation } from './decision.types';
import type { Evaluations } from './evaluations';
import type { Rules } from './rules';
import { MeasureDefinition, Scheme as SchemeView, SchemeInput } from './scheme.types';
import { Merchant } from './types';
import { ObjectionRecord as Objection, RepairApplicationRecord as RepairApplication, type SchemeVersion } from './judgment.entities';

const EVENT_LISTS = ['marketFacts', 'urbanFacts', 'approvalFacts', 'financeFacts'] as const;
const EVENT_FIELDS = 'id code department occurredAt endedAt status';
const REQUIRES = EVENT_LISTS.map((l) => `${l} { ${EVENT_FIELDS} }`).join(' ');
/** clock skew tolerated before an evaluation date counts as future */
const SKEW_MS = 5 * 60_000;

type RawEvent = { id: string; code: string; department: string; occurredAt: string; endedAt: string | null; status: FactEvent['status'] };
type MerchantWithFacts = Merchant & Partial<Record<(typeof EVENT_LISTS)[number], RawEvent[] | null>>;

/** The four departments' facts as the gateway handed them over; never a judgment on part of them. */
function factsOf(m: MerchantWithFacts): FactEvent[] {
  const missing = EVENT_LISTS.filter((l) => !Array.isArray(m[l])).map((l) => l.replace('Facts', ''));
  if (missing.length) {
    throw unavailable(`credit cannot be judged now: ${missing.join(', ')} facts are unavailable; try again shortly`, { departments: missing });
  }
  const now = Date.now();
  return EVENT_LISTS.flatMap((l) =>
    m[l]!.map((e) => {
      const fact: FactEvent = {
        id: e.id,
        code: e.code,
        department: e.department.toLowerCase() as FactEvent['department'],
        // ISO 8601 as the departments' DateTime wrote it
        occurredAt: new Date(e.occurredAt),
        endedAt: e.endedAt ? new Date(e.endedAt) : null,
        status: e.status,
      };
      const problem = factProblem(fact, now);
      // one record the judge cannot read refuses this merchant's judgment alone, naming the record
      if (problem) throw new CodedError('RECORD_INVALID', `credit cannot be judged: the ${fact.department} record ${fact.id} ${problem}; the department must correct it`, { department: fact.department, recordId: fact.id });
      return fact;
    }),
  );
}

/** What makes a stored fact unfit to judge (written past the API's checks, or by an older version), or null. */
function factProblem(f: FactEvent, now: number): string | null {
  if (!catalogueEntry(f.code)) return `has the code "${f.code}", which the catalogue does not know`;
  return recordDateProblem(f.occurredAt, 'occurredAt', now) ?? (f.endedAt && f.endedAt < f.occurredAt ? 'ended before it began' : null);
}

const schemeView = (row: SchemeVersion): SchemeView => {
  const s = row.definition;
  return {
    ...s,
    purpose: s.purpose as SchemeView['purpose'],
    cycle: s.cycle as SchemeView['cycle'],
    bands: s.bands as SchemeView['bands'],
    blackListLevel: s.blackListLevel as SchemeView['blackListLevel'],
    pointsBySeverity: { minor: s.points.bySeverity.MINOR, general: s.points.bySeverity.GENERAL, serious: s.points.bySeverity.SERIOUS, positive: s.points.bySeverity.POSITIVE },
    pointsByCode: Object.entries(s.points.byCode).map(([code, points]) => ({ code, points })),
    publicity: s.publicity as unknown as Record<string, unknown>,
    outcomes: s.outcomes as unknown as Record<string, unknown>,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
};

const object = (value: unknown, field: string): Record<string, unknown> => {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${field} must be an object`, { field });
  return value as Record<string, unknown>;
};

/** A draft from the input; what it leaves out comes from the built-in defaults. */
function draftFrom(i: SchemeInput): Omit<Scheme, 'version'> {
  const outcomes = object(i.outcomes, 'outcomes');
  return {
    id: i.id.trim(),
    name: i.name.trim(),
    purpose: i.purpose,
    cycle: i.cycle,
    base: i.base,
    bands: i.bands.map((b) => ({ grade: b.grade.trim(), min: b.min ?? null, level: b.level })),
    points: {
      bySeverity: { MINOR: i.pointsBySeverity.minor, GENERAL: i.pointsBySeverity.general, SERIOUS: i.pointsBySeverity.serious, POSITIVE: i.pointsBySeverity.positive },
      byCode: Object.fromEntries(i.pointsByCode.map((p) => [p.code, p.points])),
    },
    publicity: { ...RIZHAO.publicity, ...(object(i.publicity, 'publicity') as Partial<Scheme['publicity']>) },
    retentionYears: i.retentionYears,
    blackListLevel: i.blackListLevel,
    outcomes: {
      approval: { ...RIZHAO.outcomes.approval, ...(object(outcomes.approval, 'outcomes.approval') as Partial<Scheme['outcomes']['approval']>) },
      loan: { ...RIZHAO.outcomes.loan, ...(object(outcomes.loan, 'outcomes.loan') as Partial<Scheme['outcomes']['loan']>) },
      sampling: { ...RIZHAO.outcomes.sampling, ...(object(outcomes.sampling, 'outcomes.sampling') as Partial<Scheme['outcomes']['sampling']>) },
    },
  };
}

const SAMPLE = /* GraphQL */ `
  query SimulationSample($first: Int!, $after: String) {
    merchantsPage(first: $first, after: $after) {
      nodes { uscc name credit { score grade } ${EVENT_LISTS.map((l) => `${l}: ${l.replace('Facts', 'Events')} { ${EVENT_FIELDS} }`).join(' ')} }
      pageInfo { endCursor hasNextPage }
    }
  }
`;

@Resolver(() => Merchant)
export class CreditResolver {
  constructor(
    private readonly rules: Rules,
    private readonly decisions: Decisions,
    private readonly evaluations: Evaluations,
    private readonly graph: GraphClient,
  ) {}

  /** The live judgment: the gateway fetches the four departments' facts, the credit office judges them. */
  @Directive(`@requires(fields: "${REQUIRES}")`)
  // nullable: when a department cannot answer, the judgment alone is refused and the rest of the profile stands
  @FieldResolver(() => CreditAssessment, { nullable: true, description: 'the credit judgment, live; `at` judges as of an earlier date' })
  async credit(
    @Root() m: MerchantWithFacts,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Ctx() ctx: HubContext,
  ): Promise<CreditAssessment> {
    const when = at ?? new Date();
    if (when.getTime() > Date.now() + SKEW_MS) throw badInput('credit can be judged up to now, not in the future', { field: 'at' });
    const events = factsOf(m);
    const [rules, decisions] = await Promise.all([ctx.loaders.load(this.rules.active, 'active'), ctx.loaders.load(this.decisions.ofMerchant, m.uscc)]);
    const input = { events, ...decisions, ...rules, catalogue: CATALOGUE, at: when };
    const a = assess(input);
    // the digest hashes every input: worked out only when asked for (evaluations do; a bank's batch does not)
    return { ...a, uscc: m.uscc, allMeasures: a.measures as AppliedMeasure[], get digest() { return inputsDigest(input); } } as unknown as CreditAssessment;
  }

  @FieldResolver(() => [Objection], { nullable: true, description: "objections to this merchant's records, newest first" })
  async objections(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<Objection[]> {
    return ctx.loaders.load(this.decisions.objectionsOf, m.uscc);
  }

  @FieldResolver(() => [RepairApplication], { nullable: true, description: "repair applications for this merchant's records, newest first" })
  async repairApplications(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<RepairApplication[]> {
    return ctx.loaders.load(this.decisions.repairsOf, m.uscc);
  }

  @FieldResolver(() => CreditSnapshot, { nullable: true, description: 'the assessment kept for an evaluation cycle' })
  async snapshot(@Root() m: Merchant, @Arg('cycle') cycle: string, @Ctx() ctx: HubContext): Promise<CreditSnapshot | null> {
    const s = await ctx.loaders.load(this.evaluations.snapshotOf, JSON.stringify([m.uscc, cycle]));
    return s && { ...s, uscc: m.uscc, scheme: { id: s.schemeId, version: s.schemeVersion } };
  }

  @Mutation(() => Objection, { description: 'the merchant disputes one of its records; it is flagged, and counts until decided' })
  async fileObjection(@Arg('eventId', () => ID) eventId: string, @Arg('reason') reason: string, @Ctx() ctx: HubContext): Promise<Objection> {
    return this.decisions.fileObjection(eventId, reason, ctx);
  }

  @Mutation(() => Objection, { description: 'the owning department (or an administrator) upholds or revokes a disputed record' })
  async decideObjection(
    @Arg('objectionId', () => ID) id: string,
    @Arg('decision', () => ObjectionDecision) decision: ObjectionDecision,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<Objection> {
    return this.decisions.decideObjection(id, decision, note, ctx.principal);
  }

  @Mutation(() => RepairApplication, { description: 'the merchant applies to repair a record after correcting the behaviour' })
  async applyRepair(@Arg('eventId', () => ID) eventId: string, @Arg('statement') statement: string, @Ctx() ctx: HubContext): Promise<RepairApplication> {
    const { scheme } = await ctx.loaders.load(this.rules.active, 'active');
    return this.decisions.applyRepair(eventId, statement, scheme, ctx);
  }

  @Mutation(() => RepairApplication, { description: 'the owning department (or an administrator) approves or rejects a repair' })
  async decideRepair(@Arg('applicationId', () => ID) id: string, @Arg('approve') approve: boolean, @Ctx() ctx: HubContext): Promise<RepairApplication> {
    return this.decisions.decideRepair(id, approve, ctx.principal);
  }

  @Mutation(() => Evaluation, { description: "judges every merchant and keeps the cycle's snapshots (administrators); re-running adds only what is missing" })
  async runEvaluation(@Arg('cycle') cycle: string, @Ctx() ctx: HubContext): Promise<Evaluation> {
    return this.evaluations.run(cycle.trim(), ctx);
  }

  @Query(() => [SchemeView], { description: 'every version of every scheme' })
  async schemes(): Promise<SchemeView[]> {
    return (await this.rules.schemes()).map(schemeView);
  }

  @Query(() => SchemeView, { nullable: true, description: 'one scheme version; the latest when no version is given' })
  async scheme(@Arg('id') id: string, @Arg('version', () => Int, { nullable: true }) version: number | null): Promise<SchemeView | null> {
    const row = await this.rules.scheme(id, version);
    return row && schemeView(row);
  }

  @Mutation(() => SchemeView, { description: 'publishes a new version of a scheme (administrators); earlier versions stay as they were' })
  async publishScheme(@Arg('input') input: SchemeInput, @Ctx() ctx: HubContext): Promise<SchemeView> {
    return schemeView(await this.rules.publish(draftFrom(input), ctx.principal.subject));
  }

  @Query(() => [MeasureDefinition], { description: 'the catalogue of joint reward and punishment measures' })
  async measureCatalogue(@Arg('includeRetired', { defaultValue: false }) includeRetired: boolean): Promise<MeasureDefinition[]> {
    return (await this.rules.measures(includeRetired)).map((m) => m.definition as unknown as MeasureDefinition);
  }

  @Mutation(() => MeasureDefinition, { description: 'adds a measure to the catalogue (administrators); it applies at once' })
  async addMeasure(@Arg('input', () => MeasureDefinition) input: MeasureDefinition, @Ctx() ctx: HubContext): Promise<MeasureDefinition> {
    const m: Measure = { ...input, id: input.id.trim(), trigger: { ...input.trigger } } as Measure;
    return (await this.rules.addMeasure(m, ctx.principal.subject)).definition as unknown as MeasureDefinition;
  }

  @Mutation(() => MeasureDefinition, { description: 'retires a measure (administrators): it stops applying; past decisions keep citing it' })
  async retireMeasure(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<MeasureDefinition> {
    return (await this.rules.retireMeasure(id)).definition as unknown as MeasureDefinition;
  }

  @Query(() => SchemeSimulation, { description: 'how grades would change under a draft scheme, on a sample of merchants; stores nothing' })
  async simulateScheme(
    @Arg('draft') draft: SchemeInput,
    @Arg('sample', () => Int, { defaultValue: 1000 }) sample: number,
    @Ctx() ctx: HubContext,
  ): Promise<SchemeSimulation> {
    if (!Number.isInteger(sample) || sample < 1 || sample > 20_000) throw badInput('sample must be between 1 and 20000 merchants', { field: 'sample' });
    const scheme = this.rules.check({ ...draftFrom(draft), version: 0 });
    // risk classes set inspection sampling; they are never a grade to compare
    if (scheme.purpose !== 'CREDIT_GRADE') throw badInput('only a CREDIT_GRADE scheme can be simulated against the grades', { field: 'draft.purpose' });
    const rules = await ctx.loaders.load(this.rules.active, 'active');
    const at = new Date();
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    const changes: SchemeSimulation['changes'] = [];
    let after_: string | null = null;
    let seen = 0;
    do {
      type Node = MerchantWithFacts & { name: string; credit: { score: number; grade: string } };
      const page: { merchantsPage: { nodes: Node[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await this.graph.request(
        SAMPLE,
        { first: Math.min(500, sample - seen), after: after_ },
        ctx,
      );
      const nodes = page.merchantsPage.nodes;
      const decisions = await Promise.all(nodes.map((n) => ctx.loaders.load(this.decisions.ofMerchant, n.uscc)));
      nodes.forEach((n, i) => {
        const a = assess({ events: factsOf(n), ...decisions[i]!, scheme, riskScheme: rules.riskScheme, measures: rules.measures, catalogue: CATALOGUE, at });
        before.set(n.credit.grade, (before.get(n.credit.grade) ?? 0) + 1);
        after.set(a.grade, (after.get(a.grade) ?? 0) + 1);
        if (a.grade !== n.credit.grade) changes.push({ uscc: n.uscc, name: n.name, gradeBefore: n.credit.grade, gradeAfter: a.grade, scoreBefore: n.credit.score, scoreAfter: a.score });
      });
      seen += nodes.length;
      after_ = page.merchantsPage.pageInfo.hasNextPage && seen < sample ? page.merchantsPage.pageInfo.endCursor : null;
    } while (after_);
    const shares = (m: Map<string, number>) => [...m].map(([grade, count]) => ({ grade, count })).sort((a, b) => (a.grade < b.grade ? -1 : 1));
    return { current: { id: rules.scheme.id, version: rules.scheme.version }, merchants: seen, before: shares(before), after: shares(after), changes };
  }
}

@Resolver(() => CreditAssessment)
export class AssessmentResolver {
  @FieldResolver(() => [AppliedMeasure], { nullable: true, description: 'the joint reward and punishment measures that apply, of one context or all' })
  measures(@Root() a: CreditAssessment, @Arg('context', () => MeasureContext, { nullable: true }) context: MeasureContext | null): AppliedMeasure[] {
    return context ? a.allMeasures.filter((m) => m.context === context) : a.allMeasures;
  }
}

