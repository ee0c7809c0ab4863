import type { MikroORM } from '@mikro-orm/postgresql';
import { catalogueEntry, type Department } from '../../../catalogue';
import type { MeasureContext } from '../../../credit-engine';
import { badInput } from '../../../errors';
import type { MerchantFilter } from '../directory/types';
import { MeasureRecord } from '../rules/entities';
import type { CycleGrades, GradeCount, MeasureCount, StatisticsDimension, ViolationCount } from './types';

const PREFIX = { market: 'MKT-', urban: 'URB-', approval: 'APR-', finance: 'FIN-' } as const;

/** Dashboards' aggregates, over the sums each evaluation leaves (a few thousand rows a cycle, not a row per merchant). */
export class Statistics {
  constructor(private readonly orm: MikroORM) {}

  private async cycleOf(cycle: string | null): Promise<string | null> {
    if (cycle) return cycle;
    const [latest] = await this.orm.em
      .getConnection()
      .execute<{ cycle: string }[]>('select cycle from "credit"."evaluation" where finished_at is not null order by evaluated_at desc limit 1');
    return latest?.cycle ?? null;
  }

  private where(filter: MerchantFilter | null, params: unknown[]): string {
    const clauses: string[] = [];
    for (const key of ['district', 'street', 'trade', 'kind'] as const) {
      const value = filter?.[key];
      if (value) {
        clauses.push(`${key} = ?`);
        params.push(value);
      }
    }
    if (filter?.nameContains) throw badInput('statistics filter by district, street, trade and kind; not by name', { field: 'filter.nameContains' });
    // the latest evaluation's grade, lists and risk class are the directory's filters; statistics count a cycle's grades (groupBy GRADE)
    for (const key of ['grade', 'list', 'riskClass'] as const) {
      if (filter?.[key])
        throw badInput(`statistics filter by district, street, trade and kind; not by ${key}${key === 'grade' ? ' (group by GRADE instead)' : ''}`, {
          field: `filter.${key}`,
        });
    }
    return clauses.map((c) => ` and ${c}`).join('');
  }

  async grades(cycleInput: string | null, groupBy: StatisticsDimension[], filter: MerchantFilter | null): Promise<GradeCount[]> {
    const cycle = await this.cycleOf(cycleInput);
    if (!cycle) return [];
    const dims = [...new Set(groupBy)];
    const params: unknown[] = [cycle];
    const where = this.where(filter, params);
    const cols = dims.join(', ');
    const rows = await this.orm.em
      .getConnection()
      .execute<Record<string, string>[]>(
        `select ${cols ? `${cols}, ` : ''}sum(merchants)::int as count from "credit"."snapshot_summary" where cycle = ?${where}${cols ? ` group by ${cols} order by ${cols}` : ''}`,
        params,
      );
    return rows.map((r) => ({ district: null, street: null, trade: null, kind: null, grade: null, ...r, count: Number(r.count) }));
  }

  async violations(cycleInput: string | null, department: Department | null, first: number): Promise<ViolationCount[]> {
    const cycle = await this.cycleOf(cycleInput);
    if (!cycle) return [];
    const rows = await this.orm.em.getConnection().execute<{ code: string; count: number }[]>(
      `select item as code, merchants as count from "credit"."snapshot_tally"
       where cycle = ? and tally = 'violation' and item like ? order by merchants desc, item limit ?`,
      [cycle, department ? `${PREFIX[department]}%` : '%', first],
    );
    return rows.map((r) => {
      const entry = catalogueEntry(r.code);
      return { code: r.code, title: entry?.title ?? r.code, department: entry?.department ?? 'market', count: Number(r.count) };
    });
  }

  async measures(cycleInput: string | null, context: MeasureContext | null): Promise<MeasureCount[]> {
    const cycle = await this.cycleOf(cycleInput);
    if (!cycle) return [];
    const [rows, catalogue] = await Promise.all([
      this.orm.em
        .getConnection()
        .execute<{ id: string; count: number }[]>(
          `select item as id, merchants as count from "credit"."snapshot_tally" where cycle = ? and tally = 'measure' order by merchants desc, item`,
          [cycle],
        ),
      this.orm.em.fork().find(MeasureRecord, {}, { disableIdentityMap: true }),
    ]);
    const byId = new Map(catalogue.map((m) => [m.id, m.definition]));
    return rows
      .filter((r) => byId.has(r.id) && (!context || byId.get(r.id)!.context === context))
      .map((r) => {
        const m = byId.get(r.id)!;
        return { id: r.id, title: m.title, kind: m.kind, context: m.context, count: Number(r.count) };
      });
  }

  async trend(filter: MerchantFilter | null): Promise<CycleGrades[]> {
    const params: unknown[] = [];
    const where = this.where(filter, params);
    const rows = await this.orm.em
      .getConnection()
      .execute<{ cycle: string; grade: string; count: number }[]>(
        `select cycle, grade, sum(merchants)::int as count from "credit"."snapshot_summary" where true${where} group by cycle, grade order by cycle, grade`,
        params,
      );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
