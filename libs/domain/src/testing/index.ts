// Test-only helpers: excluded from the build (tsconfig.build.json), never exported by the library.
export * from './decider-spec.js';
export * from './source.builders.js';
export * from './recommendation.builders.js';
export * from './plan.builders.js';
export * from './action.builders.js';
export * from './random-histories.js';
