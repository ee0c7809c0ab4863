import { runCli } from '../support/processes';
import { queryOnce } from '../../src/db/database';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { freshDatabase } from '../support/database';

const samples = resolve(__dirname, '../../docs/import');

/** The compiled command line, as `npm run import -- …` runs it. */
const importCli = (args: string[], databaseUrl: string) => runCli(['import', ...args], { NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });

/** The counts of the report on stdout. */
const counts = (stdout: string) => {
  const count = (label: string) => Number(stdout.match(new RegExp(`^\\s*${label}\\s+(\\d+)`, 'm'))?.[1]);
  return { read: count('read'), written: count('written'), present: count('already present'), rejected: count('rejected') };
};

/** A working folder with a copy of a sample export, so the rejected file lands beside the copy, not in docs/. */
const copyOfSample = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'credit-hub-import-'));
  copyFileSync(join(samples, name), join(dir, name));
  return join(dir, name);
};

const exportFile = (name: string, content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'credit-hub-import-')), name);
  writeFileSync(path, content);
  return path;
};

const rejectedRows = (path: string): { line: string; field: string; reason: string; row: string }[] => parse(readFileSync(path), { bom: true, columns: true });

const sql = queryOnce;

let db: { url: string; drop(): Promise<void> };
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => db.drop());

const SHOP = '92371102MA3C4DEF50';
const HEADER = 'uscc,code,occurredAt,sourceRecordId,summary,evidenceUrl,endedAt';

describe("a department's bulk import (the compiled command line)", () => {
  it("writes every row of the market sample export into the market department's events, recorded by the import", async () => {
    const file = copyOfSample('market-events.sample.csv');
    const out = importCli(['market', file], db.url);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(counts(out.stdout)).toEqual({ read: 12, written: 12, present: 0, rejected: 0 });

    const rows = await sql<{ source_record_id: string; code: string; status: string; summary: string }>(
      db.url,
      'select source_record_id, code, status, summary from market.credit_event where recorded_by = $1',
      ['import:market-events.sample.csv'],
    );
    expect(rows).toHaveLength(12);
    const byId = new Map(rows.map((r) => [r.source_record_id, r]));
    expect(byId.get('日东市监罚〔2026〕101号')).toEqual(
      expect.objectContaining({ code: 'MKT-PEN-GENERAL', status: 'ACTIVE', summary: '销售过期食品，罚款2,000元' }),
    );
    expect(byId.get('日岚市监罚〔2026〕33号')!.summary).toBe('未明码标价，海鲜按"时价"收费');
    expect(byId.get('WLY-2026-0901-03')!.summary).toBe('承诺无理由退货、先行赔付，\n全年履诺');
    expect(byId.get('JYYC-2025-0412')!.status).toBe('ENDED'); // it has an endedAt: the listing was lifted
    expect(rejectedRows(`${file}.rejected.csv`)).toEqual([]);
  });

  it('writes nothing when the same export is imported again, and reports every row as already present', async () => {
    const file = copyOfSample('market-events.sample.csv');
    expect(importCli(['market', file], db.url).status).toBe(0);
    const again = importCli(['market', file], db.url);
    expect(again.status).toBe(0);
    expect(counts(again.stdout)).toEqual({ read: 12, written: 0, present: 12, rejected: 0 });
    expect(await sql(db.url, 'select 1 from market.credit_event')).toHaveLength(12);
  });

  // a spreadsheet's "CSV UTF-8" export: a byte-order mark and CRLF line ends
  const brokenExport = `\uFEFF${[
    HEADER,
    `${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,BRK-1,"未按规定公示营业执照，警告",,`, // line 2: good
    `92371102MA3C4DEF5X,MKT-PEN-MINOR,2026-03-02T08:00:00Z,BRK-2,bad check character,,`, // 3
    `${SHOP},URB-SAN-01,2026-03-02T08:00:00Z,BRK-3,littering is for urban management,,`, // 4
    `${SHOP},MKT-PEN-MINOR,2999-01-01T00:00:00Z,BRK-4,from the future,,`, // 5
    `${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,BRK-5,one column short`, // 6
    `${SHOP},MKT-PEN-MINOR,2026/03/02 08:00,BRK-6,a date without an offset,,`, // 7
    `${SHOP},MKT-PEN-GENERAL,2026-04-01T08:00:00Z,BRK-7,"fined 2,000 yuan,\r\nover two lines",,`, // lines 8–9: good
    `${SHOP},MKT-PEN-SERIOUS,2026-04-01T08:00:00Z,BRK-7,the same record id for another fact,,`, // 10
    `${SHOP},MKT-PEN-GENERAL,2026-04-01T08:00:00Z,BRK-7,the same fact sent twice,,`, // 11: counted once
    `${SHOP},MKT-PEN-SERIOUS,2026-03-02T08:00:00Z,日东市监罚〔2026〕101号,the sample's record id for another fact,,`, // 12
    `${SHOP},MKT-POS-MODEL,2026-05-01T00:00:00Z,BRK-8,model shop,https://amr.rizhao.gov.cn/fxxf/8,`, // 13: good
  ].join('\r\n')}\r\n`;

  it.each([
    ['in one statement', []],
    ['one row per statement', ['--batch-size', '1']],
  ])('rejects exactly the broken rows of an export, each with its line, row and reason, and writes the good ones (%s)', async (_, options) => {
    expect(importCli(['market', copyOfSample('market-events.sample.csv')], db.url).status).toBe(0);
    const file = exportFile('market-2026-q2.csv', brokenExport);
    const out = importCli(['market', file, ...options], db.url);
    expect(out.status).toBe(0); // it ran: rejected rows are reported, not fatal
    expect(counts(out.stdout)).toEqual({ read: 11, written: 3, present: 1, rejected: 7 });

    const rejected = rejectedRows(`${file}.rejected.csv`);
    expect(rejected.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: '3', field: 'uscc', reason: 'credit code "92371102MA3C4DEF5X" fails its check character: expected "0", found "X"' },
      { line: '4', field: 'code', reason: 'URB-SAN-01 is a urban code; the market department records only its own codes' },
      { line: '5', field: 'occurredAt', reason: 'occurredAt 2999-01-01T00:00:00.000Z is in the future' },
      { line: '6', field: '', reason: 'the row has 5 fields; the header has 7' },
      { line: '7', field: 'occurredAt', reason: expect.stringMatching(/^occurredAt "2026\/03\/02 08:00" is not a date-time with an offset/) },
      {
        line: '10',
        field: 'sourceRecordId',
        reason: expect.stringMatching(/already recorded "BRK-7" with other content \(MKT-PEN-GENERAL for 92371102MA3C4DEF50 on 2026-04-01/),
      },
      { line: '12', field: 'sourceRecordId', reason: expect.stringMatching(/already recorded "日东市监罚〔2026〕101号" with other content \(MKT-PEN-GENERAL/) },
    ]);
    expect(rejected.find((r) => r.line === '6')!.row).toBe(`${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,BRK-5,one column short`);

    const stored = await sql<{ source_record_id: string; code: string; summary: string }>(
      db.url,
      `select source_record_id, code, summary from market.credit_event where recorded_by = 'import:market-2026-q2.csv' order by source_record_id`,
    );
    expect(stored).toEqual([
      { source_record_id: 'BRK-1', code: 'MKT-PEN-MINOR', summary: '未按规定公示营业执照，警告' },
      { source_record_id: 'BRK-7', code: 'MKT-PEN-GENERAL', summary: 'fined 2,000 yuan,\r\nover two lines' },
      { source_record_id: 'BRK-8', code: 'MKT-POS-MODEL', summary: 'model shop' },
    ]);
    const [sample] = await sql<{ code: string }>(db.url, `select code from market.credit_event where source_record_id = '日东市监罚〔2026〕101号'`);
    expect(sample!.code).toBe('MKT-PEN-GENERAL'); // the stored fact is never overwritten
  });

  it('imports the finance sample as NDJSON and rejects the lines that hold no event, with their reasons', async () => {
    const sample = copyOfSample('finance-events.sample.ndjson');
    const first = importCli(['finance', sample], db.url);
    expect(first.status).toBe(0);
    expect(counts(first.stdout)).toEqual({ read: 6, written: 6, present: 0, rejected: 0 });
    expect(await sql(db.url, `select 1 from finance.credit_event where recorded_by = 'import:finance-events.sample.ndjson'`)).toHaveLength(6);

    const event = (over: Record<string, unknown>) =>
      JSON.stringify({ uscc: SHOP, code: 'FIN-LOAN-REPAID', occurredAt: '2026-06-30T00:00:00Z', sourceRecordId: 'LN-1', summary: '按期还款', ...over });
    const file = exportFile(
      'loans.jsonl',
      [
        event({}), // 1: good
        '{"uscc": "92371102MA3C4DEF50", "code": "FIN-', // 2: cut off
        '', // 3: blank, skipped
        '[1, 2, 3]', // 4
        event({ sourceRecordId: 'LN-5', department: 'finance' }), // 5
        event({ sourceRecordId: 5 }), // 6
        event({ sourceRecordId: 'LN-7', summary: undefined }), // 7
        event({ sourceRecordId: 'LN-8', code: 'MKT-PEN-MINOR' }), // 8
        event({ sourceRecordId: 'LN-9', endedAt: '2026-01-01T00:00:00Z' }), // 9: ended before it began
        event({ sourceRecordId: 'LN-10', summary: '按期\u0000还款' }), // 10: text no record can hold
      ].join('\n'),
    );
    const out = importCli(['finance', file], db.url);
    expect(out.status).toBe(0);
    expect(counts(out.stdout)).toEqual({ read: 9, written: 1, present: 0, rejected: 8 });
    expect(rejectedRows(`${file}.rejected.csv`).map(({ line, field, reason }) => [line, field, reason])).toEqual([
      ['2', '', expect.stringMatching(/^not a JSON object: /)],
      ['4', '', expect.stringMatching(/^not a JSON object: each line holds one event/)],
      ['5', '', expect.stringMatching(/^unknown field "department"/)],
      ['6', 'sourceRecordId', 'sourceRecordId must be a string, not 5'],
      ['7', 'summary', 'summary is missing'],
      ['8', 'code', 'MKT-PEN-MINOR is a market code; the finance department records only its own codes'],
      ['9', 'endedAt', 'endedAt must lie between occurredAt and now'],
      ['10', 'summary', 'summary holds a NUL character or half of a surrogate pair'],
    ]);
  });

  it('rejects dates no credit record can have, keeps the rows beside them, and imports the same file again without failing', async () => {
    const row = (id: string, occurredAt: string) => `${SHOP},MKT-PEN-MINOR,${occurredAt},${id},scales not calibrated,,`;
    const file = exportFile(
      'dates.csv',
      [
        HEADER,
        row('D-1', '0025-11-01T00:00:00Z'),
        row('D-2', '1949-09-30T00:00:00Z'),
        row('D-3', '1949-10-01T00:00:00Z'),
        row('D-4', '2026-03-02T08:00:00Z'),
      ].join('\n'),
    );
    for (const run of [1, 2]) {
      const out = importCli(['market', file], db.url);
      expect([run, out.stderr, out.status]).toEqual([run, '', 0]);
      expect(counts(out.stdout)).toEqual(run === 1 ? { read: 4, written: 2, present: 0, rejected: 2 } : { read: 4, written: 0, present: 2, rejected: 2 });
      expect(rejectedRows(`${file}.rejected.csv`).map(({ line, field, reason }) => [line, field, reason])).toEqual([
        ['2', 'occurredAt', 'occurredAt 0025-11-01T00:00:00.000Z lies before 1900, earlier than any date this hub accepts'],
        ['3', 'occurredAt', expect.stringMatching(/lies before 1949-10-01/)],
      ]);
    }
    expect(await sql(db.url, `select source_record_id, occurred_at::text from market.credit_event order by source_record_id`)).toEqual([
      { source_record_id: 'D-3', occurred_at: '1949-10-01 00:00:00+00' },
      { source_record_id: 'D-4', occurred_at: '2026-03-02 08:00:00+00' },
    ]);
  });

  it('stops at a quote that never closes, keeps the rows before it, and says where reading stopped', async () => {
    const file = exportFile(
      'cut.csv',
      [
        HEADER,
        `${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,CUT-1,fine,,`,
        `${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,CUT-2,"never closed,,`,
        `${SHOP},MKT-PEN-MINOR,2026-03-02T08:00:00Z,CUT-3,unread,,`,
      ].join('\n'),
    );
    const out = importCli(['market', file], db.url);
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toBe('credit-hub: line 3: a quoted field is never closed; nothing from there on was read');
    expect(counts(out.stdout)).toEqual({ read: 1, written: 1, present: 0, rejected: 0 });
    expect(await sql(db.url, `select source_record_id from market.credit_event`)).toEqual([{ source_record_id: 'CUT-1' }]);
  });

  it.each([
    [
      'an unknown department',
      ['shoes', join(samples, 'market-events.sample.csv')],
      /^error: command-argument value 'shoes' is invalid for argument 'department'\. one of market, urban, approval, finance$/,
    ],
    ['a file that does not exist', ['market', '/nowhere/market-events.csv'], /^credit-hub: no file at \/nowhere\/market-events\.csv$/],
    ['a file of no known format', ['market', join(samples, '..', '..', 'README.md')], /^credit-hub: cannot tell the format of .*README\.md from its extension/],
    [
      'a header that lacks a column',
      ['market', exportFile('short-header.csv', 'uscc,code,occurredAt,summary\n')],
      /^credit-hub: .*short-header\.csv: the header lacks sourceRecordId; the columns are/,
    ],
  ])('refuses %s in one line on stderr, with exit code 1, and writes nothing', async (_, args, why) => {
    // the market's events, or -1 while the market's tables do not exist
    const events = async () =>
      (await sql<{ t: string | null }>(db.url, "select to_regclass('market.credit_event')::text as t"))[0]!.t
        ? (await sql<{ n: number }>(db.url, 'select count(*)::int as n from market.credit_event'))[0]!.n
        : -1;
    const before = await events();
    const out = importCli(args, db.url);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(why)]);
    expect(await events()).toBe(before);
  });
});

describe('a bulk import of typed records (--kind)', () => {
  it('writes the penalty sample: each decision with the credit event its severity implies; again, nothing twice', async () => {
    const file = copyOfSample('market-penalties.sample.csv');
    const out = importCli(['market', file, '--kind', 'penalty'], db.url);
    expect([out.stderr, out.status]).toEqual(['', 0]);
    expect(counts(out.stdout)).toEqual({ read: 5, written: 5, present: 0, rejected: 0 });
    const rows = await sql<{ decision_number: string; fine_yuan: number; code: string; recorded_by: string }>(
      db.url,
      `select p.decision_number, p.fine_yuan, e.code, e.recorded_by from market.penalty p join market.credit_event e on e.id = p.event_id order by p.decided_at`,
    );
    expect(rows.map((r) => [r.decision_number, r.code])).toEqual([
      ['日东市监罚〔2026〕211号', 'MKT-PEN-GENERAL'],
      ['日东市监简〔2026〕48号', 'MKT-PEN-MINOR'],
      ['日岚市监罚〔2026〕77号', 'MKT-PEN-GENERAL'],
      ['日东市监罚〔2026〕305号', 'MKT-PEN-SERIOUS'],
      ['莒市监罚〔2026〕19号', 'MKT-PEN-MINOR'],
    ]);
    expect(new Set(rows.map((r) => r.recorded_by))).toEqual(new Set(['import:market-penalties.sample.csv']));

    const again = importCli(['market', file, '--kind', 'penalty'], db.url);
    expect(counts(again.stdout)).toEqual({ read: 5, written: 0, present: 5, rejected: 0 });
    expect(await sql(db.url, 'select 1 from market.credit_event')).toHaveLength(5);
  });

  it('rejects each bad penalty row with its reason and writes the others, each with its event', async () => {
    const header = 'uscc,sourceRecordId,decisionNumber,decidedAt,violation,severity,fineYuan,evidenceUrl';
    const row = (id: string, over: Partial<Record<'number' | 'date' | 'severity' | 'fine', string>> = {}) =>
      `${SHOP},${id},${over.number ?? `罚〔2026〕${id}号`},${over.date ?? '2026-03-02T08:00:00Z'},经营超过保质期的食品,${over.severity ?? 'GENERAL'},${over.fine ?? '3000'},`;
    const file = exportFile(
      'penalties.csv',
      [
        header,
        row('P-1'), // 2: good
        row('P-2', { fine: '-100' }), // 3
        row('P-3', { severity: 'HUGE' }), // 4
        row('P-4', { date: '2999-01-01T00:00:00Z' }), // 5
        row('P-5', { fine: '三千' }), // 6
        row('P-1', { fine: '9000' }), // 7: the record id of line 2, another fine
        row('P-7', { number: '罚〔2026〕P-1号' }), // 8: line 2's decision number under another id
        row('P-8', { severity: 'serious' }), // 9: good, the severity in lower case
      ].join('\n'),
    );
    const out = importCli(['market', file, '--kind', 'penalty'], db.url);
    expect(out.status).toBe(0);
    expect(counts(out.stdout)).toEqual({ read: 8, written: 2, present: 0, rejected: 6 });
    expect(rejectedRows(`${file}.rejected.csv`).map(({ line, field, reason }) => [line, field, reason])).toEqual([
      ['3', 'fineYuan', 'fineYuan must be a whole number from 0 to 2000000000'],
      ['4', 'severity', 'severity "HUGE" is not one of MINOR, GENERAL, SERIOUS'],
      ['5', 'decidedAt', expect.stringMatching(/^decidedAt 2999-01-01T00:00:00.000Z is in the future/)],
      ['6', 'fineYuan', 'fineYuan "三千" is not a whole number'],
      ['7', 'sourceRecordId', expect.stringMatching(/already recorded "P-1" with other content .*fineYuan 3000/)],
      ['8', 'sourceRecordId', expect.stringMatching(/already holds a penalty record with decisionNumber/)],
    ]);
    expect(await sql(db.url, 'select e.code from market.penalty p join market.credit_event e on e.id = p.event_id order by e.code')).toEqual([
      { code: 'MKT-PEN-GENERAL' },
      { code: 'MKT-PEN-SERIOUS' },
    ]);
  });

  it('writes the taxpayer ratings sample (NDJSON): a credit event for each rating but the new taxpayer (M)', async () => {
    const out = importCli(['finance', copyOfSample('finance-ratings.sample.ndjson'), '--kind', 'taxpayer-rating'], db.url);
    expect(counts(out.stdout)).toEqual({ read: 5, written: 5, present: 0, rejected: 0 });
    expect(await sql(db.url, 'select code from finance.credit_event order by code')).toEqual(
      ['FIN-TAX-A', 'FIN-TAX-B', 'FIN-TAX-C', 'FIN-TAX-D'].map((code) => ({ code })),
    );
  });

  it('writes the conduct sample: a behaviour rectified on the spot is kept with no credit event', async () => {
    const out = importCli(['urban', copyOfSample('urban-conduct.sample.csv'), '--kind', 'conduct'], db.url);
    expect(counts(out.stdout)).toEqual({ read: 4, written: 4, present: 0, rejected: 0 });
    const rows = await sql<{ code: string; event: string | null }>(
      db.url,
      'select c.code, e.code as event from urban.conduct_record c left join urban.credit_event e on e.id = c.event_id order by c.observed_at',
    );
    expect(rows).toEqual([
      { code: 'URB-FUM-01', event: 'URB-FUM-01' },
      { code: 'URB-TGD-02', event: null },
      { code: 'URB-POS-01', event: 'URB-POS-01' },
      { code: 'URB-PRK-03', event: 'URB-PRK-03' },
    ]);
  });

  it.each([
    [
      'a kind the department does not keep',
      ['market', join(samples, 'market-penalties.sample.csv'), '--kind', 'conduct'],
      /^credit-hub: the market department imports event, penalty, inspection, listing; not "conduct"$/,
    ],
    [
      'an export of events imported as penalties',
      ['market', join(samples, 'market-events.sample.csv'), '--kind', 'penalty'],
      /unknown columns "code", "occurredAt", "summary", "endedAt" in the header; the columns are uscc, sourceRecordId, decisionNumber/,
    ],
  ])('refuses %s in one line on stderr, with exit code 1', async (_, args, why) => {
    const out = importCli(args, db.url);
    expect(out.status).toBe(1);
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(why)]);
  });
});
