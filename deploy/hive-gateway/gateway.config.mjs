// Hive Gateway over the Credit Hub's five subgraphs in distributed mode, with Hive Router's Rust query planner.
// It reads the hub's own environment (see README.md); the hub must be built first (npm ci && npm run build at the
// repository root), since the plugin verifies callers and signs for subgraphs with the hub's built code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import { useCreditHubIdentity } from './credit-hub-plugin.mjs';

const fromRepo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const requireFromRepo = createRequire(fromRepo('package.json'));
const hub = (module) => {
  try {
    return requireFromRepo(`./dist/src/${module}`);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND')
      throw new Error(`the hub is not built (${fromRepo(`dist/src/${module}`)} is missing): run "npm ci && npm run build" at the repository root first`);
    throw e;
  }
};
const { loadConfig, SUBGRAPH_NAMES } = hub('config.js');
const { gatewayIdentity } = hub('gateway/identity.js');
const { ASSERTION_HEADER } = hub('auth/assertion.js');
const { EDGE_LIMITS } = hub('gateway/edge.js');

const config = loadConfig(process.env);
const missing = SUBGRAPH_NAMES.filter((name) => !config.subgraphUrls[name]);
if (missing.length) throw new Error(`set SUBGRAPH_URLS to every subgraph's URL (market=http://…/graphql,urban=…); missing: ${missing.join(', ')}`);

const supergraph = fromRepo('schema/supergraph.graphql');
const identity = await gatewayIdentity(config, readFileSync(supergraph, 'utf8'));
const production = config.NODE_ENV === 'production';

export const gatewayConfig = defineConfig({
  supergraph,
  // the supergraph's URLs are the compose defaults (http://market:4001/graphql …); the configured ones win
  transportEntries: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { location: config.subgraphUrls[name] }])),
  // Hive Router's query planner (Rust, a native addon) and its executor, instead of the JavaScript stitching runtime
  unifiedGraphHandler,
  // the hub's own request ids (a client's when well-formed, else a fresh one), set by the plugin below
  requestId: false,
  // a subgraph that hangs is as unavailable as one that is down
  upstreamTimeout: config.SUBGRAPH_TIMEOUT_MS,
  // the hub's own limits at the edge, where Hive Gateway has them built in (depth, tokens, no field suggestions)
  maxDepth: EDGE_LIMITS.depth,
  maxTokens: EDGE_LIMITS.tokens,
  blockFieldSuggestions: production,
  disableIntrospection: production,
  graphiql: !production,
  landingPage: !production,
  plugins: () => [
    useCreditHubIdentity({ identity, subgraphUrls: config.subgraphUrls, assertionHeader: ASSERTION_HEADER }),
    // outside production, a request with the header "x-query-plan: 1" gets the Rust planner's plan in its extensions
    useQueryPlan({ expose: (request) => !production && request.headers.get('x-query-plan') === '1' }),
  ],
});
