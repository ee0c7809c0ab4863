import type { CatalogueEntry } from '../catalogue/types';
import type { FactEvent, Objection, Repair, Scheme } from './types';

/** Adds whole calendar months, in UTC, so periods end on the same day of the month (or the month's last day, when it is shorter). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const dayOfMonth = d.getUTCDate();
  d.setUTCDate(1); // setUTCMonth alone would roll 31 January + 1 month over into March
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(dayOfMonth, lastDay));
  return d;
}

export type Counting = { counts: true; entry: CatalogueEntry; underObjection: boolean; expires: Date } | { counts: false; reason: string };

/**
 * Whether an event counts on the evaluation date, and if not, why: rescinded by its department, revoked
 * on objection, repaired, past its publicity period, past the retention period, unknown to the catalogue.
 */
export function counting(
  e: FactEvent,
  entry: CatalogueEntry | undefined,
  objections: readonly Objection[],
  repair: Repair | undefined,
  scheme: Scheme,
  at: Date,
): Counting {
  if (!entry) return { counts: false, reason: `code ${e.code} is not in the catalogue` };
  if (e.occurredAt > at) return { counts: false, reason: `occurs after the evaluation date` };
  if (e.status === 'RESCINDED') return { counts: false, reason: `rescinded by the ${e.department} department` };
  if (e.status === 'EXPIRED') return { counts: false, reason: 'past its retention period: negative information is deleted' };
  const revoked = objections.filter((o) => o.state === 'REVOKED').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  if (revoked) return { counts: false, reason: `revoked on objection ${revoked.id}: it never counted` };
  if (repair && repair.approvedAt <= at) {
    return { counts: false, reason: `repaired on ${day(repair.approvedAt)} (repair ${repair.id}): counts no more from that date` };
  }
  // DOMAIN: negative information is kept 5 years from the end of the behaviour
  const retentionEnd = addMonths(e.endedAt ?? e.occurredAt, scheme.retentionYears * 12);
  if (entry.kind === 'NEGATIVE' && at >= retentionEnd) {
    return {
      counts: false,
      reason: `${scheme.retentionYears} years have passed since the behaviour ended on ${day(e.endedAt ?? e.occurredAt)}: negative information is deleted`,
    };
  }
  const publicityEnd = addMonths(e.occurredAt, scheme.publicity[entry.severity].maxMonths);
  if (at >= publicityEnd) {
    return { counts: false, reason: `its ${entry.severity.toLowerCase()} publicity period ended on ${day(publicityEnd)}` };
  }
  return { counts: true, entry, underObjection: objections.some((o) => o.state === 'PENDING'), expires: publicityEnd };
}

/** The first day a repair may be asked for: once the minimum publicity period of the event's severity has passed. */
export function repairableFrom(occurredAt: Date, entry: CatalogueEntry, scheme: Scheme): Date {
  return addMonths(occurredAt, scheme.publicity[entry.severity].minMonths);
}

export const day = (d: Date) => d.toISOString().slice(0, 10);
