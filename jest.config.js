// One Jest project per test tier (STYLE.md §8); `npm run test:<tier>` selects one with --selectProjects.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@shuangcha/(contracts|domain|persistence|config)$': '<rootDir>/libs/$1/src',
  '^@shuangcha/(contracts|domain|persistence|config)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const ESM_ONLY = '(jose|archiver|zip-stream|compress-commons|crc32-stream|is-stream)';
const base = {
  rootDir: __dirname,
  // jose 6 and archiver 8 (with its zip packages and their nested is-stream 4) ship ESM only and Jest's
  // CommonJS runtime cannot require(esm): swc compiles them like our sources.
  transform: { '^.+\\.ts$': swc, [`/node_modules/${ESM_ONLY}/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
const { OWN_DEV_SERVER_SPECS } = require('./test/support/tier-specs');
module.exports = {
  // With --randomize the files run in an order drawn from --seed too (test/run-all.ts prints the seed).
  testSequencer: '<rootDir>/test/support/seeded-sequencer.js',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/workflows/**/*.spec.ts',
        '<rootDir>/test/bench/**/*.spec.ts',
        '<rootDir>/infra/**/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
      ],
    },
    {
      ...base,
      displayName: 'workflow',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/workflows/**/*.workflow-spec.ts'],
    },
    {
      ...base,
      displayName: 'replay',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/workflows/**/*.replay-spec.ts'],
    },
    {
      ...base,
      displayName: 'int',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/test/support/stack.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/stack.global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/stack.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/stack.global-teardown.ts',
    },
    {
      // Fault injection (issue 15): each file starts its own PostgreSQL and Temporal dev server, because it
      // kills and restarts processes and servers that no other file may lose; hence no globalSetup.
      ...base,
      displayName: 'faults',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
    },
    {
      // Issue 14: every integration and end-to-end spec again, against the Temporal server on PostgreSQL
      // with two workers and two gateways (test/support/cluster.global-setup.ts): the shape production runs.
      ...base,
      displayName: 'cluster',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...OWN_DEV_SERVER_SPECS.map((spec) => `<rootDir>/${spec}`)],
      globalSetup: '<rootDir>/test/support/cluster.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/stack.global-teardown.ts',
    },
    {
      // The console in Debian's chromium against gateway + worker processes (STYLE §8); it needs the console
      // built first (`npm run test:browser` and test/run-all.ts build it).
      ...base,
      displayName: 'browser',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/apps/console/e2e/**/*.pw.ts'],
      globalSetup: '<rootDir>/test/support/stack.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/stack.global-teardown.ts',
    },
  ],
};
