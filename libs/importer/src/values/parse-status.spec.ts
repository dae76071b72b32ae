import { describe, expect, it } from '@jest/globals';
import { readStatus, statusFromFill, statusFromText } from './parse-status.js';

describe('statusFromText', () => {
  it.each([
    ['Blue', 'blue'],
    ['Completed', 'blue'],
    ['complete', 'blue'],
    ['COMPLETE.', 'blue'],
    ['Red', 'red'],
    ['amber', 'amber'],
    ['AMBER', 'amber'],
    [' Green ', 'green'],
  ])('reads %j as %s', (text, status) => {
    expect(statusFromText(text)).toBe(status);
  });

  it.each(['r', 'g', 'Green/Amber', 'on track', '?'])('does not guess %j', (text) => {
    expect(statusFromText(text)).toBeNull();
  });
});

describe('statusFromFill', () => {
  it.each([
    ['FFFF0000', 'red'],
    ['FFC00000', 'red'],
    ['FFFFC000', 'amber'],
    ['FFFFFF00', 'amber'],
    ['FFED7D31', 'amber'],
    ['FF00B050', 'green'],
    ['FF92D050', 'green'],
    ['FF0070C0', 'blue'],
    ['FF00B0F0', 'blue'],
  ])('reads the fill %s as %s', (argb, status) => {
    expect(statusFromFill(argb)).toBe(status);
  });

  it.each(['FFFFFFFF', 'FFD9D9D9', 'FF000000', 'FFF2F2F2', '00FF0000', 'FF7030A0'])(
    'takes %s for formatting, not a status',
    (argb) => {
      expect(statusFromFill(argb)).toBeNull();
    },
  );
});

describe('readStatus', () => {
  it('takes the words first, the fill only when the cell has no words, and flags unknown words', () => {
    expect(readStatus('Green', 'FFFF0000')).toEqual({ kind: 'status', status: 'green', from: 'text' });
    expect(readStatus('', 'FFFF0000')).toEqual({ kind: 'status', status: 'red', from: 'fill' });
    expect(readStatus('', null)).toEqual({ kind: 'empty' });
    expect(readStatus('r', null)).toEqual({ kind: 'unknown', text: 'r', fillStatus: null });
  });
});
