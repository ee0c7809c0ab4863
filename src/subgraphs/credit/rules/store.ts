import { type MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { CATALOGUE } from '../../../catalogue';
import { BUILT_IN_MEASURES, BUILT_IN_SCHEMES, RIZHAO, schemeProblems, withDefaults, type Measure, type Scheme } from '../../../credit-engine';
import type { Batch } from '../../../context';
import { prepared } from '../../../db/batch';
import { bulkInsert } from '../../../db/bulk';
import { badInput, conflict, notFound } from '../../../errors';
import { MeasureRecord, RulesChange, SchemeVersion } from './entities';
import type { SchemeInput } from './types';

const KNOWN_CODES = new Set(CATALOGUE.map((c) => c.code));
/** how long a process keeps the rules in force: another replica's change reaches it within this time */
export const RULES_TTL_MS = 5000;

export interface ActiveRules {
  scheme: Scheme;
  riskScheme: Scheme;
  measures: Measure[];
}

/** Ships the built-in schemes (version 1) and measures; never overwrites what an administrator changed. */
export async function shipBuiltInRules(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  await bulkInsert(
    conn,
    '"credit"."scheme"',
    BUILT_IN_SCHEMES.map((s) => ({ id: s.id, version: s.version, definition: s, created_by: 'built-in' })),
  );
  await bulkInsert(
    conn,
    '"credit"."measure"',
    BUILT_IN_MEASURES.map((m) => ({ id: m.id, definition: m, created_by: 'built-in' })),
  );
}

/** The credit office's rules as data: versioned schemes and the measures catalogue. */
export class Rules {
  constructor(
    private readonly orm: MikroORM,
    private readonly schemeId: string,
    private readonly riskSchemeId: string,
  ) {}

  private cached: { rules: Promise<ActiveRules>; at: number } | undefined;

  /**
   * The schemes in force and the measures not retired. Kept a few seconds: this process's own changes take
   * effect at once (they drop the copy), another replica's within RULES_TTL_MS.
   */
  readonly active: Batch<'active', ActiveRules> = async (keys) => {
    if (!this.cached || Date.now() - this.cached.at > RULES_TTL_MS) {
      const rules = this.read();
      this.cached = { rules, at: Date.now() };
      // a failed read is tried again by the next request (unless a newer read replaced it already)
      rules.catch(() => {
        if (this.cached?.rules === rules) this.cached = undefined;
      });
    }
    const rules = await this.cached.rules;
    return keys.map(() => rules);
  };

  /** The rules in force in one statement: the latest version of each scheme and the measures not retired. */
  private async read(): Promise<ActiveRules> {
    const latest = 'select definition from "credit"."scheme" where id = ? order by version desc limit 1';
    const [row] = await prepared<{ scheme: Scheme | null; riskScheme: Scheme | null; measures: Measure[] | null }>(
      this.orm,
      `select (${latest}) as scheme, (${latest}) as "riskScheme",
         (select json_agg(definition order by id) from "credit"."measure" where retired_at is null) as measures`,
      [this.schemeId, this.riskSchemeId],
    );
    const { scheme, riskScheme, measures } = row!;
    if (!scheme || !riskScheme) throw notFound(`no scheme "${scheme ? this.riskSchemeId : this.schemeId}"`);
    if (scheme.purpose !== 'CREDIT_GRADE') throw new Error(`CREDIT_SCHEME ${this.schemeId} sets risk classes; it cannot be the public grade`);
    return { scheme: withDefaults(scheme), riskScheme: withDefaults(riskScheme), measures: measures ?? [] };
  }

  /** The latest version of the scheme that sets the public grade, read now. */
  creditScheme(): Promise<Scheme> {
    return this.latest(this.schemeId);
  }

  async latest(id: string): Promise<Scheme> {
    const row = await this.orm.em.fork().findOne(SchemeVersion, { id }, { orderBy: { version: 'desc' }, disableIdentityMap: true });
    if (!row) throw notFound(`no scheme "${id}"`);
    return withDefaults(row.definition);
  }

  async schemes(): Promise<SchemeVersion[]> {
    return (await this.orm.em.fork().find(SchemeVersion, {}, { orderBy: { id: 'asc', version: 'asc' }, disableIdentityMap: true })).map(complete);
  }

  async scheme(id: string, version: number | null): Promise<SchemeVersion | null> {
    // an argument left out arrives undefined
    const where = version === null || version === undefined ? { id } : { id, version };
    const row = await this.orm.em.fork().findOne(SchemeVersion, where, { orderBy: { version: 'desc' }, disableIdentityMap: true });
    return row && complete(row);
  }

  /** Checks a draft; a scheme that cannot be used is refused with every problem named. */
  check(draft: Scheme): Scheme {
    const problems = schemeProblems(draft, KNOWN_CODES);
    if (problems.length) throw badInput(`the scheme cannot be used: ${problems.join('; ')}`, { field: 'scheme', problems });
    return draft;
  }

  /** Publishes a draft as the next version of its id; earlier versions stay as they were. */
  async publish(draft: Omit<Scheme, 'version'>, by: string | null): Promise<SchemeVersion> {
    const current = await this.scheme(draft.id, null);
    if (current && current.definition.purpose !== draft.purpose) {
      throw badInput(`scheme ${draft.id} is a ${current.definition.purpose} scheme; a new version cannot change its purpose`, { field: 'purpose' });
    }
    const scheme = this.check({ ...draft, version: (current?.version ?? 0) + 1 });
    const em = this.orm.em.fork();
    const row = em.create(SchemeVersion, { id: scheme.id, version: scheme.version, definition: scheme, createdAt: new Date(), createdBy: by });
    // the version and its line in the rules' change log commit together
    em.persist(em.create(RulesChange, { change: `scheme ${scheme.id} version ${scheme.version} published` } as RulesChange));
    try {
      await em.persistAndFlush(row);
      this.cached = undefined;
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw conflict(`version ${scheme.version} of ${scheme.id} was published meanwhile; publish again on top of it`);
      }
      throw e;
    }
    return row;
  }

  async measures(includeRetired: boolean): Promise<MeasureRecord[]> {
    return this.orm.em.fork().find(MeasureRecord, includeRetired ? {} : { retiredAt: null }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  /** Adds a measure; it applies from the next assessment on. */
  async addMeasure(m: Measure, by: string | null): Promise<MeasureRecord> {
    if (!/^[A-Z0-9][A-Z0-9-]{1,59}$/.test(m.id)) throw badInput('measure id must be 2–60 upper-case letters, digits or dashes', { field: 'id' });
    for (const [field, value] of [
      ['title', m.title],
      ['department', m.department],
      ['legalBasis', m.legalBasis],
    ] as const) {
      if (!value.trim() || value.length > 500) throw badInput(`${field} must be 1–500 characters`, { field });
    }
    const t = m.trigger;
    if (!t.levels?.length && !t.lists?.length && !t.codes?.length) throw badInput('a measure needs a trigger: levels, lists or codes', { field: 'trigger' });
    const unknown = (t.codes ?? []).filter((c) => !KNOWN_CODES.has(c));
    if (unknown.length) throw badInput(`not catalogue codes: ${unknown.join(', ')}`, { field: 'trigger.codes' });
    // the measure and its line in the rules' change log are written by one statement
    const { rowCount: inserted } = await this.orm.em
      .getConnection()
      .getKnex()
      .raw(
        `with added as (insert into "credit"."measure" (id, definition, created_by) values (?, ?::json, ?) on conflict (id) do nothing returning id)
         insert into "credit"."rules_change" (change) select 'measure ' || id || ' added' from added`,
        [m.id, JSON.stringify(m), by],
      );
    if (!inserted) throw conflict(`measure ${m.id} exists already; retire it and add a new one to change it`);
    this.cached = undefined;
    return (await this.orm.em.fork().findOneOrFail(MeasureRecord, { id: m.id }))!;
  }

  async retireMeasure(id: string): Promise<MeasureRecord> {
    const em = this.orm.em.fork();
    const row = await em.findOne(MeasureRecord, { id });
    if (!row) throw notFound(`no measure ${id}`);
    if (row.retiredAt) throw conflict(`measure ${id} was retired on ${row.retiredAt.toISOString().slice(0, 10)}`);
    row.retiredAt = new Date();
    em.persist(em.create(RulesChange, { change: `measure ${id} retired` } as RulesChange));
    await em.flush();
    this.cached = undefined;
    return row;
  }
}

/** A stored version as the engine reads it: what an older version did not say, from the defaults. */
const complete = (row: SchemeVersion): SchemeVersion => Object.assign(row, { definition: withDefaults(row.definition) });

const object = (value: unknown, field: string): Record<string, unknown> => {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${field} must be an object`, { field });
  return value as Record<string, unknown>;
};

/** A draft from the input; what it leaves out comes from the built-in defaults. */
export function draftFrom(i: SchemeInput): Omit<Scheme, 'version'> {
  const outcomes = object(i.outcomes, 'outcomes');
  return {
    id: i.id.trim(),
    name: i.name.trim(),
    purpose: i.purpose,
    cycle: i.cycle,
    base: i.base,
    bands: i.bands.map((b) => ({ grade: b.grade.trim(), min: b.min ?? null, level: b.level })),
    points: {
      bySeverity: {
        MINOR: i.pointsBySeverity.minor,
        GENERAL: i.pointsBySeverity.general,
        SERIOUS: i.pointsBySeverity.serious,
        POSITIVE: i.pointsBySeverity.positive,
      },
      byCode: Object.fromEntries(i.pointsByCode.map((p) => [p.code, p.points])),
    },
    publicity: { ...RIZHAO.publicity, ...(object(i.publicity, 'publicity') as Partial<Scheme['publicity']>) },
    retentionYears: i.retentionYears,
    blackListLevel: i.blackListLevel,
    redListLevels: i.redListLevels,
    outcomes: {
      approval: { ...RIZHAO.outcomes.approval, ...(object(outcomes.approval, 'outcomes.approval') as Partial<Scheme['outcomes']['approval']>) },
      loan: { ...RIZHAO.outcomes.loan, ...(object(outcomes.loan, 'outcomes.loan') as Partial<Scheme['outcomes']['loan']>) },
      sampling: { ...RIZHAO.outcomes.sampling, ...(object(outcomes.sampling, 'outcomes.sampling') as Partial<Scheme['outcomes']['sampling']>) },
    },
  };
}
