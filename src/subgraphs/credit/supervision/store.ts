import { randomBytes, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../../../auth/principal';
import { oneByKey, type Batch } from '../../../context';
import { drawForInspection, populationDigest, type ClassShare, type DrawCandidate, type Scheme } from '../../../credit-engine';
import { timestamp } from '../../../db/timestamp';
import { badInput, conflict, MALFORMED_TEXT } from '../../../errors';
import type { DrawnClassRow, InspectionDrawRecord } from './entities';
import type { ClassShareInput, InspectionDrawInput } from './types';

interface DrawRow {
  id: string;
  task: string;
  seed: string;
  classes: DrawnClassRow[];
  cycle: string;
  population_as_of: string;
  population_digest: string;
  drawn_at: string;
  drawn_by: string;
}

const toDraw = (r: DrawRow): InspectionDrawRecord => ({
  id: r.id,
  task: r.task,
  seed: r.seed,
  classes: r.classes,
  cycle: r.cycle,
  populationAsOf: timestamp(r.population_as_of),
  populationDigest: r.population_digest,
  drawnAt: timestamp(r.drawn_at),
  drawnBy: r.drawn_by,
});

const DRAW = '"credit"."inspection_draw"';
const SERIALIZATION_FAILURE = '40001';
const MEMBER = '"credit"."inspection_draw_member"';

/** Market supervision's "double random" draws: drawn by risk class from the latest finished evaluation, kept, re-checked. */
export class Supervision {
  constructor(private readonly orm: MikroORM) {}

  private get knex() {
    return this.orm.em.getConnection().getKnex();
  }

  readonly byId: Batch<string, InspectionDrawRecord | null> = async (ids) => {
    const { rows } = await this.knex.raw<{ rows: DrawRow[] }>(`select * from ${DRAW} where id = any(?::uuid[])`, [[...ids]]);
    return oneByKey(ids, rows.map(toDraw), (d) => d.id);
  };

  /**
   * Draws for a task from the latest finished evaluation's risk classes, and keeps the draw with its population, in one
   * transaction that sees one state of the snapshots. The same task again returns its draw; with another seed or shares, CONFLICT.
   */
  async draw(input: InspectionDrawInput, riskScheme: Scheme, principal: Principal): Promise<InspectionDrawRecord> {
    const task = input.task.trim();
    if (task.length === 0 || task.length > 100 || MALFORMED_TEXT.test(task)) throw badInput('task must be 1–100 characters', { field: 'task' });
    const seed = input.seed ?? randomBytes(16).toString('hex');
    if (seed.length === 0 || seed.length > 200 || MALFORMED_TEXT.test(seed)) throw badInput('seed must be 1–200 characters', { field: 'seed' });
    const shares = sharesOf(input.shares ?? null, riskScheme);
    const earlier = await this.byTask(task, input, shares);
    if (earlier) return earlier;

    const kept = await this.knex
      .transaction(
        async (trx) => {
          const [evaluation] = (
            await trx.raw<{ rows: { cycle: string; evaluated_at: string }[] }>(
              `select cycle, evaluated_at from "credit"."evaluation" where finished_at is not null order by evaluated_at desc, cycle desc limit 1`,
            )
          ).rows;
          if (!evaluation) throw badInput('no evaluation has finished: the risk classes to draw by come from the latest finished one');
          const { rows: snapshots } = await trx.raw<{ rows: { uscc: string; risk_class: string | null }[] }>(
            `select uscc, risk_class from "credit"."snapshot" where cycle = ? and (risk_class = any(?) or risk_class is null) order by uscc`,
            [evaluation.cycle, shares.map((s) => s.riskClass)],
          );
          const unclassed = snapshots.filter((s) => s.risk_class === null).length;
          if (unclassed)
            throw badInput(`the evaluation of cycle ${evaluation.cycle} kept no risk class for ${unclassed} merchants: evaluate that cycle again first`);
          const population: DrawCandidate[] = snapshots.map((s) => ({ uscc: s.uscc, riskClass: s.risk_class! }));
          const drawn = drawForInspection(population, shares, seed);
          const classes: DrawnClassRow[] = shares.map(({ riskClass, share }) => ({
            riskClass,
            share,
            population: population.filter((c) => c.riskClass === riskClass).length,
            drawn: drawn.filter((c) => c.riskClass === riskClass).length,
          }));
          const id = randomUUID();
          const { rows: inserted } = await trx.raw<{ rows: { id: string }[] }>(
            `insert into ${DRAW} (id, task, seed, classes, cycle, population_as_of, population_digest, drawn_at, drawn_by)
           values (?, ?, ?, ?::jsonb, ?, ?, ?, now(), ?) on conflict (task) do nothing returning id`,
            [id, task, seed, JSON.stringify(classes), evaluation.cycle, evaluation.evaluated_at, populationDigest(population), principal.subject ?? 'unknown'],
          );
          if (inserted.length === 0) return null;
          // the population from the same snapshots read above (one state of them), the drawn ones marked
          await trx.raw(
            `insert into ${MEMBER} (draw_id, uscc, risk_class, drawn)
           select ?, uscc, risk_class, uscc = any(?) from "credit"."snapshot" where cycle = ? and risk_class = any(?)`,
            [id, drawn.map((c) => c.uscc), evaluation.cycle, shares.map((s) => s.riskClass)],
          );
          return id;
        },
        { isolationLevel: 'repeatable read' },
      )
      // the same task drawn at once, by a transaction that committed while this one read: the task has its draw
      .catch((e: { code?: string }) => {
        if (e.code === SERIALIZATION_FAILURE) return null;
        throw e;
      });
    // a draw of the same task that committed first is the task's draw
    return (await this.byTask(task, kept ? null : input, shares))!;
  }

  /** The task's draw, if it was drawn; asked again with another seed or shares, a CONFLICT. */
  private async byTask(task: string, asked: InspectionDrawInput | null, shares: readonly ClassShare[]): Promise<InspectionDrawRecord | null> {
    const { rows } = await this.knex.raw<{ rows: DrawRow[] }>(`select * from ${DRAW} where task = ?`, [task]);
    if (!rows[0]) return null;
    const draw = toDraw(rows[0]);
    const sameShares = JSON.stringify(draw.classes.map(({ riskClass, share }) => ({ riskClass, share }))) === JSON.stringify(shares);
    if (asked && ((asked.seed != null && asked.seed !== draw.seed) || (asked.shares != null && !sameShares)))
      throw conflict(`task "${task}" was drawn already (draw ${draw.id}), with another seed or shares: a task is drawn once`, { field: 'task' });
    return draw;
  }

  /** A page of the merchants a draw drew, in credit-code order after `after` (its partial index walks them). */
  async drawnPage(drawId: string, after: string | null, first: number): Promise<{ nodes: DrawCandidate[]; hasNextPage: boolean }> {
    const { rows } = await this.knex.raw<{ rows: { uscc: string; risk_class: string }[] }>(
      `select uscc, risk_class from ${MEMBER} where draw_id = ? and drawn and uscc > ? order by uscc limit ?`,
      [drawId, after ?? '', first + 1],
    );
    return { nodes: rows.slice(0, first).map((r) => ({ uscc: r.uscc, riskClass: r.risk_class })), hasNextPage: rows.length > first };
  }

  /**
   * Draws again from the population a draw kept, with its seed or another, and compares: the merchants drawn, the
   * population's digest, and the population's risk classes against its cycle's snapshots.
   */
  async check(draw: InspectionDrawRecord, seed: string): Promise<{ populationAsKept: boolean; keptOnly: string[]; redrawnOnly: string[] }> {
    const { rows } = await this.knex.raw<{ rows: { uscc: string; risk_class: string; drawn: boolean; snapshot_class: string | null }[] }>(
      `select m.uscc, m.risk_class, m.drawn, s.risk_class as snapshot_class
       from ${MEMBER} m left join "credit"."snapshot" s on s.cycle = ? and s.uscc = m.uscc
       where m.draw_id = ? order by m.uscc`,
      [draw.cycle, draw.id],
    );
    const population = rows.map((r) => ({ uscc: r.uscc, riskClass: r.risk_class }));
    const redrawn = new Set(drawForInspection(population, draw.classes, seed).map((c) => c.uscc));
    const kept = new Set(rows.filter((r) => r.drawn).map((r) => r.uscc));
    return {
      populationAsKept: populationDigest(population) === draw.populationDigest && rows.every((r) => r.snapshot_class === r.risk_class),
      keptOnly: [...kept].filter((u) => !redrawn.has(u)),
      redrawnOnly: [...redrawn].filter((u) => !kept.has(u)).sort(),
    };
  }
}

/** The shares asked for, or the risk-class scheme's own for each of its classes; in the scheme's order of classes. */
function sharesOf(asked: readonly ClassShareInput[] | null, riskScheme: Scheme): ClassShare[] {
  const classes = riskScheme.bands.map((b) => b.grade);
  if (asked === null) return riskScheme.bands.map((b) => ({ riskClass: b.grade, share: riskScheme.outcomes.sampling[b.level] }));
  if (asked.length === 0) throw badInput('shares must name at least one risk class', { field: 'shares' });
  const named = new Map<string, number>();
  for (const [i, { riskClass, share }] of asked.entries()) {
    const field = `shares[${i}]`;
    if (!classes.includes(riskClass))
      throw badInput(`${riskClass.slice(0, 20)} is not a risk class of ${riskScheme.id} v${riskScheme.version}: one of ${classes.join(', ')}`, {
        field: `${field}.riskClass`,
      });
    if (named.has(riskClass)) throw badInput(`risk class ${riskClass} is named twice`, { field: `${field}.riskClass` });
    if (!Number.isFinite(share) || share < 0 || share > 1)
      throw badInput(`the share of class ${riskClass} must be between 0 and 1 (0.05: 5 %)`, { field: `${field}.share` });
    named.set(riskClass, share);
  }
  return classes.filter((c) => named.has(c)).map((riskClass) => ({ riskClass, share: named.get(riskClass)! }));
}
