import type { HubContext } from '../context';
import type { GraphClient } from '../graph-client';

/** Which of these merchants have granted the reader's organisation a consent that is still valid. */
export type ConsentSource = (usccs: readonly string[], ctx: HubContext) => Promise<ReadonlySet<string>>;

const CONSENTED = 'query ConsentedMerchants($usccs: [CreditCode!]!) { consentedMerchants(usccs: $usccs) }';

/** Asks the credit office through the graph, as the bank officer itself: the same path in every mode. */
export function consentsThroughGraph(graph: GraphClient): ConsentSource {
  return async (usccs, ctx) => new Set((await graph.request<{ consentedMerchants: string[] }>(CONSENTED, { usccs }, ctx)).consentedMerchants);
}

/** At a department in distributed mode: the consents the gateway looked up and asserted for the merchants of this fetch. */
export const assertedConsents: ConsentSource = async (usccs, ctx) => new Set((ctx.consented ?? []).filter((u) => usccs.includes(u)));
