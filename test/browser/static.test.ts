import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFile, serveStatic } from '../../src/pages/static';

let root: string;
let server: Server;
let base: string;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-'));
  root = join(dir, 'dashboard');
  mkdirSync(join(root, 'vendor'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dash</title>');
  writeFileSync(join(root, 'app.js'), 'export {}');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(root, 'vendor', 'x.mjs'), 'export const x = 1');
  writeFileSync(join(root, 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'notes.txt'), 'not served');
  writeFileSync(join(dir, 'secret.js'), 'outside the root');
  server = createServer((req, res) => {
    void serveStatic(root, '/dashboard', new URL(req.url!, 'http://x').pathname, res).then((served) => {
      if (!served) {
        res.statusCode = 418;
        res.end('not mine');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(join(root, '..'), { recursive: true, force: true });
});

const get = (path: string) => fetch(base + path);

describe('serveStatic: the dashboard files', () => {
  it.each([
    ['/dashboard', 'text/html; charset=utf-8', '<!doctype html><title>dash</title>'],
    ['/dashboard/', 'text/html; charset=utf-8', '<!doctype html><title>dash</title>'],
    ['/dashboard/app.js', 'text/javascript; charset=utf-8', 'export {}'],
    ['/dashboard/vendor/x.mjs', 'text/javascript; charset=utf-8', 'export const x = 1'],
    ['/dashboard/style.css', 'text/css; charset=utf-8', 'body{}'],
    ['/dashboard/logo.svg', 'image/svg+xml', '<svg/>'],
  ])('serves %s as %s, revalidated on every use', async (path, type, body) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(body);
  });

  it.each([
    '/dashboard/missing.js',
    '/dashboard/vendor',
    '/dashboard/notes.txt',
    '/dashboard/%2e%2e/secret.js',
    '/dashboard/..%2fsecret.js',
    '/dashboard/vendor/%2E%2E/%2E%2E/secret.js',
    '/dashboard/%E0%A4%A',
    '/dashboard/a%5c..%5csecret.js',
    '/dashboard/app.js%00.css',
  ])('serves nothing for %s (404, or the URL parser already took the path out of /dashboard)', async (path) => {
    const res = await get(path);
    expect([404, 418]).toContain(res.status);
    expect(await res.text()).not.toContain('outside the root');
  });

  it('leaves other paths to the next handler', async () => {
    expect((await get('/dashboards')).status).toBe(418);
    expect((await get('/m/abc')).status).toBe(418);
  });

  it('never resolves outside the root', () => {
    expect(resolveFile('/srv/d', '/../x.js')).toBeUndefined();
    expect(resolveFile('/srv/d', '/a/../../x.js')).toBeUndefined();
    expect(resolveFile('/srv/d', '/%2e%2e/x.js')).toBeUndefined();
    expect(resolveFile('/srv/d', '')).toBe('/srv/d/index.html');
    expect(resolveFile('/srv/d', '//vendor//x.js')).toBe('/srv/d/vendor/x.js');
  });
});
