import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { CATALOGUE, catalogueEntry, DEPARTMENTS } from '../../../catalogue';
import { assess, inputsDigest, recordDateProblem, type FactEvent, type MeasureContext } from '../../../credit-engine';
import type { HubContext } from '../../../context';
import { badInput, CodedError, unavailable } from '../../../errors';
import type { GraphClient } from '../../../graph-client';
import * as vocabulary from '../../../vocabulary';
import type { Decisions } from '../decisions/store';
import { Merchant } from '../directory/types';
import { draftFrom, type Rules } from '../rules/store';
import { SchemeInput } from '../rules/types';
import { AppliedMeasure, CreditAssessment, SchemeSimulation } from './types';

/** every department's facts, which the judgment @requires: a new department's too */
const EVENT_LISTS = DEPARTMENTS.map((d) => `${d}Facts` as const);
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
        // a representation names the department as GraphQL writes it ('MARKET')
        department: e.department.toLowerCase() as FactEvent['department'],
        // ISO 8601 as the departments' DateTime wrote it
        occurredAt: new Date(e.occurredAt),
        endedAt: e.endedAt ? new Date(e.endedAt) : null,
        status: e.status,
      };
      const problem = factProblem(fact, now);
      // one record the judge cannot read refuses this merchant's judgment alone, naming the record
      if (problem)
        throw new CodedError('RECORD_INVALID', `credit cannot be judged: the ${fact.department} record ${fact.id} ${problem}; the department must correct it`, {
          department: fact.department,
          recordId: fact.id,
        });
      return fact;
    }),
  );
}

/** What makes a stored fact unfit to judge (written past the API's checks, or by an older version), or null. */
function factProblem(f: FactEvent, now: number): string | null {
  if (!catalogueEntry(f.code)) return `has the code "${f.code}", which the catalogue does not know`;
  return recordDateProblem(f.occurredAt, 'occurredAt', now) ?? (f.endedAt && f.endedAt < f.occurredAt ? 'ended before it began' : null);
}

const SAMPLE = /* GraphQL */ `
  query SimulationSample($first: Int!, $after: String) {
    merchantsPage(first: $first, after: $after) {
      nodes { uscc name credit { score grade } ${EVENT_LISTS.map((l) => `${l}: ${l.replace('Facts', 'Events')} { ${EVENT_FIELDS} }`).join(' ')} }
      pageInfo { endCursor hasNextPage }
    }
  }
`;

/** The credit judgment of a merchant, live, and what a draft scheme would make of it. */
@Resolver(() => Merchant)
export class JudgmentResolver {
  constructor(
    private readonly rules: Rules,
    private readonly decisions: Decisions,
    private readonly graph: GraphClient,
  ) {}

  /** The live judgment: the gateway fetches the four departments' facts, the credit office judges them. */
  @Directive(`@requires(fields: "${REQUIRES}")`)
  // nullable: when a department cannot answer, the judgment alone is refused and the rest of the profile stands
  @FieldResolver(() => CreditAssessment, { nullable: true, description: 'the credit judgment, live; `at` judges as of an earlier date' })
  async credit(@Root() m: MerchantWithFacts, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: HubContext): Promise<CreditAssessment> {
    const when = at ?? new Date();
    if (when.getTime() > Date.now() + SKEW_MS) throw badInput('credit can be judged up to now, not in the future', { field: 'at' });
    const events = factsOf(m);
    const [rules, decisions] = await Promise.all([ctx.loaders.load(this.rules.active, 'active'), ctx.loaders.load(this.decisions.ofMerchant, m.uscc)]);
    const input = { events, ...decisions, ...rules, catalogue: CATALOGUE, at: when };
    const a = assess(input);
    // the digest hashes every input: worked out only when asked for (evaluations do; a bank's batch does not)
    return {
      ...a,
      uscc: m.uscc,
      get digest() {
        return inputsDigest(input);
      },
    };
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
        if (a.grade !== n.credit.grade)
          changes.push({ uscc: n.uscc, name: n.name, gradeBefore: n.credit.grade, gradeAfter: a.grade, scoreBefore: n.credit.score, scoreAfter: a.score });
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
  measures(@Root() a: CreditAssessment, @Arg('context', () => vocabulary.MeasureContext, { nullable: true }) context: MeasureContext | null): AppliedMeasure[] {
    return context ? a.measures.filter((m) => m.context === context) : a.measures;
  }
}
