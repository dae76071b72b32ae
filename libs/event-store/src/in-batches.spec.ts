import { describe, expect, it } from '@jest/globals';
import { inBatches } from './in-batches.js';

describe('inBatches', () => {
  it('runs every item once, starting them in order, never more than the limit at a time', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await inBatches([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 8 - item));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('answers at once for no items, and with the first failure', async () => {
    await expect(inBatches([], 4, async () => Promise.reject(new Error('never run')))).resolves.toBeUndefined();
    await expect(
      inBatches([1, 2], 1, async (item) => {
        if (item === 2) throw new Error('the second failed');
      }),
    ).rejects.toThrow('the second failed');
  });
});
