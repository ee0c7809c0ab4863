import { isReserved, webhookUrlProblem } from '../../src/subgraphs/credit/feed/outbound';

describe('where a webhook may point', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    'ff02::1',
  ])('counts %s as reserved: this machine, a private network, link-local (cloud metadata) or multicast', (address) => {
    expect(isReserved(address)).toBe(true);
  });

  it.each(['8.8.8.8', '114.114.114.114', '2400:3200::1', '172.32.0.1', '11.0.0.1'])('counts %s as public', (address) => {
    expect(isReserved(address)).toBe(false);
  });

  const open = { production: false, allowedHosts: [] };
  it.each([
    ['http://127.0.0.1:8080/hook', open, /public address/],
    ['http://0x7f000001/hook', open, /public address/],
    ['http://2130706433/hook', open, /public address/],
    ['http://localhost/hook', open, /public address/],
    ['http://[::1]/hook', open, /public address/],
    ['http://169.254.169.254/latest/meta-data', open, /public address/],
    ['http://user:secret@example.com/hook', open, /credentials/],
    ['ftp://example.com/hook', open, /https URL/],
    ['http://example.com/hook', { production: true, allowedHosts: [] }, /must be https/],
    ['https://other.example.com/hook', { production: true, allowedHosts: ['hooks.market.gov.cn'] }, /not among the hosts/],
  ])('refuses %s', (url, o, why) => {
    expect(webhookUrlProblem(url, o)).toMatch(why);
  });

  it('accepts a public https address, and a private host the operator allows by name', () => {
    expect(webhookUrlProblem('https://hooks.example.com/credit', { production: true, allowedHosts: [] })).toBeNull();
    expect(webhookUrlProblem('https://10.20.0.5/credit', { production: true, allowedHosts: ['10.20.0.5'] })).toBeNull();
  });
});
