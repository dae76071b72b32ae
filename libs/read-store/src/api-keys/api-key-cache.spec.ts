import { describe, expect, it } from '@jest/globals';
import { ApiKeyCache, KEPT_FOR_MS } from './api-key-cache.js';

describe('ApiKeyCache', () => {
  it('forgets a key kept longer than KEPT_FOR_MS, so it is checked against the database again', async () => {
    let now = 1_000_000;
    const cache = new ApiKeyCache<string>({ kind: 'in-process' }, () => now);
    await cache.start();
    cache.keep('k1', 'holder', cache.ticket());
    now += KEPT_FOR_MS - 1;
    expect(cache.get('k1')).toBe('holder');
    now += 1;
    expect(cache.get('k1')).toBeUndefined();
    // Kept again, it counts from then.
    cache.keep('k1', 'holder', cache.ticket());
    now += KEPT_FOR_MS - 1;
    expect(cache.get('k1')).toBe('holder');
    await cache.close();
  });

  it('keeps nothing a drop happened during (the check read before the revocation)', async () => {
    const cache = new ApiKeyCache<string>({ kind: 'in-process' });
    await cache.start();
    const ticket = cache.ticket();
    cache.drop('k1');
    cache.keep('k1', 'holder', ticket);
    expect(cache.get('k1')).toBeUndefined();
    await cache.close();
  });
});
