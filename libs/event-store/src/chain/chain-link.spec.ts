import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { hashLink, linkOf } from './chain-link.js';

describe('the global chain link', () => {
  const event = { position: 7, streamId: 'action-1', revision: 2, hash: 'a'.repeat(64) };

  it('is the SHA-256 of the canonical JSON of its position, stream, revision, event hash and previous link', () => {
    const link = linkOf(event, 'b'.repeat(64));
    const expected = createHash('sha256')
      .update(
        `{"eventHash":"${'a'.repeat(64)}","position":7,"previousLinkHash":"${'b'.repeat(64)}","revision":2,"streamId":"action-1"}`,
      )
      .digest('hex');
    expect(link).toEqual({
      position: 7,
      streamId: 'action-1',
      revision: 2,
      eventHash: 'a'.repeat(64),
      previousLinkHash: 'b'.repeat(64),
      linkHash: expected,
    });
    expect(hashLink(link)).toBe(expected);
  });

  it('changes with every field it covers, the first link (no previous) included', () => {
    const base = linkOf(event, null).linkHash;
    const variants = [
      linkOf({ ...event, position: 8 }, null),
      linkOf({ ...event, streamId: 'action-2' }, null),
      linkOf({ ...event, revision: 3 }, null),
      linkOf({ ...event, hash: 'c'.repeat(64) }, null),
      linkOf(event, 'd'.repeat(64)),
    ].map((link) => link.linkHash);
    expect(new Set([base, ...variants]).size).toBe(6);
  });
});
