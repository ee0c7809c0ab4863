import { CATALOGUE } from './entries';
import type { CatalogueEntry, Department } from './types';

export * from './types';
export { CATALOGUE };

const byCode = new Map(CATALOGUE.map((e) => [e.code, e]));

export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return byCode.get(code);
}

export function catalogueOf(department?: Department | null): readonly CatalogueEntry[] {
  return department ? CATALOGUE.filter((e) => e.department === department) : CATALOGUE;
}
