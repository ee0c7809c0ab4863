import { BlockList, isIP } from 'node:net';
import { GraphQLError, Kind, parse, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ASSERTION_HEADER, assertionVerifier, GATEWAY_AUDIENCE, loadGatewayKeys, signAssertion, type GatewayKeys, type RequestIdentity } from '../auth/assertion';
import { createTokenVerifier } from '../auth/tokens';
import type { Config } from '../config';

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** The addresses whose X-Forwarded-For is believed: the reverse proxies in front of the hub. */
export function trustedProxies(list: readonly string[]): BlockList {
  const proxies = new BlockList();
  for (const entry of list) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address ?? '')) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or a CIDR range`);
    if (bits === undefined) proxies.addAddress(address!, family);
    else proxies.addSubnet(address!, Number(bits), family);
  }
  return proxies;
}

const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
const trusted = (proxies: BlockList, address: string) => isIP(address) !== 0 && proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * The client's address: the socket's, or behind trusted proxies the last address in X-Forwarded-For that is not one
 * of them (the addresses before it are the client's own claims).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, proxies: BlockList): string | null {
  let client = socketAddress ? plain(socketAddress) : null;
  const hops = (forwardedFor ?? '').split(',').map((h) => plain(h.trim())).filter(Boolean);
  while (client && trusted(proxies, client) && hops.length) client = hops.pop()!;
  return client;
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
  const known = new LRUCache<string, boolean>({ max: 2000 });
  return (query) => {
    let feeds = known.get(query);
    if (feeds === undefined) {
      feeds = false;
      visit(parse(query), { [Kind.FIELD]: (node) => void (feeds ||= inputs.has(node.name.value)) });
      known.set(query, feeds);
    }
    return feeds;
  };
}

/** What the gateway needs to tell subgraphs who is asking, and to know who is asking it. */
export interface GatewayIdentity {
  keys: GatewayKeys;
  /** who is asking the gateway: the caller's token, or the credit office's own signed assertion for its internal work */
  identify(request: { headers: Headers; socketAddress?: string; body: Uint8Array; requestId: string }): Promise<RequestIdentity & { authorization?: string; onBehalf?: boolean }>;
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
  return {
    keys,
    async identify({ headers, socketAddress, body, requestId }) {
      const client = clientAddress(socketAddress, header(headers, 'x-forwarded-for'), proxies);
      const service = header(headers, ASSERTION_HEADER);
      // the credit office asks signed with the gateway's key (for its caller, or its own work), not with a token
      if (service) {
        try {
          const who = (await verifyService(service)).forBody(body);
          return { ...who, forCreditOffice: false, onBehalf: true, authorization: who.internal ? undefined : header(headers, 'authorization') };
        } catch (e) {
          throw new GraphQLError((e as GraphQLError).message, { extensions: { ...(e as GraphQLError).extensions, http: { status: 403 } } });
        }
      }
      const authorization = header(headers, 'authorization');
      const principal = await verifyToken(authorization);
      return { principal, client, requestId, operation: null, startedAt: new Date(), internal: null, forCreditOffice: false, authorization };
    },
    assert: (subgraph, who, query, body) => signAssertion(keys, subgraph, { ...who, forCreditOffice: feedsCreditOffice(query) }, body),
  };
}
