import type { MikroORM } from '@mikro-orm/postgresql';
import { hasRole, type Principal } from '../../../auth/principal';
import { catalogueEntry } from '../../../catalogue';
import type { Department } from '../../../catalogue/types';
import { repairableFrom, type Objection, type Repair, type Scheme } from '../../../credit-engine';
import { groupByKey, type Batch, type HubContext } from '../../../context';
import { prepared } from '../../../db/batch';
import { badInput, conflict, forbidden, notFound } from '../../../errors';
import type { GraphClient } from '../../../graph-client';
import type { WithdrawnRecord } from '../../../events/types';
import { ObjectionRecord, ObjectionState, RepairApplicationRecord, RepairState } from './entities';
import { isUuid } from '../../../uuid';

interface EventFacts {
  id: string;
  uscc: string;
  code: string;
  department: string;
  occurredAt: string;
  status: string;
}

const OWN_EVENTS = /* GraphQL */ `
  query OwnCreditEvents($uscc: CreditCode!) {
    merchant(uscc: $uscc) {
      marketEvents {
        ...Facts
      }
      urbanEvents {
        ...Facts
      }
      approvalEvents {
        ...Facts
      }
      financeEvents {
        ...Facts
      }
    }
  }
  fragment Facts on CreditEvent {
    id
    uscc
    code
    department
    occurredAt
    status
  }
`;

export interface MerchantDecisions {
  objections: Objection[];
  repairs: Repair[];
}

/** The records a merchant's decisions took out of publication: revoked ones altogether, repaired ones from the repair's date. */
export function withdrawals({ objections, repairs }: MerchantDecisions): WithdrawnRecord[] {
  const revoked = new Set(objections.filter((o) => o.state === ObjectionState.REVOKED).map((o) => o.eventId));
  const repaired = repairs.filter((r) => !revoked.has(r.eventId)).map((r) => ({ eventId: r.eventId, from: r.approvedAt }));
  return [...[...revoked].map((eventId) => ({ eventId, from: null })), ...repaired];
}

interface DecisionRow {
  kind: 'objection' | 'repair';
  id: string;
  uscc: string;
  event_id: string;
  state: string;
  decided_at: string | null;
}

/**
 * Objections and repairs: the credit office's layer over the departments' facts, which are never edited.
 * Every decision is kept with who made it and when.
 */
export class Decisions {
  constructor(
    private readonly orm: MikroORM,
    private readonly graph: GraphClient,
  ) {}

  /** What the engine needs of each merchant: its objections and approved repairs. */
  readonly ofMerchant: Batch<string, MerchantDecisions> = async (usccs) => {
    // plain rows in one statement: every judgment asks, and a bank's batch asks for a thousand merchants
    const rows = await prepared<DecisionRow>(
      this.orm,
      `select 'objection' as kind, id, uscc, event_id, state, null as decided_at from "credit"."objection" where uscc = any(?)
       union all
       select 'repair', id, uscc, event_id, state, decided_at from "credit"."repair_application" where uscc = any(?) and state = 'APPROVED'`,
      [usccs, usccs],
    );
    const decided = groupByKey(usccs, rows, (r) => r.uscc);
    return decided.map((list) => ({
      objections: list.filter((x) => x.kind === 'objection').map((x) => ({ id: x.id, eventId: x.event_id, state: x.state as ObjectionState })),
      repairs: list.filter((x) => x.kind === 'repair').map((x) => ({ id: x.id, eventId: x.event_id, approvedAt: new Date(x.decided_at!) })),
    }));
  };

  readonly objectionsOf: Batch<string, ObjectionRecord[]> = async (usccs) => {
    const rows = await this.orm.em.fork().find(ObjectionRecord, { uscc: { $in: [...usccs] } }, { orderBy: { filedAt: 'desc' }, disableIdentityMap: true });
    return groupByKey(usccs, rows, (r) => r.uscc);
  };

  readonly repairsOf: Batch<string, RepairApplicationRecord[]> = async (usccs) => {
    const rows = await this.orm.em
      .fork()
      .find(RepairApplicationRecord, { uscc: { $in: [...usccs] } }, { orderBy: { appliedAt: 'desc' }, disableIdentityMap: true });
    return groupByKey(usccs, rows, (r) => r.uscc);
  };

  /** The merchant disputes one of its records; while pending, the record is flagged but counts. */
  async fileObjection(eventId: string, reason: string, ctx: HubContext): Promise<ObjectionRecord> {
    const event = await this.ownEvent(eventId, ctx);
    const text = reason.trim();
    if (!text || text.length > 2000) throw badInput('reason must be 1–2000 characters', { field: 'reason' });
    // read through the graph, a department is named as GraphQL writes it ('MARKET')
    const [row] = await this.insert('objection', {
      event_id: event.id,
      uscc: event.uscc,
      department: event.department.toLowerCase(),
      code: event.code,
      reason: text,
      filed_by: ctx.principal.subject,
    });
    if (!row) throw conflict(`record ${event.id} is already under objection; wait for the decision`);
    return this.orm.em.fork().map(ObjectionRecord, row);
  }

  /** The owning department (or an administrator) upholds the record or revokes it; a decision is final. */
  async decideObjection(id: string, decision: 'UPHOLD' | 'REVOKE', note: string | null, principal: Principal): Promise<ObjectionRecord> {
    const current = await this.find(ObjectionRecord, id, 'objection');
    mayDecide(principal, current.department);
    const state = decision === 'REVOKE' ? ObjectionState.REVOKED : ObjectionState.UPHELD;
    if (note && note.trim().length > 2000) throw badInput('note must be at most 2000 characters', { field: 'note' });
    const [row] = await this.decide('objection', id, { state, decision_note: note?.trim() || null }, principal, `OBJECTION_${state}`);
    if (!row)
      throw conflict(`objection ${id} was already decided (${current.state === 'PENDING' ? 'just now' : current.state.toLowerCase()}); a decision is final`);
    return this.orm.em.fork().map(ObjectionRecord, row);
  }

  /** The merchant asks for a record to be repaired, once its minimum publicity period has passed. */
  async applyRepair(eventId: string, statement: string, scheme: Scheme, ctx: HubContext): Promise<RepairApplicationRecord> {
    const event = await this.ownEvent(eventId, ctx);
    const entry = catalogueEntry(event.code);
    if (!entry || entry.kind !== 'NEGATIVE') throw badInput(`${event.code} is not negative information; there is nothing to repair`, { field: 'eventId' });
    const from = repairableFrom(new Date(event.occurredAt), entry, scheme);
    if (from.getTime() > Date.now()) {
      throw badInput(
        `${entry.severity.toLowerCase()} information can be repaired only after its minimum publicity period: from ${from.toISOString().slice(0, 10)}`,
        {
          field: 'eventId',
          repairableFrom: from.toISOString(),
        },
      );
    }
    const text = statement.trim();
    if (!text || text.length > 4000) throw badInput('statement must be 1–4000 characters', { field: 'statement' });
    // read through the graph, a department is named as GraphQL writes it ('MARKET')
    const [row] = await this.insert('repair_application', {
      event_id: event.id,
      uscc: event.uscc,
      department: event.department.toLowerCase(),
      code: event.code,
      statement: text,
      applied_by: ctx.principal.subject,
    });
    if (!row) throw conflict(`record ${event.id} already has a repair application pending or approved`);
    return this.orm.em.fork().map(RepairApplicationRecord, row);
  }

  async decideRepair(id: string, approve: boolean, principal: Principal): Promise<RepairApplicationRecord> {
    const current = await this.find(RepairApplicationRecord, id, 'repair application');
    mayDecide(principal, current.department);
    const [row] = await this.decide(
      'repair_application',
      id,
      { state: approve ? RepairState.APPROVED : RepairState.REJECTED },
      principal,
      approve ? 'REPAIR_APPROVED' : null,
    );
    if (!row) throw conflict(`repair application ${id} was already decided (${current.state.toLowerCase()}); a decision is final`);
    return this.orm.em.fork().map(RepairApplicationRecord, row);
  }

  /** The event, read through the graph as the merchant itself, if it is one of the merchant's own records. */
  private async ownEvent(eventId: string, ctx: HubContext): Promise<EventFacts> {
    const uscc = ctx.principal.uscc!;
    if (!isUuid(eventId)) throw notFound(`no credit event ${eventId}`);
    const { merchant } = await this.graph.request<{ merchant: Record<string, EventFacts[]> | null }>(OWN_EVENTS, { uscc }, ctx);
    const event = Object.values(merchant ?? {})
      .flat()
      .find((e) => e.id === eventId);
    if (!event) throw notFound(`no credit event ${eventId} about ${uscc}`);
    if (event.status === 'RESCINDED') throw badInput(`record ${eventId} was rescinded by its department; it does not count`, { field: 'eventId' });
    return event;
  }

  private async insert(table: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const columns = Object.keys(values);
    // a partial unique index allows one open objection (one open or approved repair) per event
    return this.orm.em
      .getConnection()
      .execute(
        `insert into "credit"."${table}" (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict do nothing returning *`,
        Object.values(values),
      );
  }

  private decide(table: string, id: string, values: Record<string, unknown>, principal: Principal, logged: string | null): Promise<Record<string, unknown>[]> {
    const sets = Object.keys(values).map((c) => `${c} = ?`);
    // only a pending one changes: of concurrent decisions exactly one wins; the change feed learns of it in the same statement
    return this.orm.em.getConnection().execute(
      `with decided as (
         update "credit"."${table}" set ${sets.join(', ')}, decided_at = now(), decided_by = ? where id = ? and state = 'PENDING' returning *
       ), logged as (
         insert into "credit"."fact_change" (uscc, event_id, code) select uscc, event_id, ? from decided where ?::text is not null
       )
       select * from decided`,
      [...Object.values(values), principal.subject, id, logged ?? 'none', logged],
    );
  }

  private async find<T extends ObjectionRecord | RepairApplicationRecord>(entity: new () => T, id: string, what: string): Promise<T> {
    const row = isUuid(id) ? await this.orm.em.fork().findOne(entity as never, { id } as never, { disableIdentityMap: true }) : null;
    if (!row) throw notFound(`no ${what} ${id}`);
    return row as T;
  }
}

/** The policy lets department officers decide; the record's own department is the one that may. */
function mayDecide(p: Principal, department: Department): void {
  if (hasRole(p, 'admin') || (hasRole(p, 'department_officer') && p.department === department)) return;
  throw forbidden(`only an officer of the ${department} department (or an administrator) may decide on its records`);
}
