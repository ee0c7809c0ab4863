import type { CatalogueEntry } from '../catalogue/types';
import type { FactEvent, Objection, Repair, Scheme } from './types';

const DAY_MS = 86_400_000;

/** The proleptic Gregorian date of a count of days since 1970-01-01 (H. Hinnant's civil_from_days): no Date to build. */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** The count of days since 1970-01-01 of a proleptic Gregorian date (days_from_civil); `m` 1–12, or 13 for January of the next year. */
function daysOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * Adds whole calendar months, in UTC, so periods end on the same day of the month (or the month's last day, when it
 * is shorter), at the same time of day. In arithmetic: the engine does this for every record of every judgment.
 */
export function addMonths(date: Date, months: number): Date {
  const t = date.getTime();
  const timeOfDay = ((t % DAY_MS) + DAY_MS) % DAY_MS;
  const { y, m, d } = civil((t - timeOfDay) / DAY_MS);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const first = daysOf(year, month, 1);
  const last = daysOf(year, month + 1, 1) - first;
  return new Date((first + Math.min(d, last) - 1) * DAY_MS + timeOfDay);
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

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The UTC calendar day, as ISO 8601 writes it (YYYY-MM-DD), without the string of a whole timestamp. */
export function day(date: Date): string {
  const t = date.getTime();
  const { y, m, d } = civil(Math.floor(t / DAY_MS));
  // a year of other than four digits (or no date at all): as it always was written
  if (!(y >= 0 && y <= 9999)) return date.toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}
