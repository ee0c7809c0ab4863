/** What every project of the suite shares. */
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // transpile only (types are checked by `npm run typecheck`); jose ships only ES modules, so it is compiled too
  transform: {
    '/node_modules/jose/.+\\.js$': '<rootDir>/test/support/jose-transform.js',
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['reflect-metadata'],
};

/**
 * The end-to-end suites that run in both modes: through a hub in one process, and again through a distributed hub
 * (each subgraph its own process, the gateway calling them over HTTP with its signed assertions). A guarantee that
 * holds in one mode and not the other fails one of them.
 */
const BOTH_MODES = [
  'access-log',
  'bad-records',
  'bank',
  'change-feed',
  'clients',
  'credit',
  'demand',
  'disclosure',
  'feed-causes',
  'graphql-over-http',
  'leaks',
  'outcomes',
  'policy',
  'profile',
  'records',
  'schemes',
  'supervision',
  'workflows',
  'worklists',
  'writes',
];

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'all-in-one', testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'distributed',
      testMatch: BOTH_MODES.map((name) => `**/e2e/${name}.test.ts`),
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/distributed-mode.ts'],
    },
  ],
};
