/**
 * The dependency rules the build enforces (`npm run lint:boundaries`, part of `npm test`).
 * The domain is pure: it may import nothing outside libs/domain — no framework, ORM, driver,
 * Node built-in or other lib — except the test runner in its specs.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain holds plain TypeScript only: pass the clock, ids and I/O in from outside.',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-specs-only-add-the-test-runner',
      severity: 'error',
      from: { path: '^libs/domain/.+\\.spec\\.ts$' },
      to: { pathNot: ['^libs/domain/', '@jest/globals'] },
    },
    {
      name: 'libs-do-not-reach-into-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    // The layers, from the bottom: the domain; the event store and configuration, which know no
    // other library; command handling (decide and append) on the domain and the event store;
    // the read store (projections, readers) beside it; the importer over all of them; the apps on top.
    {
      name: 'event-store-and-config-stand-alone',
      severity: 'error',
      from: { path: '^libs/(event-store|config)/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^libs/', pathNot: '^libs/$1/' },
    },
    {
      name: 'command-handling-on-domain-and-event-store',
      severity: 'error',
      from: { path: '^libs/command-handling/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^libs/', pathNot: '^libs/(command-handling|domain|event-store)/' },
    },
    {
      name: 'read-store-on-domain-and-event-store',
      severity: 'error',
      from: { path: '^libs/read-store/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^libs/', pathNot: '^libs/(read-store|domain|event-store|config)/' },
    },
    {
      name: 'nothing-uses-the-report',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/reporting/' },
      to: { path: '^libs/reporting/' },
    },
    {
      name: 'nothing-below-the-importer-uses-it',
      severity: 'error',
      comment:
        'The committee report (libs/reporting) sits above the importer: it lays the plan out in its export columns.',
      from: { path: '^libs/', pathNot: '^libs/(importer|reporting)/' },
      to: { path: '^libs/importer/' },
    },
    {
      name: 'a-library-is-used-through-its-entry',
      severity: 'error',
      comment:
        'Outside a library, import it as #name (its src/index.ts), or its testing/ helpers from tests: what is not exported is its own business.',
      from: { path: '^(libs/([^/]+)|apps|bench|tests)/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: {
        path: '^libs/([^/]+)/src/',
        pathNot: [
          '^libs/$2/',
          '^libs/[^/]+/src/index\\.ts$',
          '/testing/',
          '^libs/event-store/src/postgres/(copy-in|postgres-appends)\\.ts$',
        ],
      },
    },
    {
      name: 'the-api-and-the-cli-are-apart',
      severity: 'error',
      from: { path: '^apps/(api|cli)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'bench-starts-the-service-by-its-entry',
      severity: 'error',
      comment: 'Benchmarks run the service as create-app.ts builds it (or as a program), never a part of it.',
      from: { path: '^bench/' },
      to: { path: '^apps/', pathNot: ['^apps/api/src/create-app\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    builtInModules: { add: [] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
