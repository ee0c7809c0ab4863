import type { MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { AccessRecord } from '../../auth/audit';
import { outcomeOf } from '../../auth/audit';
import type { Principal } from '../../auth/principal';
import { groupByKey, type Batch } from '../../context';
import { bulkInsert } from '../../db/bulk';
import { badInput, notFound } from '../../errors';
import { decodeCursor, encodeCursor, pageSize } from '../../pagination';
import { AccessLogRecord, ConsentRecord } from './trust.entities';
import { isUuid } from '../../uuid';

const MAX_CONSENT_YEARS = 3;

const withValidity = (c: ConsentRecord, now = new Date()): ConsentRecord => ({ ...c, valid: !c.revokedAt && c.until > now });

/** A place in the access log: `[at, id]` as `accessLog` hands it out. */
function isLogPosition(position: string): boolean {
  try {
    const [at, id, ...rest] = JSON.parse(position) as unknown[];
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && isUuid(id) && rest.length === 0;
  } catch {
    return false;
  }
}

/** Consents merchants grant banks, and the trace of every look at a merchant's credit. */
export class Trust {
  constructor(private readonly orm: MikroORM) {}

  // the rows of requests that finish together go in one insert; each request still waits for its own rows
  private readonly accessLogWriter = new DataLoader<Record<string, unknown>[], void>(
    async (batches) => {
      await bulkInsert(this.orm.em.getConnection(), '"credit"."access_log"', batches.flat());
      return batches.map(() => undefined);
    },
    { cache: false, maxBatchSize: 100 },
  );

  readonly consentsOf: Batch<string, ConsentRecord[]> = async (usccs) => {
    const rows = await this.orm.em.fork().find(ConsentRecord, { uscc: { $in: [...usccs] } }, { orderBy: { grantedAt: 'desc' }, disableIdentityMap: true });
    return groupByKey(usccs, rows.map((r) => withValidity(r)), (r) => r.uscc);
  };

  /** Which of these merchants have granted the organisation a consent that is still valid. */
  async consented(org: string, usccs: readonly string[]): Promise<string[]> {
    const { rows } = await this.orm.em.getConnection().getKnex().raw(
      'select uscc from "credit"."consent" where org = ? and uscc = any(?) and revoked_at is null and until > now()',
      [org, usccs as string[]],
    );
    return (rows as { uscc: string }[]).map((r) => r.uscc);
  }

  async grant(merchant: string, orgInput: string, until: Date): Promise<ConsentRecord> {
    const org = orgInput.trim();
    if (!org || org.length > 200) throw badInput('org must be 1–200 characters', { field: 'org' });
    const now = Date.now();
    if (until.getTime() <= now) throw badInput('until must lie in the future', { field: 'until' });
    if (until.getTime() > now + MAX_CONSENT_YEARS * 366 * 86_400_000) throw badInput(`a consent lasts at most ${MAX_CONSENT_YEARS} years`, { field: 'until' });
    const em = this.orm.em.fork();
    const [row] = await em.getConnection().execute(
      `insert into "credit"."consent" (uscc, org, granted_at, until, revoked_at)
       select ?, ?, now(), ?, null where exists (select 1 from "credit"."merchant" where uscc = ?)
       on conflict (uscc, org) do update set granted_at = now(), until = excluded.until, revoked_at = null returning *`,
      [merchant, org, until, merchant],
    );
    if (!row) throw notFound(`no merchant ${merchant} in the directory`);
    return withValidity(em.map(ConsentRecord, row));
  }

  /** Revokes at once; revoking again changes nothing. */
  async revoke(merchant: string, org: string): Promise<ConsentRecord> {
    const em = this.orm.em.fork();
    await em.getConnection().execute(`update "credit"."consent" set revoked_at = now() where uscc = ? and org = ? and revoked_at is null`, [merchant, org.trim()]);
    const row = await em.findOne(ConsentRecord, { uscc: merchant, org: org.trim() }, { disableIdentityMap: true });
    if (!row) throw notFound(`${merchant} has granted no consent to ${org}`);
    return withValidity(row);
  }

  /** Writes one row per merchant read in a request; the rows of concurrent requests in one statement. */
  async record(entries: AccessRecord[], principal: Principal, operation: string | null, requestId: string): Promise<void> {
    if (!entries.length) return;
    const rows = entries.map((e) => ({
      uscc: e.uscc,
      subject: principal.subject,
      org: principal.org,
      role: principal.roles.join(','),
      department: principal.department,
      purpose: principal.purpose,
      fields: [...e.fields.keys()].sort(),
      operation,
      request_id: requestId,
      outcome: outcomeOf(e.fields),
    }));
    await this.accessLogWriter.load(rows);
  }

  /** Who looked at a merchant's credit, newest first. */
  async accessLog(uscc: string, first: number | null, after: string | null) {
    const n = pageSize(first, 50);
    const position = decodeCursor(after, isLogPosition);
    const [at, id] = position ? (JSON.parse(position) as [string, string]) : [null, null];
    const rows = await this.orm.em.fork().find(
      AccessLogRecord,
      at ? { uscc, $or: [{ at: { $lt: new Date(at) } }, { at: new Date(at), id: { $lt: id } }] } : { uscc },
      { orderBy: { at: 'desc', id: 'desc' }, limit: n + 1, disableIdentityMap: true },
    );
    const nodes = rows.slice(0, n);
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(JSON.stringify([last.at.toISOString(), last.id])) : null, hasNextPage: rows.length > n } };
  }
}
