/** One merchant's non-public fields served by one subgraph in one request, and whether each read was allowed. */
export interface AccessRecord {
  subgraph: string;
  uscc: string;
  fields: Map<string, boolean>;
}

/** Collects, during a request, every read of non-public data about a merchant; written once, at the end. */
export class AuditTrail {
  private readonly reads = new Map<string, AccessRecord>();

  record(subgraph: string, uscc: string, coordinate: string, allowed: boolean): void {
    const key = `${subgraph}:${uscc}`;
    let entry = this.reads.get(key);
    if (!entry) this.reads.set(key, (entry = { subgraph, uscc, fields: new Map() }));
    // a field refused once in a request stays refused in the trail
    entry.fields.set(coordinate, (entry.fields.get(coordinate) ?? true) && allowed);
  }

  get size(): number {
    return this.reads.size;
  }

  entries(): AccessRecord[] {
    return [...this.reads.values()];
  }
}

export type AccessOutcome = 'ALLOWED' | 'REFUSED' | 'PARTIAL';

export function outcomeOf(fields: Map<string, boolean>): AccessOutcome {
  const values = [...fields.values()];
  if (values.every(Boolean)) return 'ALLOWED';
  return values.some(Boolean) ? 'PARTIAL' : 'REFUSED';
}

/** Two parts of one request's look at a merchant, recorded apart: allowed only if both were. */
export const mergedOutcome = (a: string, b: string): AccessOutcome => (a === b ? (a as AccessOutcome) : 'PARTIAL');
