import { BlockList, isIP } from 'node:net';

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
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  while (client && trusted(proxies, client) && hops.length) {
    const hop = hops.pop()!;
    // a hop that is no address (a port, an obfuscated name) ends what can be believed
    if (!isIP(hop)) break;
    client = hop;
  }
  return client;
}

/** Whom a per-client limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's network, which it may roam within). */
export function limitKey(client: string | null | undefined): string {
  if (!client || isIP(client) !== 6) return client ?? 'unknown';
  const [head, tail] = client.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
