#!/usr/bin/env node
// first: when tracing is configured, its instrumentations must patch node:http and pg before anything loads them
import { flushTraces } from './telemetry/register';
import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { serve, type RunningService } from './server/serve';
import { applyRetention, closeStores, openStores, seedDatabase } from './server/stores';
import { DEPARTMENTS } from './catalogue/types';
import { mintDevToken } from './auth/dev-keys';
import { tokenRefusal } from './auth/tokens';
import { newGatewayKeyPair } from './auth/assertion';
import { PUBLIC, ROLES, type Role } from './auth/principal';
import { consentsThroughGraph } from './auth/consent';
import { requestContext, type HubContext } from './context';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from './config';
import { openDatabase } from './db/database';
import { composeSupergraph, defaultSubgraphPort, subgraphSdls } from './gateway/compose';
import { createLogger, type Logger } from './logger';
import { countProgress } from './progress';
import type { GraphClient } from './graph-client';
import { batchSizeArg, DEFAULT_BATCH_SIZE, departmentArg, formatArg, runImport } from './import/command';
import { projectRoot, schemaDir } from './paths';
import { withPolicyTable } from './auth/policy-table';
import { POLICY, SUBGRAPHS } from './subgraphs';
import { credit } from './subgraphs/credit';

const subgraphName = (value: string): SubgraphName => {
  if (!SUBGRAPH_NAMES.includes(value as SubgraphName)) throw new InvalidArgumentError(`one of ${SUBGRAPH_NAMES.join(', ')}`);
  return value as SubgraphName;
};
const role = (value: string, previous: Role[] = []): Role[] => {
  if (!ROLES.includes(value as Role)) throw new InvalidArgumentError(`one of ${ROLES.join(', ')}`);
  return [...previous, value as Role];
};

const seconds = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1');
  return n;
};

/** Runs a service until SIGINT/SIGTERM, then stops it gracefully: no new requests, finish the ones in flight, close pools. */
async function untilSignalled(log: Logger, start: () => Promise<RunningService>) {
  const running = await start();
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping');
    running.stop().then(
      () => {
        log.info('stopped');
        void flushTraces().then(() => process.exit(0));
      },
      (e) => {
        log.error({ err: e }, 'stop failed');
        void flushTraces().then(() => process.exit(1));
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const program = new Command('credit-hub').description("Credit Hub: the city merchants' credit graph");

program
  .command('start')
  .description('the gateway (all-in-one: with the five subgraphs in this process)')
  .action(() => {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL);
    return untilSignalled(log, () => serve(config, log));
  });

program
  .command('start:subgraph')
  .description('one subgraph on its own port (distributed mode)')
  .argument('<name>', 'market | urban | approval | finance | credit', subgraphName)
  .option('--port <port>', 'port (default 4001–4005 by subgraph)', (v) => Number.parseInt(v, 10))
  .option('--metrics-port <port>', 'where its Prometheus metrics are served (default METRICS_PORT; none when both are unset)', (v) => Number.parseInt(v, 10))
  .action((name: SubgraphName, opts: { port?: number; metricsPort?: number }) => {
    const config = loadConfig(opts.metricsPort === undefined ? process.env : { ...process.env, METRICS_PORT: String(opts.metricsPort) });
    const log = createLogger(config.LOG_LEVEL, `credit-hub:${name}`);
    return untilSignalled(log, () => serve(config, log, { subgraph: name, port: opts.port ?? defaultSubgraphPort(name) }));
  });

program
  .command('migrate')
  .description('applies pending migrations of every subgraph')
  .action(async () => {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL);
    const db = await openDatabase(config, log);
    const orms = await openStores(SUBGRAPH_NAMES, db.url, config, log);
    await closeStores(orms);
    await db.stop();
  });

program
  .command('seed')
  .description('seeds the demo city (DEMO_MERCHANTS merchants, default 2,000) into an empty database: for distributed mode, whose subgraphs do not seed')
  .action(async () => {
    const config = loadConfig({ DEMO_MERCHANTS: '2000', ...process.env });
    const log = createLogger(config.LOG_LEVEL);
    console.log(
      (await seedDatabase(config, log)) ? `seeded a demo city of ${config.demoMerchants} merchants` : 'the database already holds merchants: nothing seeded',
    );
  });

program
  .command('retention')
  .description("withdraws negative information past its retention (5 years from the end of the behaviour) from every view but the administrators'")
  .action(async () => {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL);
    const db = await openDatabase(config, log);
    const orms = await openStores(DEPARTMENTS, db.url, config, log);
    const expired = await applyRetention(orms, config, log);
    console.log(
      `retention: ${Object.entries(expired)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ')} records withdrawn`,
    );
    await closeStores(orms);
    await db.stop();
  });

program
  .command('migration:create')
  .description('generates a migration for a subgraph from the difference between its entities and the database')
  .argument('<name>', 'the subgraph', subgraphName)
  .option('--initial', 'the first migration of the subgraph')
  .action(async (name: SubgraphName, opts: { initial?: boolean }) => {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL);
    const db = await openDatabase(config, log);
    const orms = await openStores([name], db.url, config, log, false);
    const result = await orms[name].getMigrator().createMigration(undefined, false, opts.initial ?? false);
    console.log(result.fileName ? `wrote migrations/${name}/${result.fileName}` : 'no changes: nothing to migrate');
    await orms[name].close();
    await db.stop();
  });

program
  .command('evaluate')
  .description("judges every merchant and keeps the cycle's snapshots, then prints the grade distribution")
  .argument('[cycle]', 'YYYY for a yearly scheme, YYYY-MM for a monthly one (default: the cycle the scheme in force is in now)')
  .action(async (given: string | undefined) => {
    // beside a running hub: a port of its own, and no metrics port (the hub's)
    const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', METRICS_PORT: '' });
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    const hub = await serve(config, log, { background: false });
    const progress = countProgress(process.stderr, 'evaluating', 'merchants');
    const started = Date.now();
    try {
      const { evaluations } = credit.services(hub.orms.credit!, { config, graph: hub.graph, log });
      const system = requestContext({ ...PUBLIC, subject: 'command-line', roles: ['admin'] }, 'evaluate', log, consentsThroughGraph(hub.graph), {
        internal: 'evaluation',
      });
      const [cycle] = given ? [given] : await evaluations.recentCycles(0);
      const done = await evaluations.run(cycle!, system, (n, total) => progress.update(n, total));
      progress.stop();
      console.log(
        `cycle ${done.cycle}: ${done.merchants} merchants judged as of ${done.evaluatedAt.toISOString()} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const grades = await evaluations.distribution(cycle);
      const total = grades.reduce((s, g) => s + g.count, 0);
      for (const g of grades) console.log(`  ${g.grade.padEnd(3)} ${String(g.count).padStart(8)}  ${((100 * g.count) / total).toFixed(1).padStart(5)} %`);
    } finally {
      progress.stop();
      await hub.stop();
    }
  });

program
  .command('import')
  .description(
    "imports a department's CSV or NDJSON export of credit events or typed records, validated as the API validates them; a re-run writes nothing twice",
  )
  .argument('<department>', 'market | urban | approval | finance', departmentArg)
  .argument(
    '<file>',
    "the export: .csv, .ndjson or .jsonl; its columns are the fields of the kind's input in the API (events: uscc, code, occurredAt, sourceRecordId, summary, evidenceUrl, endedAt)",
  )
  .option(
    '--kind <kind>',
    `what the rows are: event, or a typed record (${DEPARTMENTS.map((d) => `${d}: ${SUBGRAPHS[d].writes?.map((w) => w.kind).join(', ')}`).join('; ')})`,
    'event',
  )
  .option('--format <format>', 'csv | ndjson (default: from the extension)', formatArg)
  .option('--rejected <path>', 'where the rejected rows go (default: <file>.rejected.csv)')
  .option('--batch-size <rows>', 'rows per insert statement', batchSizeArg, DEFAULT_BATCH_SIZE)
  .action(async (department, file: string, opts) => {
    const { report, text } = await runImport(department, file, opts);
    console.log(text);
    if (report.stoppedEarly) throw report.stoppedEarly; // the rows before it are imported; the rest of the file was not read
  });

program
  .command('token')
  .description('prints a development token (not in production)')
  .requiredOption('--role <role>', 'a role; repeat for several', role)
  .option('--department <department>', 'market | urban | approval | finance')
  .option('--org <org>', 'organisation, e.g. a bank')
  .option('--uscc <uscc>', 'the merchant, for the merchant role')
  .option('--sub <subject>', 'the person')
  .option('--purpose <purpose>', 'why the data is read')
  .option('--ttl <seconds>', 'lifetime in seconds', seconds, 8 * 3600)
  .action(async (o: { role: Role[]; department?: string; org?: string; uscc?: string; sub?: string; purpose?: string; ttl: number }) => {
    const config = loadConfig();
    if (!config.devAuth) throw new Error('development tokens exist only in development without AUTH_JWKS_FILE/AUTH_JWKS_URL');
    const { role: roles, ttl, ...claims } = o;
    const token = await mintDevToken(config.DATA_DIR, { roles, audience: config.AUTH_AUDIENCE, ttlSeconds: ttl, ...claims });
    // the hub's verifier itself, with the hub's configuration: what it refuses is not printed
    const refused = await tokenRefusal(config, token);
    if (refused) throw new Error(`the hub would refuse this token: ${refused}`);
    console.log(token);
  });

program
  .command('gateway-keys')
  .description(
    "writes a new key pair for distributed mode: the gateway's private key (for the gateway and the credit subgraph) and its public key (for the departments' subgraphs)",
  )
  .option('--out <dir>', 'where to write gateway-key.json and gateway-key.pub.json', '.')
  .action(async (o: { out: string }) => {
    const { privateJwk, publicJwk } = await newGatewayKeyPair();
    await mkdir(o.out, { recursive: true });
    const [privateFile, publicFile] = [resolve(o.out, 'gateway-key.json'), resolve(o.out, 'gateway-key.pub.json')];
    await writeFile(privateFile, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
    await writeFile(publicFile, JSON.stringify(publicJwk), { flag: 'wx' });
    console.log(
      `wrote ${privateFile} (GATEWAY_KEY_FILE: the gateway and the credit subgraph) and ${publicFile} (GATEWAY_PUBLIC_KEY_FILE: the departments' subgraphs)`,
    );
  });

program
  .command('compose')
  .description('writes schema/<subgraph>.graphql, schema/supergraph.graphql and the policy table of docs/policy.md from the code')
  .action(async () => {
    const sdls = await subgraphSdls();
    await mkdir(schemaDir, { recursive: true });
    for (const name of SUBGRAPH_NAMES) await writeFile(resolve(schemaDir, `${name}.graphql`), sdls[name]);
    await writeFile(resolve(schemaDir, 'supergraph.graphql'), composeSupergraph(sdls));
    const policyDoc = resolve(projectRoot, 'docs/policy.md');
    await writeFile(policyDoc, withPolicyTable(await readFile(policyDoc, 'utf8'), POLICY));
    console.log(`wrote ${SUBGRAPH_NAMES.length} subgraph schemas and the supergraph to schema/, and the policy table to docs/policy.md`);
  });

program.parseAsync().catch((e: unknown) => {
  // a database error's message carries its whole statement; the server's own words say what failed
  const err = e as (Error & { sqlMessage?: string }) | undefined;
  const reason = err?.sqlMessage
    ? `database: ${err.sqlMessage}`
    : e instanceof Error
      ? e.message
      : `stopped with no reason given (${String(e)}); LOG_LEVEL=debug shows more`;
  console.error(`credit-hub: ${reason}`);
  void flushTraces().then(() => process.exit(1));
});
