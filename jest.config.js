// Nest 12 ships ESM-only packages: SWC compiles our TypeScript and those packages' JavaScript to CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = [
  '@nestjs',
  'file-type',
  'load-esm',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'uid',
  // @fastify/static (Swagger UI, the web site) depends on this ESM-only package.
  'content-disposition',
  // light-my-request (Fastify's inject(), used by the fuzz tests) depends on this ESM-only package.
  'cookie',
  // The job queue and its ESM-only dependencies.
  'pg-boss',
  'serialize-error',
  'non-error',
  'rrule-temporal',
  'temporal-spec',
  // Webhook deliveries' address filter.
  'request-filtering-agent',
  // The markdown renderer (marked, jsdom's ESM-only dependencies), feeds and the feed parser in tests.
  'marked',
  '@exodus',
  'html-encoding-sniffer',
  'feed',
  'sitemap',
  '@rowanmanning',
  'parse5',
  'entities',
  '@csstools',
  '@asamuzakjp',
  // Identity providers: openid-client and its dependencies are ESM-only.
  'openid-client',
  'oauth4webapi',
  'jose',
].join('|');

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/**
 * Jest's default (one worker fewer than the cores) runs the e2e files one at a time on a 2-core machine,
 * while each mostly waits on PostgreSQL and the processes it starts: one worker more than the cores
 * halved the e2e run there (880 s to 433 s). At most 4, so the test servers' connections stay well under
 * max_connections.
 */
const workers = Math.min(4, require('node:os').availableParallelism() + 1);

/** @type {import('jest').Config} */
module.exports = {
  // A per-project testTimeout is ignored: it is a global option. E2E tests run CLI commands and servers.
  testTimeout: 60000,
  maxWorkers: workers,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/libs'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Load, fault and fuzz runs: `npm run test:resilience [-- --quick]` (scripts/test-resilience.ts).
      ...common,
      displayName: 'resilience',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.resilience-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // npm run test:browser: a real Folio and Debian's chromium; not part of npm test.
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      testTimeout: 120000,
    },
  ],
};
