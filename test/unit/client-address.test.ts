import { clientAddress, trustedProxies } from '../../src/gateway/identity';

describe('the client behind reverse proxies', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '127.0.0.1', '::1']);

  it('is the socket when no proxy is trusted: an X-Forwarded-For from anyone else is the client\'s own word', () => {
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

  it('refuses a proxy list it cannot read', () => {
    expect(() => trustedProxies(['localhost'])).toThrow(/TRUSTED_PROXIES/);
  });
});
