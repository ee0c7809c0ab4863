/**
 * What the policy costs: a bank's batch of 1,000 merchants through the in-process gateway, with the
 * subgraphs' graphql-shield enforcement and without it, interleaved runs, medians. Not a test: a measurement.
 *   npm run bench:shield            (embedded PostgreSQL, or DATABASE_URL)
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { openStores, seedIfEmpty } from '../src/app';
import { PUBLIC } from '../src/auth/principal';
import { consentsThroughGraph } from '../src/auth/consent';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../src/config';
import { requestContext, type HubContext } from '../src/context';
import { openDatabase } from '../src/db/database';
import { InProcessSubgraph } from '../src/gateway/in-process';
import { inProcessGraph, LateBoundGraph } from '../src/graph-client';
import { createLogger } from '../src/logger';
import { schemaDir } from '../src/paths';
import { SUBGRAPHS } from '../src/subgraphs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BATCH = `query Batch($u: [CreditCode!]!) { merchants(usccs: $u) { uscc name credit { grade score loan { eligible tier } } marketEvents { code occurredAt } financeEvents { code } } }`;

async function main() {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DEMO_MERCHANTS: process.env.DEMO_MERCHANTS ?? '1000', AUTH_JWKS_FILE: '/dev/null', AUTH_ISSUERS: 'bench', LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const db = await openDatabase(config, log);
  const orms = await openStores(SUBGRAPH_NAMES, db.url, config, log);
  await seedIfEmpty(orms, config, log);
  const graph = new LateBoundGraph();
  const built = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await SUBGRAPHS[n].build(orms[n], { config, graph, log })] as const)));
  const supergraphSdl = await readFile(resolve(schemaDir, 'supergraph.graphql'), 'utf8');
  const consents = consentsThroughGraph(graph);
  const background = () => requestContext(PUBLIC, 'bench', log, consents);

  async function gatewayOver(pick: (n: SubgraphName) => GraphQLSchema) {
    const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new InProcessSubgraph(pick(name as SubgraphName), background) });
    const apollo = new ApolloServer<HubContext>({ gateway });
    await apollo.start();
    return apollo;
  }
  const shielded = await gatewayOver((n) => built[n]!.schema);
  const bare = await gatewayOver((n) => built[n]!.unprotected);
  graph.bind(inProcessGraph(shielded));

  const [{ usccs }] = await orms.credit.em.getConnection().execute<{ usccs: string[] }[]>('select array_agg(uscc order by uscc) as usccs from (select uscc from credit.merchant order by uscc limit 1000) m');
  const admin = { ...PUBLIC, subject: 'bench-admin', roles: ['admin' as const] };
  const run = async (apollo: ApolloServer<HubContext>) => {
    const started = performance.now();
    const res = await apollo.executeOperation({ query: BATCH, variables: { u: usccs } }, { contextValue: requestContext(admin, 'bench', log, consents) });
    if (res.body.kind !== 'single' || res.body.singleResult.errors) throw new Error(JSON.stringify(res.body));
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await Promise.all([run(shielded), run(bare)]);
  const times = { shielded: [] as number[], bare: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    times.bare.push(await run(bare));
    times.shielded.push(await run(shielded));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [m1, m0] = [median(times.shielded), median(times.bare)];
  console.log(`1,000-merchant batch, median of ${RUNS}: without shield ${m0.toFixed(0)} ms, with shield ${m1.toFixed(0)} ms, overhead ${(((m1 - m0) / m0) * 100).toFixed(1)} %`);
  await Promise.all([shielded.stop(), bare.stop()]);
  await Promise.all(Object.values(orms).map((o) => o.close()));
  await db.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
