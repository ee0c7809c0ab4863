import { registerEnumType } from 'type-graphql';
import { CONSENT_PURPOSES } from './auth/purpose';
import { CATALOGUE_KINDS, DEPARTMENTS, LIST_EFFECTS, SEVERITIES, type Department as DepartmentValue } from './catalogue/types';
import { APPROVAL_MODES, EVENT_STATUSES, LEVELS, LOAN_SPEEDS, MEASURE_CONTEXTS, MEASURE_KINDS, SCHEME_CYCLES, SCHEME_PURPOSES } from './credit-engine/types';

/**
 * The domain's words as GraphQL enums, each registered once from the catalogue's and the engine's own constant
 * arrays: a GraphQL class types its field with the engine's type (`level!: Level`) and no value is converted.
 */
type EnumOf<T extends string> = { readonly [K in T]: K };

function graphqlEnum<T extends string>(
  values: readonly T[],
  name: string,
  description?: string,
  valuesConfig?: Partial<Record<T, { description: string }>>,
): EnumOf<T> {
  const e = Object.fromEntries(values.map((v) => [v, v])) as EnumOf<T>;
  registerEnumType(e, { name, description, valuesConfig });
  return e;
}

/** GraphQL names a department in capitals (`MARKET`); its value inside the hub is the catalogue's (`market`). */
export const Department = Object.fromEntries(DEPARTMENTS.map((d) => [d.toUpperCase(), d])) as { readonly [K in DepartmentValue as Uppercase<K>]: K };
registerEnumType(Department, { name: 'Department', description: 'A department that records credit information.' });

export const CatalogueKind = graphqlEnum(CATALOGUE_KINDS, 'CatalogueKind');
export const Severity = graphqlEnum(SEVERITIES, 'Severity');
export const ListEffect = graphqlEnum(LIST_EFFECTS, 'ListEffect', 'RED: an honour (red list) trigger; BLACK: a black-list trigger');
export const Level = graphqlEnum(LEVELS, 'Level', 'the canonical level a grade stands for, on which measures and outcomes are defined (A best)');
export const SchemePurpose = graphqlEnum(SCHEME_PURPOSES, 'SchemePurpose', 'CREDIT_GRADE: a public grade; RISK_CLASS: internal inspection risk classes');
export const SchemeCycle = graphqlEnum(SCHEME_CYCLES, 'SchemeCycle');
export const MeasureKind = graphqlEnum(MEASURE_KINDS, 'MeasureKind');
export const MeasureContext = graphqlEnum(MEASURE_CONTEXTS, 'MeasureContext', 'where a measure is applied');
export const CreditEventStatus = graphqlEnum(EVENT_STATUSES, 'CreditEventStatus');
export const ApprovalMode = graphqlEnum(APPROVAL_MODES, 'ApprovalMode', undefined, {
  GREEN_CHANNEL: { description: 'approval by trust: green channel, simplified procedure' },
  TOLERANCE_ACCEPTANCE: { description: 'accepted with missing documents (容缺受理)' },
  COMMITMENT: { description: 'a credit commitment may replace a document (告知承诺)' },
  STANDARD: { description: 'the standard procedure, every document required' },
  RESTRICTED: { description: 'joint punishment: restricted' },
});
export const LoanSpeed = graphqlEnum(LOAN_SPEEDS, 'LoanSpeed', 'how fast a bank lends (放贷速度), fastest first', {
  FAST_TRACK: { description: 'lent on a fast track (快速放贷)' },
  STANDARD: { description: 'lent at the ordinary pace' },
  CAUTIOUS: { description: 'lent after a closer review (审慎放贷)' },
  NONE: { description: 'not lent' },
});
export const ConsentPurpose = graphqlEnum(CONSENT_PURPOSES, 'ConsentPurpose', 'what a merchant lets a bank read its credit for', {
  LOAN_REVIEW: { description: 'reviewing a loan application (贷款审查)' },
  POST_LOAN_MONITORING: { description: 'following a loan granted (贷后管理)' },
  CONTRACT_CHECK: { description: 'a credit check before signing a contract (签约信用核查)' },
});
