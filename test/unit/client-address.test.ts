import { clientAddress, limitKey, trustedProxies } from '../../src/http/client';

describe('the client behind reverse proxies', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '127.0.0.1', '::1']);

  it("is the socket when no proxy is trusted: an X-Forwarded-For from anyone else is the client's own word", () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', trustedProxies([]))).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '198.51.100.1', proxies)).toBe('203.0.113.7');
  });

  it('is the last address a trusted proxy names, past every trusted hop', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.7, 10.1.2.3', proxies)).toBe('203.0.113.7');
    expect(clientAddress('::1', '2001:db8::5', proxies)).toBe('2001:db8::5');
  });

  it('stays the proxy when the proxy names no one', () => {
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('stops believing at a hop that is no address', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7, 198.51.100.1:4431', proxies)).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64, within which it may roam, and an IPv4 client by its address', () => {
    expect(limitKey('2001:db8:85a3:12:0:8a2e:370:7334')).toBe('2001:db8:85a3:12::/64');
    expect(limitKey('2001:db8:85a3:12::1')).toBe(limitKey('2001:0db8:85a3:0012:ffff::9'));
    expect(limitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(limitKey(null)).toBe('unknown');
  });

  it('refuses a proxy list it cannot read', () => {
    expect(() => trustedProxies(['localhost'])).toThrow(/TRUSTED_PROXIES/);
  });
});
