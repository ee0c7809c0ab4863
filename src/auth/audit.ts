/** One merchant's non-public fields read in one request, and whether each read was allowed. */
export interface AccessRecord {
  uscc: string;
  fields: Map<string, boolean>;
}

/** Collects, during a request, every read of non-public data about a merchant; written once, at the end. */
export class AuditTrail {
  private readonly byMerchant = new Map<string, Map<string, boolean>>();

  record(uscc: string, coordinate: string, allowed: boolean): void {
    let fields = this.byMerchant.get(uscc);
    if (!fields) this.byMerchant.set(uscc, (fields = new Map()));
    // a field refused once in a request stays refused in the trail
    fields.set(coordinate, (fields.get(coordinate) ?? true) && allowed);
  }

  get size(): number {
    return this.byMerchant.size;
  }

  entries(): AccessRecord[] {
    return [...this.byMerchant].map(([uscc, fields]) => ({ uscc, fields }));
  }
}

export type AccessOutcome = 'ALLOWED' | 'REFUSED' | 'PARTIAL';

export function outcomeOf(fields: Map<string, boolean>): AccessOutcome {
  const values = [...fields.values()];
  if (values.every(Boolean)) return 'ALLOWED';
  return values.some(Boolean) ? 'PARTIAL' : 'REFUSED';
}
