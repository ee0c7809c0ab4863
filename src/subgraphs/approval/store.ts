import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../../auth/principal';
import { badInput, conflict, notFound } from '../../errors';
import { logEnded, logInserted } from '../../events/fact-change';
import { timestamp } from '../../db/timestamp';
import { check, checked, isUniqueViolation, must } from '../department-kit';
import { Commitment, CommitmentStatus, Permit, PermitStatus } from './entities';
import { RevocationGround, type PermitRevocationInput } from './types';
import { isUuid } from '../../uuid';

export interface SignedCommitment {
  uscc: string;
  matter: string;
  dueDate: Date;
  sourceRecordId: string;
}

/** What a verification records in the catalogue: a promise kept, or broken. */
const EVENT_OF = { [CommitmentStatus.FULFILLED]: 'APR-CMT-FULFIL', [CommitmentStatus.BREACHED]: 'APR-CMT-BREACH' } as const;
/** who breaches a lapsed promise: the hub itself, on the approval bureau's behalf */
const LAPSE_CHECK = 'lapse-check';
const LAPSE_BATCH = 500;

/**
 * Credit commitments: signed at an approval in place of a document, verified by their due date. A breach
 * records the catalogue's breach event in the same statement, so the fact and its credit event never part.
 */
export class Commitments {
  constructor(private readonly orm: MikroORM) {}

  async sign(input: SignedCommitment, by: string | null): Promise<Commitment> {
    const matter = input.matter.trim();
    if (!matter || matter.length > 200) throw badInput('matter must be 1–200 characters', { field: 'matter' });
    const sourceRecordId = input.sourceRecordId.trim();
    if (!/^[^\s\p{C}]{1,100}$/u.test(sourceRecordId)) throw badInput('sourceRecordId must be 1–100 characters without spaces', { field: 'sourceRecordId' });
    if (input.dueDate.getTime() <= Date.now()) throw badInput('dueDate must lie in the future: it is when the promise will be checked', { field: 'dueDate' });
    const em = this.orm.em.fork();
    const [row] = await em.getConnection().execute(
      `insert into "approval"."commitment" (uscc, matter, signed_at, due_date, status, source_record_id, signed_by)
       values (?, ?, now(), ?, 'PENDING', ?, ?) on conflict (source_record_id) do nothing returning *`,
      [input.uscc, matter, input.dueDate, sourceRecordId, by],
    );
    if (row) return em.map(Commitment, row);
    const existing = await em.findOneOrFail(Commitment, { sourceRecordId }, { disableIdentityMap: true });
    if (existing.uscc !== input.uscc || existing.matter !== matter || existing.dueDate.getTime() !== input.dueDate.getTime()) {
      throw conflict(`commitment "${sourceRecordId}" was signed already with other content (${existing.matter} for ${existing.uscc})`);
    }
    return existing;
  }

  /** Fulfilled or breached, once: of concurrent verifications exactly one wins. */
  async verify(id: string, outcome: CommitmentStatus.FULFILLED | CommitmentStatus.BREACHED, note: string | null, principal: Principal): Promise<Commitment> {
    if (!isUuid(id)) throw notFound(`no commitment ${id}`);
    const summary = outcome === CommitmentStatus.FULFILLED ? 'Credit commitment verified as kept' : 'Credit commitment breached: not kept by its due date';
    const [row] = await this.settle(
      'id = ?',
      [id],
      { status: outcome, by: principal.subject, note: note?.trim() || null, code: EVENT_OF[outcome], summary },
      outcome.toLowerCase(),
    );
    if (row) return this.orm.em.fork().map(Commitment, row);
    const existing = await this.orm.em.fork().findOne(Commitment, { id }, { disableIdentityMap: true });
    if (!existing) throw notFound(`no commitment ${id}`);
    throw conflict(
      `commitment ${id} was verified already (${existing.status.toLowerCase()} on ${existing.verifiedAt?.toISOString().slice(0, 10)}); a verification is final`,
    );
  }

  /**
   * Breaches every open promise past its due date by the grace, each once: the row is taken with `for update skip
   * locked`, so replicas running this together share the work, and only a PENDING one changes. How many it breached.
   */
  async breachLapsed(graceDays: number): Promise<number> {
    const rows = await this.settle(
      `id in (select id from "approval"."commitment" where status = 'PENDING' and due_date + make_interval(secs => ?) < now()
              order by due_date limit ${LAPSE_BATCH} for update skip locked)`,
      [graceDays * 86_400],
      {
        status: CommitmentStatus.BREACHED,
        by: LAPSE_CHECK,
        note: null,
        code: EVENT_OF[CommitmentStatus.BREACHED],
        summary: 'Credit commitment breached: not kept by its due date',
      },
      'breached',
    );
    return rows.length;
  }

  /**
   * A promise breached at its due date and kept late: the breach record stays, ended today, which lifts its bar on
   * commitment-based approval; the feed learns of it from the log. A false commitment is not cured this way.
   */
  async fulfilLate(id: string, note: string | null, principal: Principal): Promise<Commitment> {
    if (!isUuid(id)) throw notFound(`no commitment ${id}`);
    const em = this.orm.em.fork();
    const [row] = await em.getConnection().execute(
      `with kept as (
         update "approval"."commitment" c set status = 'FULFILLED_LATE', fulfilled_late_at = now(), verified_by = ?,
           verification_note = coalesce(?, c.verification_note)
         from "approval"."credit_event" e
         where c.id = ? and c.status = 'BREACHED' and e.id = c.event_id and e.code = ? returning c.*
       ), ended as (
         update "approval"."credit_event" e set ended_at = now(), status = 'ENDED' from kept where e.id = kept.event_id returning e.id, e.uscc, e.code
       ), logged as (${logEnded('approval')})
       select * from kept`,
      [principal.subject, note?.trim() || null, id, EVENT_OF[CommitmentStatus.BREACHED]],
    );
    if (row) return em.map(Commitment, row);
    const existing = await em.findOne(Commitment, { id }, { disableIdentityMap: true });
    if (!existing) throw notFound(`no commitment ${id}`);
    throw conflict(
      existing.status === CommitmentStatus.BREACHED
        ? `commitment ${id} was found untrue, not late: only a repair lifts its bar`
        : `commitment ${id} is ${existing.status.toLowerCase()}, not breached: there is no breach to cure`,
    );
  }

  /** Promises not yet verified, of one merchant or every one, soonest due first. */
  pending(uscc: string | null, page: { first: number; offset: number }): Promise<Commitment[]> {
    return this.orm.em
      .fork()
      .find(
        Commitment,
        { status: CommitmentStatus.PENDING, ...(uscc ? { uscc } : {}) },
        { orderBy: { dueDate: 'asc', id: 'asc' }, limit: page.first, offset: page.offset, disableIdentityMap: true },
      );
  }

  /** Verifies the PENDING commitments the condition picks, writing each one's credit event and logging it, in one statement. */
  private settle(
    where: string,
    params: unknown[],
    v: { status: CommitmentStatus; by: string | null; note: string | null; code: string; summary: string },
    outcome: string,
  ): Promise<Record<string, unknown>[]> {
    return this.orm.em.getConnection().execute(
      `with verified as (
         update "approval"."commitment" set status = ?, verified_at = now(), verified_by = ?, verification_note = ?, event_id = gen_random_uuid()
         where ${where} and status = 'PENDING' returning *
       ), inserted as (
         insert into "approval"."credit_event" (id, uscc, code, occurred_at, status, summary, source_record_id, recorded_by)
         select event_id, uscc, ?, now(), 'ACTIVE', ? || ': ' || matter, 'commitment:' || id || ':' || ?, ? from verified
         returning id, uscc, code
       ), logged as (${logInserted('approval')})
       select * from verified`,
      [v.status, v.by, v.note, ...params, v.code, v.summary, outcome, v.by],
    );
  }
}

const REVOCATION_CODE: Record<RevocationGround, string> = { VIOLATION: 'APR-PMT-REVOKED', IMPROPER_MEANS: 'APR-PMT-FRAUD' };

/** Permits taken away: the permit and the credit event of the decision, in one transaction. */
export class Permits {
  constructor(private readonly orm: MikroORM) {}

  /** Revokes a permit once: the same decision again returns the permit; another decision on a revoked permit is a conflict. */
  async revoke(input: PermitRevocationInput, by: string | null): Promise<Permit> {
    const { sourceRecordId, permitNumber, reason, revokedAt } = checked(() => ({
      sourceRecordId: check.recordId(input.sourceRecordId),
      permitNumber: check.text(input.permitNumber, 'permitNumber', 60),
      reason: check.text(input.reason, 'reason', 2000),
      revokedAt: check.date(input.revokedAt, 'revokedAt', Date.now()),
    }));
    const code = REVOCATION_CODE[input.ground];
    const em = this.orm.em.fork();
    const row = await em
      .getConnection()
      .getKnex()
      .transaction(async (trx) => {
        const [permit] = (await trx.raw(`select * from "approval"."permit" where permit_number = ? for update`, [permitNumber])).rows;
        if (!permit) throw notFound(`the approval bureau has no permit numbered "${input.permitNumber}"`);
        if (permit.status === PermitStatus.REVOKED) {
          const [decision] = (await trx.raw(`select source_record_id from "approval"."credit_event" where id = ?`, [permit.event_id])).rows;
          if (decision?.source_record_id === sourceRecordId) return permit;
          throw conflict(`permit "${permit.permit_number}" was revoked already${decision ? `, by decision "${decision.source_record_id}"` : ''}`);
        }
        checked(() =>
          must(
            revokedAt >= timestamp(permit.issued_at),
            'revokedAt',
            `revokedAt lies before the permit was issued, on ${timestamp(permit.issued_at).toISOString()}`,
          ),
        );
        const eventId = randomUUID();
        try {
          await trx.raw(
            `with inserted as (
             insert into "approval"."credit_event" (id, uscc, code, occurred_at, status, summary, source_record_id, recorded_by)
             values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?) returning id, uscc, code
           ), logged as (${logInserted('approval')})
           select 1`,
            [
              eventId,
              permit.uscc,
              code,
              revokedAt,
              `${permit.matter}（${permit.permit_number}）被${code === 'APR-PMT-FRAUD' ? '撤销' : '吊销'}：${reason}`,
              sourceRecordId,
              by,
            ],
          );
        } catch (e) {
          if (isUniqueViolation(e)) throw conflict(`"${sourceRecordId}" already names another approval credit event; a record id names one fact`);
          throw e;
        }
        return (await trx.raw(`update "approval"."permit" set status = 'REVOKED', event_id = ? where id = ? returning *`, [eventId, permit.id])).rows[0];
      });
    return em.map(Permit, row);
  }
}
