import type { HubContext } from '../context';
import type { GraphClient } from '../graph-client';

/** Which of these merchants have granted the reader's organisation a consent that is still valid. */
export type ConsentSource = (usccs: readonly string[], ctx: HubContext) => Promise<ReadonlySet<string>>;

const CONSENTED = 'query ConsentedMerchants($usccs: [CreditCode!]!) { consentedMerchants(usccs: $usccs) }';

/** Asks the credit office through the graph, as the bank officer itself: the same path in every mode. */
export function consentsThroughGraph(graph: GraphClient): ConsentSource {
  return async (usccs, ctx) => new Set((await graph.request<{ consentedMerchants: string[] }>(CONSENTED, { usccs }, ctx)).consentedMerchants);
}
