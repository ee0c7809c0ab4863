import { createHash } from 'node:crypto';
import type { AssessmentInput } from './types';

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The measures' part of the fingerprint, written once per list of measures in force: every judgment rests on the same. */
const measuresJson = new WeakMap<AssessmentInput['measures'], string>();
function measuresOf(measures: AssessmentInput['measures']): string {
  let json = measuresJson.get(measures);
  if (json === undefined) measuresJson.set(measures, (json = JSON.stringify(byId(measures).map((m) => [m.id, m.context, m.trigger]))));
  return json;
}

/** A fingerprint of everything a judgment rests on: the same digest means the same inputs, hence the same judgment. */
export function inputsDigest(i: AssessmentInput): string {
  // the JSON of { at, scheme, riskScheme, measures, events, objections, repairs }, in that order, as every digest stored was made
  const canonical =
    `{"at":${JSON.stringify(i.at.toISOString())}` +
    `,"scheme":${JSON.stringify([i.scheme.id, i.scheme.version])}` +
    `,"riskScheme":${JSON.stringify([i.riskScheme.id, i.riskScheme.version])}` +
    `,"measures":${measuresOf(i.measures)}` +
    `,"events":${JSON.stringify(byId(i.events).map((e) => [e.id, e.code, e.department, e.occurredAt.toISOString(), e.endedAt?.toISOString() ?? null, e.status]))}` +
    `,"objections":${JSON.stringify(byId(i.objections).map((o) => [o.eventId, o.state]))}` +
    `,"repairs":${JSON.stringify(byId(i.repairs).map((r) => [r.eventId, r.approvedAt.toISOString()]))}}`;
  return createHash('sha256').update(canonical).digest('hex');
}
