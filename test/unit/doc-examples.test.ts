import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config';
import { demoMerchants } from '../../src/demo/city';
import { parseUscc } from '../../src/uscc';

const root = resolve(__dirname, '../..');
const inFolder = (folder: string, keep: (name: string) => boolean) =>
  readdirSync(join(root, folder))
    .filter(keep)
    .map((name) => `${folder}/${name}`);

/** What a newcomer reads and runs: the README, the docs, the example queries, the sample exports. */
const FILES = [
  'README.md',
  ...inFolder('docs', (n) => n.endsWith('.md')),
  ...inFolder('docs/queries', (n) => n.endsWith('.graphql')),
  ...inFolder('docs/import', (n) => n.includes('.sample.') && !n.endsWith('.rejected.csv')),
  'deploy/hive-gateway/README.md',
];
const CODE = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/g;
const codesIn = (file: string) => [...new Set(readFileSync(join(root, file), 'utf8').match(CODE) ?? [])];

describe("the documentation's example credit codes", () => {
  // the city `npm start` seeds: the default seed and count of development
  const config = loadConfig({ NODE_ENV: 'development' });
  const city = new Map([...demoMerchants(config.demoMerchants, config.DEMO_SEED, new Date())].map((m) => [m.uscc, m]));

  it.each(FILES)('in %s name merchants of the demo city (a code with a wrong check character, one of them)', (file) => {
    for (const code of codesIn(file)) {
      const valid = 'uscc' in parseUscc(code);
      const merchant = valid ? city.get(code) : [...city.keys()].find((uscc) => uscc.slice(0, 17) === code.slice(0, 17));
      expect([file, code, valid, Boolean(merchant)]).toEqual([file, code, valid, true]);
    }
  });

  it('go with the name of their merchant where the text names it ("东港程记面馆 (`92371102MA000000EE`)")', () => {
    const named = FILES.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/(\p{Script=Han}+)\s+\(?`([0-9A-Z]{18})`/gu)].map(([, name, code]) => ({ file, code, name })),
    );
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const { file, code, name } of named) expect({ file, code, name }).toEqual({ file, code, name: city.get(code!)?.name });
  });

  it('include every row of the sample exports, and the first write, the tokens and the profile of the guides', () => {
    for (const file of ['docs/import/market-events.sample.csv', 'docs/import/finance-events.sample.ndjson', 'docs/contract.md', 'docs/cli.md', 'README.md']) {
      expect([file, codesIn(file).length > 0]).toEqual([file, true]);
    }
    const rows = readFileSync(join(root, 'docs/import/finance-events.sample.ndjson'), 'utf8').trim().split('\n');
    for (const row of rows) expect(city.has(JSON.parse(row).uscc)).toBe(true);
  });
});
