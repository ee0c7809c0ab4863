import { recordMutation } from '../../src/catalogue/types';
import { queryOnce } from '../../src/db/database';
import { newUscc } from '../support/city';
import { codes, startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let admin: string;
let marketOfficer: string;
beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ roles: ['admin'] });
  marketOfficer = await hub.token({ roles: ['department_officer'], department: 'market', sub: 'officer-7' });
});
afterAll(() => hub?.stop());

const REGISTER = `mutation($input: RegisterMerchantInput!) { registerMerchant(input: $input) { uscc name kind qrToken operator { name idNumber phone } } }`;
const RECORD_MARKET = `mutation($input: RecordEventInput!) { recordMarketEvent(input: $input) { id uscc code department occurredAt status sourceRecordId } }`;

const shop = (uscc = '92371102MA3C4DEF52') => ({
  uscc,
  name: '东港李记面馆',
  kind: 'INDIVIDUAL_BUSINESS',
  trade: '餐饮',
  district: '东港区',
  street: '日照街道',
  address: '山东省日照市东港区海曲路12号',
  operator: { name: '李伟', idNumber: '371102198001010016', phone: '13812345678' },
});
let counter = 0;
const event = (uscc: string, over: Record<string, unknown> = {}) => ({
  uscc,
  code: 'MKT-PEN-GENERAL',
  occurredAt: '2026-03-02T08:00:00Z',
  sourceRecordId: `日市监罚〔2026〕${++counter}号`,
  summary: 'Sold expired food; fined 2,000 yuan',
  ...over,
});

const rowCount = async (sql: string, params: unknown[]) => (await queryOnce(hub.databaseUrl, sql, params)).length;

describe('registering merchants', () => {
  it('is for administrators: the public is asked to sign in, a clerk is refused', async () => {
    const input = shop(newUscc());
    expect(codes(await hub.query(REGISTER, { input }))).toEqual(['UNAUTHENTICATED']);
    const clerk = await hub.token({ roles: ['approval_clerk'] });
    expect(codes(await hub.query(REGISTER, { input }, clerk))).toEqual(['FORBIDDEN']);
    expect(await rowCount('select 1 from credit.merchant where uscc = $1', [input.uscc])).toBe(0);
  });

  it('adds the merchant with an unguessable QR token, and a retry returns the same entry', async () => {
    const input = shop(newUscc());
    const first = await hub.query(REGISTER, { input }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerMerchant.qrToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = await hub.query(REGISTER, { input }, admin);
    expect(again.data!.registerMerchant).toEqual(first.data!.registerMerchant);
    expect(await rowCount('select 1 from credit.merchant where uscc = $1', [input.uscc])).toBe(1);
  });

  it('refuses a second, different registration of the same code as a conflict', async () => {
    const input = shop(newUscc());
    await hub.query(REGISTER, { input }, admin);
    const r = await hub.query(REGISTER, { input: { ...input, name: '另一家店' } }, admin);
    expect(codes(r)).toEqual(['CONFLICT']);
  });

  it.each([
    ['a kind that contradicts the code', { kind: 'ENTERPRISE' }, /entity type 2/],
    ['a bad resident id number', { operator: { name: '李伟', idNumber: '370102198001010011', phone: '13812345678' } }, /idNumber/],
    ['a phone that is no phone', { operator: { name: '李伟', idNumber: '371102198001010016', phone: '12' } }, /phone/],
    ['an empty name', { name: '  ' }, /name must be/],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, over, why) => {
    const input = { ...shop(newUscc()), ...over };
    const r = await hub.query(REGISTER, { input }, admin);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(why);
    expect(await rowCount('select 1 from credit.merchant where uscc = $1', [input.uscc])).toBe(0);
  });
});

describe('recording credit events', () => {
  it("lets a market officer record a market code, stamped with the officer's identity", async () => {
    const input = event(newUscc());
    const r = await hub.query(RECORD_MARKET, { input }, marketOfficer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordMarketEvent).toEqual(
      expect.objectContaining({ code: 'MKT-PEN-GENERAL', department: 'MARKET', status: 'ACTIVE', sourceRecordId: input.sourceRecordId }),
    );
    expect(await rowCount('select 1 from market.credit_event where source_record_id = $1 and recorded_by = $2', [input.sourceRecordId, 'officer-7'])).toBe(1);
  });

  it('returns the same event when the same record is sent again', async () => {
    const input = event(newUscc());
    const first = await hub.query(RECORD_MARKET, { input }, marketOfficer);
    const again = await hub.query(RECORD_MARKET, { input }, marketOfficer);
    expect(again.data!.recordMarketEvent.id).toBe(first.data!.recordMarketEvent.id);
  });

  it('refuses a reused record id carrying another fact as a conflict', async () => {
    const input = event(newUscc());
    await hub.query(RECORD_MARKET, { input }, marketOfficer);
    const r = await hub.query(RECORD_MARKET, { input: { ...input, code: 'MKT-PEN-SERIOUS' } }, marketOfficer);
    expect(codes(r)).toEqual(['CONFLICT']);
  });

  it.each([
    ['an unknown catalogue code', { code: 'MKT-NOPE' }, /not a code of the credit-information catalogue/],
    ["another department's code", { code: 'URB-SAN-01' }, /URB-SAN-01 is a urban code; the market department records only its own codes/],
    ['a date in the future', { occurredAt: '2999-01-01T00:00:00Z' }, /in the future/],
    ['an evidence link that is no web address', { evidenceUrl: 'javascript:alert(1)' }, /evidenceUrl/],
    ['an empty record id', { sourceRecordId: ' ' }, /sourceRecordId/],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, over, why) => {
    const input = event(newUscc(), over);
    const r = await hub.query(RECORD_MARKET, { input }, marketOfficer);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(why);
    expect(await rowCount('select 1 from market.credit_event where uscc = $1', [input.uscc])).toBe(0);
  });

  it('refuses a bad credit code before anything is written', async () => {
    const r = await hub.query(RECORD_MARKET, { input: event('92371102MA3C4DEF5X') }, marketOfficer);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps each department to its own records: an urban officer may not record market events, the public may not record at all', async () => {
    const urbanOfficer = await hub.token({ roles: ['department_officer'], department: 'urban' });
    const analyst = await hub.token({ roles: ['department_analyst'], department: 'market' });
    const input = event(newUscc());
    expect(codes(await hub.query(RECORD_MARKET, { input }, urbanOfficer))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(RECORD_MARKET, { input }, analyst))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.query(RECORD_MARKET, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(await rowCount('select 1 from market.credit_event where uscc = $1', [input.uscc])).toBe(0);
  });

  it('records into each department through its own mutation', async () => {
    const uscc = newUscc();
    for (const [department, code] of [
      ['urban', 'URB-SAN-01'],
      ['approval', 'APR-CMT-BREACH'],
      ['finance', 'FIN-ARR-TAX'],
    ] as const) {
      const officer = await hub.token({ roles: ['department_officer'], department });
      const name = recordMutation(department);
      const r = await hub.query(
        `mutation($input: RecordEventInput!) { ${name}(input: $input) { department code } }`,
        { input: event(uscc, { code }) },
        officer,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data![name]).toEqual({ department: department.toUpperCase(), code });
    }
    const profile = await hub.query('query($u: CreditCode!) { merchant(uscc: $u) { uscc } }', { u: uscc });
    expect(profile.data!.merchant).toBeNull(); // not registered in the directory: facts may arrive first
  });
});
