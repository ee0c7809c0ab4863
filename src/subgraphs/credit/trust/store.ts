import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConsentPurpose } from '../../../auth/purpose';
import { groupByKey, type Batch } from '../../../context';
import { prepared } from '../../../db/batch';
import { badInput, notFound } from '../../../errors';
import { ConsentRecord } from './entities';

const MAX_CONSENT_YEARS = 3;

const withValidity = (c: ConsentRecord, now = new Date()): ConsentRecord => ({ ...c, valid: !c.revokedAt && c.until > now });

/** Consents merchants grant banks. */
export class Trust {
  constructor(private readonly orm: MikroORM) {}

  readonly consentsOf: Batch<string, ConsentRecord[]> = async (usccs) => {
    const rows = await this.orm.em.fork().find(ConsentRecord, { uscc: { $in: [...usccs] } }, { orderBy: { grantedAt: 'desc' }, disableIdentityMap: true });
    return groupByKey(
      usccs,
      rows.map((r) => withValidity(r)),
      (r) => r.uscc,
    );
  };

  /** Whether each `[organisation, purpose, merchant]` (as JSON) has a consent still valid for that purpose: the keys of every bank in one statement. */
  readonly consentValid: Batch<string, boolean> = async (keys) => {
    const asked = keys.map((k) => JSON.parse(k) as [string, string, string]);
    const rows = await prepared<{ org: string; purpose: string; uscc: string }>(
      this.orm,
      `select k.org, k.purpose, k.uscc from unnest(?::text[], ?::text[], ?::text[]) as k(org, purpose, uscc)
       join "credit"."consent" c on c.org = k.org and c.uscc = k.uscc and k.purpose = any(c.purposes)
       where c.revoked_at is null and c.until > now()`,
      [0, 1, 2].map((i) => asked.map((key) => key[i])),
    );
    const valid = new Set(rows.map((r) => JSON.stringify([r.org, r.purpose, r.uscc])));
    return keys.map((k) => valid.has(k));
  };

  async grant(merchant: string, orgInput: string, until: Date, purposes: readonly ConsentPurpose[]): Promise<ConsentRecord> {
    const org = orgInput.trim();
    if (!org || org.length > 200) throw badInput('org must be 1–200 characters', { field: 'org' });
    if (!purposes.length) throw badInput('a consent names at least one purpose the bank may read the credit for', { field: 'purposes' });
    const now = Date.now();
    if (until.getTime() <= now) throw badInput('until must lie in the future', { field: 'until' });
    if (until.getTime() > now + MAX_CONSENT_YEARS * 366 * 86_400_000) throw badInput(`a consent lasts at most ${MAX_CONSENT_YEARS} years`, { field: 'until' });
    const em = this.orm.em.fork();
    const [row] = await em.getConnection().execute(
      `insert into "credit"."consent" (uscc, org, granted_at, until, revoked_at, purposes)
       select ?, ?, now(), ?, null, array[?]::text[] where exists (select 1 from "credit"."merchant" where uscc = ?)
       on conflict (uscc, org) do update set granted_at = now(), until = excluded.until, revoked_at = null, purposes = excluded.purposes returning *`,
      [merchant, org, until, [...new Set(purposes)], merchant],
    );
    if (!row) throw notFound(`no merchant ${merchant} in the directory`);
    return withValidity(em.map(ConsentRecord, row));
  }

  /** Revokes at once; revoking again changes nothing. */
  async revoke(merchant: string, org: string): Promise<ConsentRecord> {
    const em = this.orm.em.fork();
    await em
      .getConnection()
      .execute(`update "credit"."consent" set revoked_at = now() where uscc = ? and org = ? and revoked_at is null`, [merchant, org.trim()]);
    const row = await em.findOne(ConsentRecord, { uscc: merchant, org: org.trim() }, { disableIdentityMap: true });
    if (!row) throw notFound(`${merchant} has granted no consent to ${org}`);
    return withValidity(row);
  }
}
