import { MAIN, runCli } from '../support/processes';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { devPublicJwks, DEV_ISSUER } from '../../src/auth/dev-keys';
import { freshDatabase } from '../support/database';
import { postGraphQL } from '../support/hub';
import { createTokenVerifier } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';

const cli = (args: string[], env: Record<string, string>) => runCli(args, env, 30_000);

describe('the command line (compiled, as `npm start` runs it)', () => {
  it('mints a development token that the development key verifies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'credit-hub-cli-'));
    const out = cli(['token', '--role', 'bank_officer', '--org', 'demo-bank', '--purpose', 'loan review'], { NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(out.status).toBe(0);
    const { payload } = await jwtVerify(out.stdout.trim(), createLocalJWKSet(await devPublicJwks(dataDir)), { issuer: DEV_ISSUER, audience: 'credit-hub' });
    expect(payload).toEqual(expect.objectContaining({ roles: ['bank_officer'], org: 'demo-bank', purpose: 'loan review' }));
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it("mints tokens that the hub's own verifier accepts, as the principal asked for", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'credit-hub-cli-'));
    const verify = await createTokenVerifier(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }));
    const mint = (args: string[]) => cli(['token', ...args], { NODE_ENV: 'development', DATA_DIR: dataDir }).stdout.trim();
    expect(await verify(`Bearer ${mint(['--role', 'merchant', '--uscc', '92371102ma3c4def50', '--ttl', '60'])}`)).toEqual(
      expect.objectContaining({ roles: ['merchant'], uscc: '92371102MA3C4DEF50', subject: 'dev-merchant' }),
    );
    expect(
      await verify(`Bearer ${mint(['--role', 'department_analyst', '--role', 'department_officer', '--department', 'urban', '--sub', 'clerk-7'])}`),
    ).toEqual(expect.objectContaining({ roles: ['department_analyst', 'department_officer'], department: 'urban', subject: 'clerk-7' }));
  });

  it.each([
    ['a department role without a department', ['--role', 'department_officer'], {}, /department roles need a department claim/],
    [
      'a department the hub does not have',
      ['--role', 'department_analyst', '--department', 'police'],
      {},
      /expected one of "market"\|"urban"\|"approval"\|"finance"/,
    ],
    ['a bank officer without an org', ['--role', 'bank_officer'], {}, /the bank_officer role needs an org claim/],
    ['a merchant without a credit code', ['--role', 'merchant'], {}, /the merchant role needs a uscc claim/],
    ['a credit code that fails its check character', ['--role', 'merchant', '--uscc', '92371102MA3C4DEF51'], {}, /not a valid credit code/],
    ['a purpose over 500 characters', ['--role', 'admin', '--purpose', 'x'.repeat(501)], {}, /<=500 characters/],
    ['a subject over 200 characters', ['--role', 'admin', '--sub', 'x'.repeat(201)], {}, /<=200 characters/],
    [
      "a hub that accepts other algorithms than the development key's",
      ['--role', 'admin'],
      { AUTH_ALGORITHMS: 'RS256' },
      /its signing algorithm is not allowed/,
    ],
  ])('refuses to mint a token the hub would refuse: %s', (_, args, env, why) => {
    const out = cli(['token', ...args], { NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')), ...env });
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^credit-hub: the hub would refuse this token: /);
    expect(out.stderr).toMatch(why);
  });

  it.each(['0', '-60', '1.5', 'an hour'])('refuses a lifetime of %j seconds', (ttl) => {
    const out = cli(['token', '--role', 'admin', '--ttl', ttl], { NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')) });
    expect([out.status, out.stdout]).toEqual([1, '']);
    expect(out.stderr).toMatch(/--ttl <seconds>.* is invalid\. a whole number of seconds, at least 1/);
  });

  it('refuses to mint development tokens in production', () => {
    const out = cli(['token', '--role', 'admin'], { NODE_ENV: 'production', AUTH_JWKS_FILE: '/dev/null', AUTH_ISSUERS: 'x' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/development tokens exist only in development/);
  });

  it('says in one line why it cannot start: database unreachable', () => {
    const out = cli(['start'], { NODE_ENV: 'test', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', PORT: '0' });
    expect(out.status).toBe(1);
    expect(out.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^credit-hub: database unreachable at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/),
    ]);
  });

  it('says in one line why it cannot start: port taken', async () => {
    const db = await freshDatabase();
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const out = cli(['start'], { NODE_ENV: 'test', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', DEMO_MERCHANTS: '0', LOG_LEVEL: 'silent' });
      expect(out.status).toBe(1);
      expect(out.stderr.trim()).toBe(`credit-hub: port ${port} is already in use (set PORT to another)`);
    } finally {
      blocker.close();
      await db.drop();
    }
  });

  it('starts, seeds a demo city, answers, and stops gracefully on SIGTERM', async () => {
    const db = await freshDatabase();
    const child = spawn(process.execPath, [MAIN, 'start'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')),
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO_MERCHANTS: '25',
      },
    });
    try {
      const port = await new Promise<number>((resolvePort, reject) => {
        let log = '';
        child.stdout.on('data', (chunk: Buffer) => {
          log += chunk;
          const listening = log
            .split('\n')
            .map((l) => (l.startsWith('{') ? JSON.parse(l) : {}))
            .find((l) => l.msg === 'credit hub listening');
          if (listening) resolvePort(listening.port);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${log}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const r = await postGraphQL(`${url}/graphql`, '{ merchantsPage(first: 1) { totalCount } }');
      expect(r.data).toEqual({ merchantsPage: { totalCount: 25 } });
      const exited = new Promise<number | null>((r2) => child.once('exit', r2));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });

  it('draws its progress as a bar on a terminal (a pseudo-terminal, through script)', async () => {
    const db = await freshDatabase();
    try {
      const env = {
        ...process.env,
        NODE_ENV: 'development',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')),
        DATABASE_URL: db.url,
        DEMO_MERCHANTS: '40',
        LOG_LEVEL: 'warn',
      };
      const out = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} evaluate`, '/dev/null'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/evaluating [█░]+ 100% \| 40\/40 merchants \| \d+ merchants\/s/);
      expect(out.stdout).not.toMatch(/^evaluating: /m); // the lines are for logs and pipes
      expect(out.stdout).toMatch(new RegExp(`cycle ${new Date().getUTCFullYear()}: 40 merchants judged`));
    } finally {
      await db.drop();
    }
  });

  it('evaluates a cycle from the command line and prints the grade distribution', async () => {
    const db = await freshDatabase();
    try {
      const out = cli(['evaluate', '2026'], {
        NODE_ENV: 'development',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')),
        DATABASE_URL: db.url,
        DEMO_MERCHANTS: '40',
      });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/cycle 2026: 40 merchants judged as of \d{4}-\d{2}-\d{2}T/);
      const shares = [...out.stdout.matchAll(/^\s+([A-D])\s+(\d+)\s+[\d.]+ %$/gm)].map((m) => Number(m[2]));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(40);
      expect(
        cli(['evaluate', '2026-13'], {
          NODE_ENV: 'development',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'credit-hub-cli-')),
          DATABASE_URL: db.url,
          DEMO_MERCHANTS: '0',
        }).stderr,
      ).toMatch(/is not a cycle of this yearly scheme/);
    } finally {
      await db.drop();
    }
  });
});
