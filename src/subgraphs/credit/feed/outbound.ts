import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses no webhook may reach unless its host is allowed by name: this machine, private networks, link-local (cloud metadata), reserved ranges. */
const RESERVED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  RESERVED.addSubnet(net, bits, 'ipv4');
// IPv6: only global unicast (2000::/3) is public, less its translation, tunnelling and documentation ranges
const GLOBAL = new BlockList();
GLOBAL.addSubnet('2000::', 3, 'ipv6');
for (const [net, bits] of [
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
] as const)
  RESERVED.addSubnet(net, bits, 'ipv6');

export const isReserved = (address: string): boolean => {
  // IPv4 written as IPv6 (::ffff:a.b.c.d) is checked as the IPv4 it is
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isReserved(mapped[1]!);
  const family = isIP(address);
  if (family === 6) return !GLOBAL.check(address, 'ipv6') || RESERVED.check(address, 'ipv6');
  return family === 0 || RESERVED.check(address, 'ipv4');
};

/** Why a delivery failed, in words that say nothing of other hosts' networks. */
export class DeliveryRefused extends Error {}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * What is wrong with a webhook address, or null: https only in production, no credentials, a host on the allow-list
 * when there is one, and no address of this machine or a private network written in it. Names are checked again
 * when they are resolved, at every delivery.
 */
export function webhookUrlProblem(input: string, o: { production: boolean; allowedHosts: readonly string[] }): string | null {
  const url = URL.parse(input);
  if (!url || input.length > 2000 || !['https:', 'http:'].includes(url.protocol)) return 'url must be an https URL of at most 2000 characters';
  if (o.production && url.protocol !== 'https:') return 'url must be https';
  if (url.username || url.password) return 'url must not carry credentials';
  const host = hostOf(url).toLowerCase();
  if (o.allowedHosts.length) return o.allowedHosts.includes(host) ? null : `${host} is not among the hosts webhooks may reach (WEBHOOK_HOSTS)`;
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isReserved(host)))
    return 'url must reach a public address, not this machine or a private network';
  return null;
}

/** Resolves a name and refuses it when any of its addresses is reserved: the connection goes only to what was checked. */
function publicOnly(allowed: boolean): LookupFunction {
  return (hostname, options, callback) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(new DeliveryRefused(`${hostname} cannot be resolved`), '', 0);
      if (!allowed && addresses.some((a) => isReserved(a.address))) return callback(new DeliveryRefused('the address is not a public one'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
}

/**
 * POSTs a body to a webhook: never following a redirect, to a public address unless the host is allowed by name,
 * checked after resolution (so a name that rebinds to a private address is refused too). Resolves with the status.
 */
export function postTo(
  target: string,
  body: string,
  headers: Record<string, string>,
  o: { allowedHosts: readonly string[]; timeoutMs: number },
): Promise<number> {
  const url = new URL(target);
  const host = hostOf(url).toLowerCase();
  const allowed = o.allowedHosts.includes(host);
  if (!allowed && isIP(host) && isReserved(host)) return Promise.reject(new DeliveryRefused('the address is not a public one'));
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // one deadline for the whole delivery: a receiver that trickles its answer holds no one up
    const signal = AbortSignal.timeout(o.timeoutMs);
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: publicOnly(allowed), signal },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e) =>
      reject(e instanceof DeliveryRefused ? e : new DeliveryRefused(signal.aborted ? `no answer within ${o.timeoutMs / 1000} s` : 'the connection failed')),
    );
    req.end(body);
  });
}
