/**
 * The rules of the code's map (README): which part may import which. Checked by test/architecture.test.ts.
 * The subgraphs are the folders under src/subgraphs/ but the department kit, so a new department is covered.
 */
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const KIT = 'department-kit';
const SUBGRAPHS = readdirSync(join(__dirname, 'src/subgraphs'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== KIT)
  .map((e) => e.name);
/** the credit office's rooms in their order of dependence (src/subgraphs/credit/index.ts): each imports only rooms before it */
const CREDIT_ROOMS = ['directory', 'trust', 'rules', 'decisions', 'judgment', 'evaluations', 'approval-check', 'worklists', 'feed', 'supervision', 'publicity'];
const ENTRY = '^src/(gateway|server|pages|import)/|^src/main\\.ts$';
const ABOVE_KERNEL = `^src/(subgraphs|gateway|server|pages|import)/|^src/main\\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment: 'the credit engine reads only the catalogue: no database, no GraphQL, no clock of its own',
      severity: 'error',
      from: { path: '^src/credit-engine/' },
      to: { pathNot: '^src/(credit-engine|catalogue)/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'catalogue-is-data',
      severity: 'error',
      from: { path: '^src/catalogue/' },
      to: { pathNot: '^src/catalogue/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'kernel-never-imports-upward',
      comment: 'auth, db, http, events, demo and the shared modules serve the subgraphs and the gateway, never the reverse',
      severity: 'error',
      from: { path: '^src/', pathNot: ABOVE_KERNEL },
      to: { path: ABOVE_KERNEL },
    },
    {
      name: 'subgraph-stands-alone',
      comment: 'a subgraph is served on its own in distributed mode: it imports no other subgraph, no gateway, no entry point',
      severity: 'error',
      from: { path: `^src/subgraphs/(${SUBGRAPHS.join('|')})/` },
      to: { path: `^src/subgraphs/(?!$1/|${KIT}/|subgraph\\.ts$)|${ENTRY}` },
    },
    {
      name: 'kit-serves-every-department',
      severity: 'error',
      from: { path: `^src/subgraphs/${KIT}/` },
      to: { path: `^src/subgraphs/(?!${KIT}/|subgraph\\.ts$)|${ENTRY}` },
    },
    ...SUBGRAPHS.map((name) => ({
      name: `only-through-${name}-index`,
      comment: `outside the ${name} subgraph, only its index.ts is imported`,
      severity: 'error',
      from: { path: '^(src|bench)/', pathNot: `^src/subgraphs/${name}/` },
      to: { path: `^src/subgraphs/${name}/`, pathNot: `^src/subgraphs/${name}/index\\.ts$` },
    })),
    ...CREDIT_ROOMS.map((room, i) => ({
      name: `credit-${room}-imports-only-rooms-before-it`,
      severity: 'error',
      from: { path: `^src/subgraphs/credit/${room}/` },
      to: { path: `^src/subgraphs/credit/(${CREDIT_ROOMS.slice(i + 1).join('|') || '$^'})/` },
    })),
    {
      name: 'gateway-is-not-an-entry-point',
      severity: 'error',
      from: { path: '^src/gateway/' },
      to: { path: '^src/(server|pages|import)/|^src/main\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
