import { describe, expect, it } from '@jest/globals';
import {
  BLOCKED_FOR_MS,
  FAILURE_WINDOW_MS,
  FAILURES_ALLOWED,
  FailedAuthentications,
} from './failed-authentications.js';

describe('FailedAuthentications', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, pass: (ms: number) => (now += ms) };
  };

  it('blocks an address at its FAILURES_ALLOWED-th failure within the window, for BLOCKED_FOR_MS', () => {
    const time = clock();
    const failures = new FailedAuthentications(FAILURES_ALLOWED, time.now);
    for (let n = 1; n < FAILURES_ALLOWED; n++) expect(failures.fail('10.0.0.1')).toBe(false);
    expect(failures.blockedFor('10.0.0.1')).toBe(0);
    expect(failures.fail('10.0.0.1')).toBe(true);
    expect(failures.blockedFor('10.0.0.1')).toBe(BLOCKED_FOR_MS);
    expect(failures.blockedFor('10.0.0.2')).toBe(0);
    time.pass(BLOCKED_FOR_MS - 1);
    expect(failures.blockedFor('10.0.0.1')).toBe(1);
    time.pass(1);
    expect(failures.blockedFor('10.0.0.1')).toBe(0);
  });

  it('refuses no address when 0 are allowed', () => {
    const failures = new FailedAuthentications(0);
    for (let n = 0; n < 10 * FAILURES_ALLOWED; n++) expect(failures.fail('10.0.0.1')).toBe(false);
    expect(failures.blockedFor('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window: a few mistakes a day never block', () => {
    const time = clock();
    const failures = new FailedAuthentications(FAILURES_ALLOWED, time.now);
    for (let day = 0; day < 3; day++) {
      for (let n = 1; n < FAILURES_ALLOWED; n++) expect(failures.fail('10.0.0.1')).toBe(false);
      time.pass(FAILURE_WINDOW_MS);
    }
    expect(failures.blockedFor('10.0.0.1')).toBe(0);
  });
});
