// The department dashboard's "build": no bundler, only copies. dashboard/ (the page: index.html, app.js,
// style.css) and the browser ES modules it imports (named by the import map in index.html) go to
// dist/dashboard/, which the hub serves at /dashboard.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'dashboard');
const modules = join(root, 'node_modules');

/** [from node_modules, to dist/dashboard/vendor] */
const VENDOR = [
  ['preact/dist/preact.module.js', 'preact/preact.module.js'],
  ['preact/hooks/dist/hooks.module.js', 'preact/hooks.module.js'],
  ['preact/LICENSE', 'preact/LICENSE'],
  ['htm/dist/htm.module.js', 'htm/htm.module.js'],
  ['htm/LICENSE', 'htm/LICENSE'],
  ['chart.js/dist/chart.js', 'chart.js/chart.js'],
  ['chart.js/dist/chunks/helpers.dataset.js', 'chart.js/chunks/helpers.dataset.js'],
  ['chart.js/LICENSE.md', 'chart.js/LICENSE.md'],
  // chart.js's own dependency (it may be nested under chart.js/node_modules)
  ['@kurkle/color/dist/color.esm.js', 'kurkle-color/color.esm.js', 'chart.js/node_modules/@kurkle/color/dist/color.esm.js'],
  ['@kurkle/color/LICENSE.md', 'kurkle-color/LICENSE.md', 'chart.js/node_modules/@kurkle/color/LICENSE.md'],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'dashboard'), out, { recursive: true });
for (const [from, to, nested] of VENDOR) {
  const source = [nested, from].filter(Boolean).map((p) => join(modules, p)).find((p) => existsSync(p));
  if (!source) {
    if (to.endsWith('.js')) throw new Error(`build-dashboard: node_modules/${from} is missing (npm install?)`);
    continue; // a licence file a release left out
  }
  mkdirSync(dirname(join(out, 'vendor', to)), { recursive: true });
  cpSync(source, join(out, 'vendor', to));
}
