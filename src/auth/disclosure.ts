import { catalogueEntry } from '../catalogue';
import { addMonths, PUBLICITY } from '../credit-engine';
import type { WithdrawnRecord } from '../events/types';

type Item = Record<string, unknown>;
/** Whether the public may see one record of a type. */
export type Disclosable = (item: Item, now: Date) => boolean;
/** Which records the public may see, by record type. */
export type Disclosure = Readonly<Record<string, Disclosable>>;

/** Finance's records are private (loans, arrears) but for its lists and the tax arrears the tax office announces. */
const PUBLIC_FINANCE = new Set(['FIN-ARR-TAX']);

/** Published while inside the national publicity period of its severity; minor information is never published. */
export function published(code: string, at: unknown, now: Date): boolean {
  const entry = catalogueEntry(code);
  if (!entry || entry.severity === 'MINOR' || !(at instanceof Date)) return false;
  if (entry.department === 'finance' && !entry.listEffect && !PUBLIC_FINANCE.has(code)) return false;
  return addMonths(at, PUBLICITY[entry.severity].maxMonths) > now;
}

/** The shared types' rules, which every subgraph applies; a department adds those of its own records. */
export const DISCLOSABLE: Disclosure = {
  CreditEvent: disclosableEvent,
};

function disclosableEvent(e: Item, now: Date): boolean {
  if (e.status === 'RESCINDED' || e.status === 'EXPIRED') return false;
  // a listing its department has ended is no longer shown as one
  const endedListing = catalogueEntry(e.code as string)?.listEffect && e.endedAt instanceof Date && e.endedAt <= now;
  return !endedListing && published(e.code as string, e.occurredAt, now);
}

/** The credit event a disclosable item stands for: a credit event is one; a department's record names the one it produced. */
const eventOf = (type: string, item: Item) => (type === 'CreditEvent' ? item.id : item.eventId);

/** Whether the credit office's decisions took an item out of publication by `now`: revoked on objection, or repaired by then. */
export function withdrawn(decisions: readonly WithdrawnRecord[], type: string, item: Item, now: Date): boolean {
  const eventId = eventOf(type, item);
  // in a representation the repair's date is ISO 8601 text, as the credit office's DateTime wrote it
  return decisions.some((w) => w.eventId === eventId && (w.from === null || new Date(w.from) <= now));
}
