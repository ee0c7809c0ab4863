import { randomBytes } from 'node:crypto';
import { type MikroORM, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/postgresql';
import { oneByKey, type Batch } from '../../../context';
import { prepared } from '../../../db/batch';
import { timestamp } from '../../../db/timestamp';
import { FactChangeLog } from '../../../events/fact-change';
import { LIST_EFFECTS } from '../../../catalogue/types';
import { badInput, conflict } from '../../../errors';
import { isResidentIdNumber } from '../../../resident-id';
import { MerchantKind, MerchantRecord } from './entities';
import type { DirectoryFilter, Merchant, RegisterMerchantInput } from './types';

interface MerchantRow {
  uscc: string;
  name: string;
  kind: MerchantKind;
  trade: string;
  district: string;
  street: string;
  address: string;
  operator_name: string;
  operator_id_number: string;
  operator_phone: string;
  qr_token: string;
  // the ORM's driver leaves timestamps as PostgreSQL's text
  registered_at: string;
}

const COLUMNS = 'uscc, name, kind, trade, district, street, address, operator_name, operator_id_number, operator_phone, qr_token, registered_at';

const toMerchant = (r: MerchantRow): Merchant => ({
  uscc: r.uscc,
  name: r.name,
  kind: r.kind,
  trade: r.trade,
  district: r.district,
  street: r.street,
  address: r.address,
  // the operator carries the merchant's code, so the policy knows whose personal data it is
  operator: { uscc: r.uscc, name: r.operator_name, idNumber: r.operator_id_number, phone: r.operator_phone },
  qrToken: r.qr_token,
  registeredAt: timestamp(r.registered_at),
});

/** The credit office's merchant directory. */
export class Directory {
  constructor(private readonly orm: MikroORM) {}

  readonly byUscc: Batch<string, Merchant | null> = async (usccs) => oneByKey(usccs, await this.find('uscc', usccs), (m) => m.uscc);

  readonly byQrToken: Batch<string, Merchant | null> = async (tokens) => oneByKey(tokens, await this.find('qr_token', tokens), (m) => m.qrToken);

  /** A page in credit-code order, after the given code. */
  async page(filter: DirectoryFilter | null, after: string | null, first: number): Promise<{ nodes: Merchant[]; hasNextPage: boolean }> {
    const qb = this.matching(filter, after)
      .select('*')
      .orderBy({ uscc: 'asc' })
      .limit(first + 1);
    if (after) qb.andWhere({ uscc: { $gt: after } });
    const rows = (await qb.execute<MerchantRow[]>('all', false)).map(toMerchant);
    return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Plain rows of one prepared statement: every profile reads the directory, and a bank's batch a thousand merchants. */
  private async find(column: 'uscc' | 'qr_token', values: readonly string[]): Promise<Merchant[]> {
    return (await prepared<MerchantRow>(this.orm, `select ${COLUMNS} from "credit"."merchant" where ${column} = any(?)`, [values])).map(toMerchant);
  }

  /** The merchants a page's filter matches: the count is of the same statement as the pages. */
  async count(filter: DirectoryFilter | null): Promise<number> {
    const { count } = await this.matching(filter).count('uscc').execute<{ count: string | number }>('get', false);
    return Number(count);
  }

  /**
   * The directory's rows a filter matches, in one statement: its own columns, and the grade, list and risk class of
   * the latest finished evaluation from that cycle's snapshots (indexed by cycle, grade, list or risk class, then
   * credit code, so a page walks both in the directory's order from where it starts: `after`). No finished
   * evaluation: no cycle, and a grade, list or risk class matches nothing.
   */
  private matching(filter: DirectoryFilter | null, after: string | null = null) {
    const qb = this.orm.em.fork().createQueryBuilder(MerchantRecord, 'm').where(this.where(filter));
    const { grade, grades, list, riskClass } = filter ?? {};
    if (!grade && !grades && !list && !riskClass) return qb;
    const clauses = [
      's.cycle = (select e.cycle from "credit"."evaluation" e where e.finished_at is not null order by e.evaluated_at desc, e.cycle desc limit 1)',
    ];
    const params: string[] = [];
    if (grade) {
      clauses.push('s.grade = ?');
      params.push(grade);
    }
    if (grades) {
      clauses.push(grades.length ? `s.grade in (${grades.map(() => '?').join(', ')})` : 'false');
      params.push(...grades);
    }
    if (riskClass) {
      clauses.push('s.risk_class = ?');
      params.push(riskClass);
    }
    // written as the partial index's own predicate (one per list), so the planner can take it; a value of the enum, never the client's text
    if (list) clauses.push(`s.lists @> '{${LIST_EFFECTS.find((l) => l === list)!}}'::text[]`);
    if (after) {
      clauses.push('s.uscc > ?');
      params.push(after);
    }
    return qb.andWhere(`m.uscc in (select s.uscc from "credit"."snapshot" s where ${clauses.join(' and ')})`, params);
  }

  /** Registers a merchant once; the same registration again returns the entry, a different one is a conflict. */
  async register(input: RegisterMerchantInput): Promise<Merchant> {
    const v = validate(input);
    try {
      // the change feed learns of the new merchant in the same transaction
      await this.orm.em.fork().transactional(async (em) => {
        const r = em.create(MerchantRecord, { ...v, qrToken: randomBytes(16).toString('base64url'), registeredAt: new Date() });
        em.persist(em.create(FactChangeLog, { uscc: r.uscc, eventId: '00000000-0000-0000-0000-000000000000', code: 'REGISTERED' } as FactChangeLog));
      });
      return (await this.find('uscc', [v.uscc]))[0]!;
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
    }
    const [e] = await this.find('uscc', [v.uscc]);
    const { operator: o } = e!;
    const pairs = [
      [e!.name, v.name],
      [e!.kind, v.kind],
      [e!.trade, v.trade],
      [e!.district, v.district],
      [e!.street, v.street],
      [e!.address, v.address],
      [o.name, v.operatorName],
      [o.idNumber, v.operatorIdNumber],
      [o.phone, v.operatorPhone],
    ];
    if (!pairs.every(([a, b]) => a === b)) throw conflict(`credit code ${v.uscc} is already registered (as "${e!.name}")`, { field: 'uscc' });
    return e!;
  }

  private where(filter: DirectoryFilter | null): FilterQuery<MerchantRecord> {
    const f = filter ?? {};
    // no stored value is longer: a longer filter matches nothing, and would only cost the database a scan
    for (const field of ['grade', 'riskClass'] as const) {
      const value = f[field];
      if (value && value.length > GRADE_MAX) throw badInput(`filter.${field} must be at most ${GRADE_MAX} characters`, { field: `filter.${field}` });
    }
    for (const [field, value] of Object.entries(f)) {
      if (typeof value === 'string' && value.length > FILTER_MAX)
        throw badInput(`filter.${field} must be at most ${FILTER_MAX} characters`, { field: `filter.${field}` });
    }
    return {
      ...(f.district ? { district: f.district } : {}),
      ...(f.street ? { street: f.street } : {}),
      ...(f.trade ? { trade: f.trade } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.nameContains ? { name: { $ilike: `%${f.nameContains.replace(/[\\%_]/g, '\\$&')}%` } } : {}),
    };
  }
}

const FILTER_MAX = 200;
/** the snapshot's grade and risk class columns */
const GRADE_MAX = 10;

const text = (value: string, field: string, max: number) => {
  const v = value.trim();
  if (v.length === 0 || v.length > max) throw badInput(`${field} must be 1–${max} characters`, { field });
  return v;
};

function validate(input: RegisterMerchantInput) {
  const entityType = input.uscc[1];
  // under the market regulator (9), the second character says enterprise (1) or individual business (2)
  if (input.uscc[0] === '9') {
    const expected = input.kind === MerchantKind.INDIVIDUAL_BUSINESS ? '2' : '1';
    if (entityType !== expected) {
      throw badInput(`credit code ${input.uscc} is of entity type ${entityType}, which does not match kind ${input.kind}`, { field: 'kind' });
    }
  }
  const idNumber = input.operator.idNumber.trim().toUpperCase();
  if (!isResidentIdNumber(idNumber)) {
    throw badInput('operator.idNumber is not a valid 18-character resident identity number', { field: 'operator.idNumber' });
  }
  const phone = input.operator.phone.replace(/[\s-]/g, '');
  if (!/^(1[3-9]\d{9}|0\d{9,11})$/.test(phone)) throw badInput('operator.phone must be a mainland mobile or landline number', { field: 'operator.phone' });
  return {
    uscc: input.uscc,
    kind: input.kind,
    name: text(input.name, 'name', 200),
    trade: text(input.trade, 'trade', 60),
    district: text(input.district, 'district', 60),
    street: text(input.street, 'street', 60),
    address: text(input.address, 'address', 300),
    operatorName: text(input.operator.name, 'operator.name', 60),
    operatorIdNumber: idNumber,
    operatorPhone: phone,
  };
}
