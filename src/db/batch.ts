import type { EntityClass, FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import { groupByKey, type Batch } from '../context';

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
