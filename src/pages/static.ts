import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the files of `root` under `prefix` (`/dashboard` → `root/index.html`, `/dashboard/app.js` → `root/app.js`).
 * Answers whether the path was its own: false when it is outside `prefix`; a path under it that names no
 * servable file (a missing file, a folder, `..`, an unknown type) is a 404 here.
 */
export async function serveStatic(root: string, prefix: string, path: string, res: ServerResponse): Promise<boolean> {
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return false;
  const file = resolveFile(root, path.slice(prefix.length));
  const type = file && TYPES[extname(file).toLowerCase()];
  const body = type ? await readFile(file).catch(() => undefined) : undefined;
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  if (!body) {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`not found: ${path}\n`);
    return true;
  }
  res.statusCode = 200;
  res.setHeader('content-type', type!);
  res.setHeader('content-length', body.length);
  res.end(body);
  return true;
}

/** The file a request path (below the prefix) names inside root, or undefined when it tries to leave it. */
export function resolveFile(root: string, rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...(segments.length ? segments : ['index.html']));
  return file.startsWith(base + sep) ? file : undefined;
}
