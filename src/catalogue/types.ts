export const DEPARTMENTS = ['market', 'urban', 'approval', 'finance'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** The mutation by which a department records its events: `recordMarketEvent`, … */
export const recordMutation = (department: string) => `record${department[0]!.toUpperCase()}${department.slice(1)}Event`;
export const CATALOGUE_KINDS = ['NEGATIVE', 'POSITIVE'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
export const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS', 'POSITIVE'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** RED: an honour (red list) trigger; BLACK: a black-list trigger */
export const LIST_EFFECTS = ['RED', 'BLACK'] as const;
export type ListEffect = (typeof LIST_EFFECTS)[number];

export interface CatalogueEntry {
  code: string;
  department: Department;
  /** in English; CATEGORY_LABELS (./labels) has it in both languages */
  category: string;
  /** the behaviour in English */
  title: string;
  /** the behaviour in Chinese (the official term where there is one) */
  titleZh: string;
  kind: CatalogueKind;
  severity: Severity;
  listEffect: ListEffect | null;
  legalBasis: string;
}
