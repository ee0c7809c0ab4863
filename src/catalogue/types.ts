export const DEPARTMENTS = ['market', 'urban', 'approval', 'finance'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** The mutation by which a department records its events: `recordMarketEvent`, … */
export const recordMutation = (department: string) => `record${department[0]!.toUpperCase()}${department.slice(1)}Event`;
export type CatalogueKind = 'NEGATIVE' | 'POSITIVE';
export type Severity = 'MINOR' | 'GENERAL' | 'SERIOUS' | 'POSITIVE';
export type ListEffect = 'RED' | 'BLACK';

export interface CatalogueEntry {
  code: string;
  department: Department;
  category: string;
  title: string;
  kind: CatalogueKind;
  severity: Severity;
  listEffect: ListEffect | null;
  legalBasis: string;
}
