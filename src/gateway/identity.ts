import { GraphQLError, Kind, parse, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import {
  ASSERTION_HEADER,
  assertionVerifier,
  GATEWAY_AUDIENCE,
  loadGatewayKeys,
  signAssertion,
  type GatewayKeys,
  type RequestIdentity,
} from '../auth/assertion';
import type { FieldRule } from '../auth/policy';
import { hasRole } from '../auth/principal';
import { PURPOSE_HEADER, withRequestPurpose } from '../auth/purpose';
import { createTokenVerifier } from '../auth/tokens';
import { forbidden, unavailable } from '../errors';
import type { Config } from '../config';
import { clientAddress, trustedProxies } from '../http/client';
import { POLICY } from '../subgraphs';

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** Whether a document selects a field of these names; the answer is kept per document (the planner sends the same few). */
function selects(names: ReadonlySet<string>): (query: string) => boolean {
  const known = new LRUCache<string, boolean>({ max: 2000 });
  return (query) => {
    let found = known.get(query);
    if (found === undefined) {
      found = false;
      visit(parse(query), { [Kind.FIELD]: (node) => void (found ||= names.has(node.name.value)) });
      known.set(query, found);
    }
    return found;
  };
}

/**
 * The @inaccessible fields of the supergraph: only the query planner selects them, for a @requires of the credit
 * office (the judgment's facts, the departments' trails of reads). A fetch that selects one feeds the credit office.
 */
export function creditOfficeFetches(supergraphSdl: string): (query: string) => boolean {
  const inputs = new Set<string>();
  visit(parse(supergraphSdl), {
    FieldDefinition: (node) => void (node.directives?.some((d) => d.name.value === 'inaccessible') && inputs.add(node.name.value)),
  });
  return selects(inputs);
}

/** The Merchant fields a bank reads only with the merchant's consent, from the policy table: a fetch of one needs the consents. */
const CONSENT_FIELDS = new Set(
  Object.entries(POLICY.Merchant as Record<string, FieldRule>)
    .filter(([, r]) => r.row.bank_officer === 'consent')
    .map(([f]) => f),
);
const CONSENTED = 'query ConsentedMerchants($usccs: [CreditCode!]!) { consentedMerchants(usccs: $usccs) }';

/** What the gateway needs to tell subgraphs who is asking, and to know who is asking it. */
export interface GatewayIdentity {
  keys: GatewayKeys;
  /** who is asking the gateway: the caller's token, or the credit office's own signed assertion (for its caller, or its own work) */
  identify(request: {
    method: string;
    headers: Headers;
    socketAddress?: string;
    body: Uint8Array;
    requestId: string;
  }): Promise<RequestIdentity & { onBehalf?: boolean }>;
  /** the assertion header's value for one fetch to a subgraph */
  assert(subgraph: string, who: RequestIdentity, query: string, body: string): Promise<string>;
}

/** For a gateway in distributed mode (ours, or Hive Gateway through its plugin). */
export async function gatewayIdentity(config: Config, supergraphSdl: string): Promise<GatewayIdentity> {
  const keys = await loadGatewayKeys(config, true);
  const verifyToken = await createTokenVerifier(config);
  const verifyService = assertionVerifier(keys, GATEWAY_AUDIENCE);
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  const feedsCreditOffice = creditOfficeFetches(supergraphSdl);
  const readsWithConsent = selects(CONSENT_FIELDS);
  const refused = (e: unknown) => new GraphQLError((e as GraphQLError).message, { extensions: { ...(e as GraphQLError).extensions, http: { status: 403 } } });

  /** Which merchants of a bank's fetch consented to it, asked of the credit office itself: a department never needs the bank's token. */
  async function consentsFor(who: RequestIdentity, fetchBody: string): Promise<string[]> {
    const representations = (JSON.parse(fetchBody) as { variables?: { representations?: { uscc?: unknown }[] } }).variables?.representations ?? [];
    const usccs = [...new Set(representations.map((r) => r.uscc).filter((u): u is string => typeof u === 'string'))];
    if (!usccs.length) return [];
    const body = JSON.stringify({ query: CONSENTED, variables: { usccs } });
    const res = await fetch(config.subgraphUrls.credit!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': who.requestId,
        [ASSERTION_HEADER]: await signAssertion(keys, 'credit', { ...who, forCreditOffice: false, consented: null }, body),
      },
      body,
      signal: AbortSignal.timeout(config.SUBGRAPH_TIMEOUT_MS),
    }).catch(() => null);
    const answer = res?.ok ? ((await res.json()) as { data?: { consentedMerchants?: string[] } }) : null;
    if (!Array.isArray(answer?.data?.consentedMerchants))
      throw unavailable("a bank's consents could not be looked up just now; try again", { serviceName: 'credit' });
    return answer.data.consentedMerchants;
  }

  return {
    keys,
    async identify({ method, headers, socketAddress, body, requestId }) {
      const client = clientAddress(socketAddress, header(headers, 'x-forwarded-for'), proxies);
      const service = header(headers, ASSERTION_HEADER);
      // the credit office asks signed with the gateway's key (for its caller, or its own work), not with a token;
      // by POST only: the assertion holds for the body, which a GET does not run
      if (service) {
        try {
          if (method !== 'POST') throw forbidden('a request that carries a gateway assertion must be a POST');
          const who = (await verifyService(service)).forBody(body);
          return { ...who, forCreditOffice: false, consented: null, onBehalf: true };
        } catch (e) {
          throw refused(e);
        }
      }
      const principal = withRequestPurpose(await verifyToken(header(headers, 'authorization')), header(headers, PURPOSE_HEADER));
      return { principal, client, requestId, operation: null, startedAt: new Date(), internal: null, forCreditOffice: false, consented: null };
    },
    async assert(subgraph, who, query, body) {
      const consented = subgraph !== 'credit' && hasRole(who.principal, 'bank_officer') && readsWithConsent(query) ? await consentsFor(who, body) : null;
      return signAssertion(keys, subgraph, { ...who, forCreditOffice: feedsCreditOffice(query), consented }, body);
    },
  };
}
