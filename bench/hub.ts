/**
 * The hub as the benchmark runs it: all-in-one, NODE_ENV=production, in a process of its own. With
 * `--no-policy` its subgraphs run without graphql-shield. It answers the runner's `statements` message with
 * how many SQL statements its subgraphs have sent so far, counted by the driver.
 */
import 'reflect-metadata';
import { serve } from '../src/server/serve';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const hub = await serve(config, log, { background: false, enforce: !process.argv.includes('--no-policy') });
  let statements = 0;
  for (const orm of Object.values(hub.orms))
    orm!.em
      .getConnection()
      .getKnex()
      .on('query', () => statements++);
  process.on('message', (m) => {
    if (m === 'statements') process.send!({ statements });
  });
  process.send!({ url: hub.url });
  process.once('SIGTERM', () => void hub.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
