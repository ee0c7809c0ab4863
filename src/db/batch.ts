import { createHash } from 'node:crypto';
import type { EntityClass, FilterQuery, Knex, MikroORM } from '@mikro-orm/postgresql';
import { groupByKey, type Batch } from '../context';

const names = new Map<string, string>();

/** A statement's name, from its text: the same text is one prepared statement on every connection, another text never takes its name. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `credit_hub_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`));
  return name;
}

/**
 * The rows of a hot statement, prepared once per connection and planned by PostgreSQL once (an unnamed one is
 * planned every time): plain SQL with `?` parameters, where the ORM's query builder costs more than it gives. An
 * array parameter (`uscc = any(?)`) keeps one text for any number of keys.
 */
export async function prepared<R>(orm: MikroORM, sql: string, params: readonly unknown[]): Promise<R[]> {
  const knex = orm.em.getConnection().getKnex();
  // knex hands its options to pg's query config: a name makes it a prepared statement
  const { rows } = await knex.raw(sql, params as Knex.RawBinding[]).options({ name: statementName(sql) });
  return rows as R[];
}

/** A batch that reads one entity's rows for many merchants in one statement, newest first by `newestFirst`. */
export function byMerchant<T extends { uscc: string }>(orm: MikroORM, entity: EntityClass<T>, newestFirst: keyof T & string): Batch<string, T[]> {
  return async (usccs) => {
    const rows = await orm.em.fork().find(entity, { uscc: { $in: [...usccs] } } as FilterQuery<T>, {
      orderBy: { [newestFirst]: 'desc' } as never,
      disableIdentityMap: true,
    });
    return groupByKey(usccs, rows, (r) => r.uscc);
  };
}
