// `npm run build`, and the build before each `npm start`, `npm run start:subgraph`, `npm run evaluate`…: it builds
// only what is older than its sources. TypeScript goes through `tsc --build`, which compares dist/ (its
// .tsbuildinfo) with the sources and compiles nothing when they have not changed; the dashboard's copies are made
// again only when dashboard/ or the installed packages are newer than them. Several starts at once (the five
// subgraphs of distributed mode) build once: the first takes a lock in dist/, the others wait for it to finish
// and then find everything up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const lock = join(dist, '.build-lock');
const dashboardBuilt = join(dist, '.dashboard-built');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

/** The process holding the lock: 0 while it is being taken, null once it is gone. */
function holderOf() {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || 0;
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    return existsSync(lock) ? 0 : null;
  }
}

const takenMsAgo = () => {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
};

/** Takes the lock (a directory: made or not, atomically), waiting while another live build holds it. */
async function acquire() {
  mkdirSync(dist, { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = holderOf();
    if (holder === null) continue; // released meanwhile
    // a lock without its pid yet is being taken this instant (or was left by a build killed at that instant, when it
    // stays so); one whose process is gone was left by a build that was killed
    if (holder ? !alive(holder) : takenMsAgo() > 10_000) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) process.stderr.write(`waiting for the build in process ${holder || '?'} to finish\n`);
    told = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const release = () => rmSync(lock, { recursive: true, force: true });

/** The newest modification time among the files under the paths (folders walked, node_modules skipped). */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

/** Whether a compiled file is missing (dist/ partly deleted): `tsc --build` trusts its build info and would not notice. */
function outputsMissing() {
  const missing = (dir) =>
    existsSync(join(root, dir)) &&
    readdirSync(join(root, dir), { recursive: true }).some(
      (file) =>
        !file.split(/[\\/]/).includes('node_modules') &&
        file.endsWith('.ts') &&
        !file.endsWith('.d.ts') &&
        !existsSync(join(dist, dir, file.replace(/\.ts$/, '.js'))),
    );
  return ['src', 'migrations', 'bench'].some(missing);
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    release();
    process.exit(r.status ?? 1);
  }
}

await acquire();
process.once('exit', release);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

if (outputsMissing()) rmSync(join(dist, '.tsbuildinfo'), { force: true });
run([tsc, '--build', 'tsconfig.build.json']);
// the dashboard's labels come from the compiled catalogue and engine
const dashboardSources = newest([
  join(root, 'dashboard'),
  join(root, 'scripts/build-dashboard.mjs'),
  join(root, 'package-lock.json'),
  join(dist, 'src/catalogue'),
  join(dist, 'src/credit-engine'),
]);
if (!existsSync(join(dist, 'dashboard/index.html')) || !existsSync(dashboardBuilt) || statSync(dashboardBuilt).mtimeMs < dashboardSources) {
  run([join(root, 'scripts/build-dashboard.mjs')]);
  writeFileSync(dashboardBuilt, new Date().toISOString());
}
release();
