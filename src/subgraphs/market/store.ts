import type { MikroORM } from '@mikro-orm/postgresql';
import { conflict, notFound } from '../../errors';
import { logEnded } from '../../events/fact-change';
import { timestamp } from '../../db/timestamp';
import { check, checked } from '../department-kit';
import { MarketListEntry } from './entities';
import { removal } from './records';

/** The regulator's lists: a listing ends when the merchant is taken off, and so does what it implies. */
export class MarketListings {
  constructor(private readonly orm: MikroORM) {}

  /**
   * Takes the merchant off the list: the entry's removal date and the end of its credit event, in one transaction
   * with the event's line in the fact-change log. The same removal again returns the entry; another date is a conflict.
   */
  async remove(listingId: string, removedAt: Date): Promise<MarketListEntry> {
    const sourceRecordId = checked(() => check.recordId(listingId));
    const em = this.orm.em.fork();
    const row = await em
      .getConnection()
      .getKnex()
      .transaction(async (trx) => {
        const [entry] = (await trx.raw(`select * from "market"."market_list_entry" where source_record_id = ? for update`, [sourceRecordId])).rows;
        if (!entry) throw notFound(`market supervision has no listing "${sourceRecordId}"`);
        const listedAt = timestamp(entry.listed_at);
        if (entry.removed_at) {
          if (timestamp(entry.removed_at).getTime() === removedAt.getTime()) return entry;
          throw conflict(`listing "${sourceRecordId}" was removed already, on ${timestamp(entry.removed_at).toISOString()}`);
        }
        checked(() => removal(listedAt, removedAt, Date.now()));
        const [removed] = (await trx.raw(`update "market"."market_list_entry" set removed_at = ? where id = ? returning *`, [removedAt, entry.id])).rows;
        await trx.raw(
          `with ended as (
           update "market"."credit_event" set ended_at = ?, status = 'ENDED' where id = ? and status = 'ACTIVE' returning id, uscc, code
         ), logged as (${logEnded('market')})
         select 1`,
          [removedAt, entry.event_id],
        );
        return removed;
      });
    return em.map(MarketListEntry, row);
  }
}
