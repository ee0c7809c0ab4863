import { daysAgo, newUscc, TestCity } from '../support/city';
import { codes, postGraphQL, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let city: TestCity;

beforeAll(async () => {
  hub = await startTestHub({ CHANGE_FEED: 'off' });
  city = new TestCity(hub);
}, 120_000);
afterAll(() => hub?.stop());

const cursorOf = (position: string) => Buffer.from(position, 'utf8').toString('base64url');

describe('what the first fuzz round missed, each refused with a code', () => {
  it.each([
    ['a merchants page', '{ merchantsPage(first: 5, after: $a) { nodes { uscc } } }', 'admin'],
    ['the change feed', '{ creditChanges(since: $a) { nodes { uscc } } }', 'officer'],
  ])('refuses a cursor of %s that hides a control character', async (_, selection, who) => {
    const token = who === 'admin' ? await city.admin() : await city.officer('market');
    for (const position of ['92371102MA1000001C\u0000', '\u0000', '1\u0007', '[\"2026-01-01T00:00:00Z\",\"x\u0000\",\"y\"]']) {
      const r = await hub.query(`query($a: String) ${selection}`, { a: cursorOf(position) }, token);
      expect([position, codes(r)]).toEqual([position, ['BAD_USER_INPUT']]);
    }
  });

  it("refuses a control character in an access log's cursor", async () => {
    const uscc = await city.shop();
    const r = await hub.query(
      'query($u: CreditCode!, $a: String) { merchant(uscc: $u) { accessLog(after: $a) { nodes { at } } } }',
      { u: uscc, a: cursorOf('["2026-01-01T00:00:00Z","rid\u0000","who"]') },
      await city.admin(),
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a name filter longer than any name, before the database scans for it', async () => {
    const r = await hub.query('query($f: MerchantFilter) { merchantsPage(first: 5, filter: $f) { nodes { uscc } } }', {
      f: { nameContains: '面'.repeat(300_000) },
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toBe('filter.nameContains must be at most 200 characters');
  });

  it("refuses an operation's name over 200 characters up front, whether named in operationName or only in the document", async () => {
    const name = `Q${'x'.repeat(250)}`;
    for (const body of [{ query: `query ${name} { catalogue { code } }`, operationName: name }, { query: `query ${name} { catalogue { code } }` }]) {
      const res = await fetch(hub.service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await city.admin()}` },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { errors?: { extensions: { code: string } }[] };
      expect([res.status, answer.errors?.map((e) => e.extensions.code)]).toEqual([400, ['BAD_REQUEST']]);
    }
  });

  it("keeps a department's record of a merchant the credit office has not registered yet, and counts it once it is", async () => {
    const uscc = newUscc();
    const id = await city.record(uscc, 'MKT-PEN-SERIOUS', daysAgo(10));
    expect((await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { uscc } }', { u: uscc }, await city.admin())).data!.merchant).toBeNull();
    const r = await postGraphQL(
      hub.service.url,
      'mutation($i: RegisterMerchantInput!) { registerMerchant(input: $i) { uscc } }',
      {
        i: {
          uscc,
          name: '后登记小店',
          kind: 'INDIVIDUAL_BUSINESS',
          trade: '餐饮',
          district: '东港区',
          street: '日照街道',
          address: '海曲路1号',
          operator: { name: '王芳', idNumber: '371102198001010016', phone: '13812345678' },
        },
      },
      await city.admin(),
    );
    expect(r.errors).toBeUndefined();
    const profile = await hub.query(
      'query($u: CreditCode!) { merchant(uscc: $u) { marketEvents { id } credit { score grade } } }',
      { u: uscc },
      await city.admin(),
    );
    expect(profile.data!.merchant).toEqual({ marketEvents: [{ id }], credit: { score: 900, grade: 'B' } });
  });
});
