import { describe, expect, it } from '@jest/globals';
import { mapPersonalFields } from './personal-fields.js';
import { isSealed, newDataKey, open, removedMarker, seal, unwrapKey, wrapKey } from './sealed-text.js';

describe('sealed text', () => {
  const key = newDataKey();
  const words = 'Child J was placed with foster carers on 3 May; Ü and “quotes” kept';

  it('opens under its own key to the words sealed, with a fresh IV each time', () => {
    const sealed = seal(words, 'key-1', key);
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Child J');
    expect(open(sealed, key)).toBe(words);
    expect(seal(words, 'key-1', key).iv).not.toBe(sealed.iv);
  });

  it('does not open under another key', () => {
    expect(() => open(seal(words, 'key-1', key), newDataKey())).toThrow(/does not open/);
  });

  it('does not open once changed: a flipped byte of the text, the IV swapped, or moved under another key id', () => {
    const sealed = seal(words, 'key-1', key);
    const body = Buffer.from(sealed.text, 'base64');
    body[3] = body[3]! ^ 1;
    expect(() => open({ ...sealed, text: body.toString('base64') }, key)).toThrow(/does not open/);
    expect(() => open({ ...sealed, iv: seal(words, 'key-1', key).iv }, key)).toThrow(/does not open/);
    expect(() => open({ ...sealed, key: 'key-2' }, key)).toThrow(/does not open/);
  });

  it('wraps a data key under the key-encryption key, and refuses another key-encryption key', () => {
    const kek = newDataKey();
    const wrapped = wrapKey(key, 'key-1', kek);
    expect(unwrapKey(wrapped, 'key-1', kek).equals(key)).toBe(true);
    expect(() => unwrapKey(wrapped, 'key-1', newDataKey())).toThrow(/DATA_KEY_SECRET/);
  });

  it('reads plain strings stored before sealing began as they are, and seals only the personal fields', () => {
    expect(isSealed('Child J')).toBe(false);
    expect(isSealed({ sealed: 'v1', key: 'k' })).toBe(false);
    const data = { commentId: 'c-1', text: 'plain' };
    const seen: string[] = [];
    const mapped = mapPersonalFields('CommentAdded', 'action-a', data, (value, subject) => {
      seen.push(`${subject.kind}:${subject.id}=${String(value)}`);
      return 'replaced';
    });
    expect(seen).toEqual(['comment:c-1=plain']);
    expect(mapped).toEqual({ commentId: 'c-1', text: 'replaced' });
    expect(data.text).toBe('plain'); // copied, never changed in place
    const amended = mapPersonalFields(
      'ActionAmended',
      'action-a1',
      {
        changes: [
          { field: 'owner', from: 'HoS', to: 'JH' },
          { field: 'description', from: 'old', to: 'new' },
        ],
      },
      (value, subject) => `${subject.kind}:${subject.id}:${String(value)}`,
    );
    expect(amended).toEqual({
      changes: [
        { field: 'owner', from: 'HoS', to: 'JH' },
        { field: 'description', from: 'action:a1:old', to: 'action:a1:new' },
      ],
    });
    expect(mapPersonalFields('RagStatusChanged', 'action-a', { to: 'red' }, () => 'x')).toEqual({ to: 'red' });
  });

  it('says when, by whom and why, the day as in England', () => {
    expect(removedMarker(new Date('2026-06-30T23:30:00Z'), 'Ada Admin', 'personal data entered in error')).toBe(
      '[removed on 1 July 2026 by Ada Admin: personal data entered in error]',
    );
  });
});
