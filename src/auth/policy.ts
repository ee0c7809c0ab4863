import { isDeepStrictEqual } from 'node:util';
import type { Department } from '../catalogue/types';

/** Who reads, relative to the merchant the data is about. Every signed-in reader is also the public. */
export const AUDIENCES = ['public', 'self', 'approval_clerk', 'bank_officer', 'own_department', 'other_department', 'admin'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * allow: in full; masked: the shape without the middle (`张*`); consent: a bank officer whose organisation the
 * merchant has granted a valid consent; disclosable: only the records the public may see. Absent: refused.
 */
export type Access = 'allow' | 'masked' | 'consent' | 'disclosable';
export type Row = Readonly<Partial<Record<Audience, Access>>>;

export interface FieldRule {
  row: Row;
  /** the departments that are "own" for this data; `record`: the department of the record itself */
  owner?: readonly Department[] | 'record';
  /** readable by whoever may read the field that leads here (a record's summary): never refused alone */
  withParent?: true;
  /** an input of the credit office, or the decisions it hands the departments (@inaccessible): read only by the gateway's fetches for a @requires, never by a reader */
  forCreditOffice?: true;
}

/** Types whose fields are guarded by the field that leads to them (an assessment's outcomes, a page's nodes). */
export const INHERIT = 'inherit' as const;
export type TypePolicy = typeof INHERIT | Readonly<Record<string, FieldRule>>;
/** Who may read each field of the types a subgraph serves (a slice), or of the whole graph (the merged table). */
export type PolicyTable = Readonly<Record<string, TypePolicy>>;

// the rows of DESIGN.md's default table
export const EVERYONE: Row = {
  public: 'allow',
  self: 'allow',
  approval_clerk: 'allow',
  bank_officer: 'allow',
  own_department: 'allow',
  other_department: 'allow',
  admin: 'allow',
};
export const PERSONAL: Row = {
  self: 'allow',
  approval_clerk: 'masked',
  bank_officer: 'masked',
  own_department: 'allow',
  other_department: 'masked',
  admin: 'allow',
};
export const SCORE: Row = {
  self: 'allow',
  approval_clerk: 'allow',
  bank_officer: 'consent',
  own_department: 'allow',
  other_department: 'allow',
  admin: 'allow',
};
export const APPROVAL_OUTCOME: Row = { self: 'allow', approval_clerk: 'allow', own_department: 'allow', other_department: 'allow', admin: 'allow' };
export const LOAN_OUTCOME: Row = { self: 'allow', bank_officer: 'consent', own_department: 'allow', admin: 'allow' };
export const INSPECTION_OUTCOME: Row = { own_department: 'allow', admin: 'allow' };
export const SELF_AND_ADMIN: Row = { self: 'allow', admin: 'allow' };
export const ADMIN: Row = { admin: 'allow' };
export const DEPARTMENT_AND_ADMIN: Row = { own_department: 'allow', admin: 'allow' };
export const BANK: Row = { bank_officer: 'allow' };
/** a merchant acting on its own records (the resolver checks the record is its own) */
export const MERCHANT: Row = { self: 'allow' };
/** the credit office's layer over a merchant's records: the merchant, the departments that decide, admin */
export const DECISIONS: Row = { self: 'allow', own_department: 'allow', admin: 'allow' };

export const everyone: FieldRule = { row: EVERYONE };
/** the credit office's inputs (the judge's copy of the facts, each department's trail of reads), reachable only inside the graph */
export const forCreditOffice: FieldRule = { row: {}, forCreditOffice: true };
/** who may read a merchant's merged access log; a department hands its trail over only to them */
export const accessLogReaders: FieldRule = { row: SELF_AND_ADMIN };

export const fields = (names: string, rule: FieldRule) =>
  Object.fromEntries(
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, rule]),
  );
/** types guarded by the field that leads to them */
export const inherit = (types: string): Readonly<Record<string, typeof INHERIT>> =>
  Object.fromEntries(
    types
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => [t, INHERIT]),
  );

/**
 * A department's detailed records: the list on Merchant, and each record's fields in three tiers —
 * summary (code, date, status: what approval clerks and other departments see), detail (what the public sees
 * of a disclosable record), internal (the merchant, its department, a consented bank for finance, admin).
 */
export function records(owner: Department, o: { disclosable: boolean; summary: string; detail?: string; internal?: string }) {
  const bank: Row = owner === 'finance' ? { bank_officer: 'consent' } : {};
  const list: FieldRule = {
    owner: [owner],
    row: {
      ...(o.disclosable ? { public: 'disclosable' } : {}),
      self: 'allow',
      approval_clerk: 'allow',
      ...bank,
      own_department: 'allow',
      other_department: 'allow',
      admin: 'allow',
    },
  };
  const pub: Row = o.disclosable ? { public: 'allow' } : {};
  const item = (row: Row): FieldRule => ({ owner: [owner], row: { ...row, ...bank, self: 'allow', own_department: 'allow', admin: 'allow' } });
  return {
    list,
    fields: {
      ...fields(o.summary, { ...item({ ...pub, approval_clerk: 'allow', other_department: 'allow' }), withParent: true }),
      ...fields(o.detail ?? '', item(pub)),
      ...fields(o.internal ?? '', item({})),
    },
  };
}

/**
 * A worklist's lists, in each subgraph that adds one: the merchant reads its own items, a department the items it must
 * deal with ("own" is the worklist's department), an administrator all; the resolvers keep each list to its scope.
 */
export const worklistPolicy = (lists: string): PolicyTable => ({
  Worklist: { ...fields('department uscc', everyone), ...fields(lists, { owner: 'record', row: DECISIONS }) },
  ...inherit('WorkItem'),
});

/** CreditEvent is shared by the four departments: "own" is the department that recorded it; a bank's consent covers finance's */
const creditEvent = (row: Row): FieldRule => ({
  owner: 'record',
  row: { ...row, bank_officer: 'consent', self: 'allow', own_department: 'allow', admin: 'allow' },
});

/** The shared shape of a department's fact, which every department serves and the credit office reads. */
export const CREDIT_EVENT: TypePolicy = {
  ...fields('id uscc code department occurredAt endedAt status', {
    ...creditEvent({ public: 'allow', approval_clerk: 'allow', other_department: 'allow' }),
    withParent: true,
  }),
  summary: creditEvent({ public: 'allow' }),
  ...fields('evidenceUrl sourceRecordId recordedAt', creditEvent({})),
};

/**
 * One table from the subgraphs' slices, in their order: a type several subgraphs serve gets each one's fields.
 * Two slices may name the same field only with the same rule; a type is guarded by the field that leads to it
 * everywhere or nowhere.
 */
export function mergePolicies(slices: readonly PolicyTable[]): PolicyTable {
  const merged: Record<string, TypePolicy> = {};
  for (const slice of slices) {
    for (const [type, policy] of Object.entries(slice)) {
      const known = merged[type];
      if (known === undefined) merged[type] = policy;
      else if (known === INHERIT || policy === INHERIT) {
        if (known !== policy) throw new Error(`the policy table's slices disagree on whether ${type} is guarded by the field that leads to it`);
      } else {
        const rules = { ...known };
        for (const [field, rule] of Object.entries(policy)) {
          if (rules[field] && !isDeepStrictEqual(rules[field], rule)) throw new Error(`the policy table's slices give ${type}.${field} different rules`);
          rules[field] ??= rule;
        }
        merged[type] = rules;
      }
    }
  }
  return merged;
}
