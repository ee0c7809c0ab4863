/**
 * The hub as the benchmark runs it: all-in-one, NODE_ENV=production, in a process of its own. With
 * `--no-policy` its subgraphs run without graphql-shield.
 */
import 'reflect-metadata';
import { serve } from '../src/server/serve';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const hub = await serve(config, log, { background: false, enforce: !process.argv.includes('--no-policy') });
  process.send!({ url: hub.url });
  process.once('SIGTERM', () => void hub.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
