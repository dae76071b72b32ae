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
