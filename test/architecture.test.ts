import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

describe('the rules of the code map', () => {
  it('hold for every import of src/ and bench/ (.dependency-cruiser.cjs)', () => {
    const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    let report: string;
    try {
      report = execFileSync(process.execPath, [cli, 'src', 'bench', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
        cwd: root,
        encoding: 'utf8',
      });
    } catch (e) {
      report = (e as { stdout?: string }).stdout ?? String(e);
    }
    expect(report.split('\n').filter((line) => /^\s*error /.test(line))).toEqual([]);
  });
});

describe("the README's map of the code", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  // the map names each folder in backticks with a trailing slash: `src/subgraphs/credit/judgment/`
  const named = new Set([...readme.matchAll(/`((?:src|bench|dashboard|deploy|docs|migrations|schema|scripts|test)\/(?:[\w.-]+\/)*)`/g)].map((m) => m[1]!));

  it('names only folders that exist', () => {
    expect([...named].filter((folder) => !statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory())).toEqual([]);
  });

  it('names every folder under src/', () => {
    const folders = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => [`${dir}${e.name}/`, ...folders(`${dir}${e.name}/`)]);
    expect(folders('src/').filter((folder) => !named.has(folder))).toEqual([]);
  });
});
