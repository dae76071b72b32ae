import { describe, expect, it } from '@jest/globals';
import { storeKindsUnderTest, storeSkipReason } from './stores-under-test.js';

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

describe('the stores a test run holds the specs to', () => {
  it('runs the embedded store always and the server when DATABASE_URL names one', () => {
    expect(storeKindsUnderTest({}).map(({ kind, skipReason }) => [kind, skipReason === null])).toEqual([
      ['embedded', true],
      ['postgres', false],
    ]);
    expect(storeSkipReason('postgres', {})).toMatch(/DATABASE_URL is not set/);
    expect(storeKindsUnderTest({ DATABASE_URL: SERVER }).every(({ skipReason }) => skipReason === null)).toBe(true);
  });

  it('narrows the run to the kinds TEST_STORES names, saying why the others are left out', () => {
    const env = { DATABASE_URL: SERVER, TEST_STORES: 'postgres' };
    expect(storeSkipReason('postgres', env)).toBeNull();
    expect(storeSkipReason('embedded', env)).toBe('TEST_STORES=postgres leaves the embedded store out');
    expect(storeSkipReason('embedded', { TEST_STORES: ' embedded , postgres ' })).toBeNull();
    // Named, the server still needs its URL.
    expect(storeSkipReason('postgres', { TEST_STORES: 'postgres' })).toMatch(/DATABASE_URL is not set/);
  });

  it('refuses a kind it does not know, so a misspelt setting cannot skip every case', () => {
    expect(() => storeSkipReason('embedded', { TEST_STORES: 'postgress' })).toThrow(
      'TEST_STORES names postgress: the kinds of store are embedded and postgres',
    );
  });
});
