import type { Random } from './random';

export interface DemoMerchant {
  /** position in the city, 0-based: stable across runs of the same seed */
  index: number;
  uscc: string;
  name: string;
  kind: 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS';
  trade: string;
  district: string;
  street: string;
  address: string;
  operator: { name: string; idNumber: string; phone: string };
  openedAt: Date;
  /** hidden propensity, 0 exemplary … 1 persistently dishonest: how much trouble each department records */
  risk: number;
}

/** Rows for a department's tables, keyed by table name, columns in snake_case as stored. */
export type DemoRows = Record<string, Record<string, unknown>[]>;

/** How a department's demo facts about one merchant come about. */
export interface DepartmentDemo {
  facts(merchant: DemoMerchant, rng: Random, today: Date): DemoRows;
}
