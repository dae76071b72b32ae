// The reliability suite (`npm run test:reliability`): crash, database outage, contention, fuzzing,
// tampering and access, each spec on its own fresh database of the PostgreSQL server. The ESM and
// ts-jest settings and the module mapping are the main configuration's, so the two cannot drift.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/tests/reliability/**/*.reliability-spec.ts'],
  // Faults take time to inject and recover from: a hung spec still fails, after 5 minutes.
  testTimeout: 300_000,
  slowTestThreshold: 60,
};
