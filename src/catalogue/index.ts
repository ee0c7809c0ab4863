import { CATALOGUE } from './entries';
import type { CatalogueEntry, Department } from './types';

export * from './types';
export * from './labels';
export { CATALOGUE };

const byCode = new Map(CATALOGUE.map((e) => [e.code, e]));

export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return byCode.get(code);
}

/** The entries of one department or all, in a new array of the caller's. */
export function catalogueOf(department?: Department | null): CatalogueEntry[] {
  return department ? CATALOGUE.filter((e) => e.department === department) : [...CATALOGUE];
}
