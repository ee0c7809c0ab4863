import { createHash } from 'node:crypto';
import type { AssessmentInput } from './types';

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** A fingerprint of everything a judgment rests on: the same digest means the same inputs, hence the same judgment. */
export function inputsDigest(i: AssessmentInput): string {
  const canonical = {
    at: i.at.toISOString(),
    scheme: [i.scheme.id, i.scheme.version],
    riskScheme: [i.riskScheme.id, i.riskScheme.version],
    measures: byId(i.measures).map((m) => [m.id, m.context, m.trigger]),
    events: byId(i.events).map((e) => [e.id, e.code, e.department, e.occurredAt.toISOString(), e.endedAt?.toISOString() ?? null, e.status]),
    objections: byId(i.objections).map((o) => [o.eventId, o.state]),
    repairs: byId(i.repairs).map((r) => [r.eventId, r.approvedAt.toISOString()]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
