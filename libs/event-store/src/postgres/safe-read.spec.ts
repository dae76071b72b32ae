import { describe, expect, it } from '@jest/globals';
import { safeReadablePrefix } from './safe-read.js';

const row = (position: number, transaction: number) => ({
  position: String(position),
  transaction_id: String(transaction),
});

describe('safeReadablePrefix', () => {
  it('hands out contiguous positions whatever is in progress', () => {
    const rows = [row(11, 100), row(12, 100), row(13, 105)];
    expect(safeReadablePrefix(10, 99n, rows, '90:120:101,102')).toEqual(rows);
  });

  it('stops before a gap that a transaction still in progress may fill', () => {
    // 12 is missing; transaction 102 took its ids between 100 and 105 and has not committed.
    const rows = [row(11, 100), row(13, 105), row(14, 105)];
    expect(safeReadablePrefix(10, 99n, rows, '90:120:102')).toEqual([row(11, 100)]);
  });

  it('passes a gap no transaction in progress can fill: it was rolled back', () => {
    const rows = [row(11, 100), row(13, 105)];
    expect(safeReadablePrefix(10, 99n, rows, '90:120:106,110')).toEqual(rows);
    expect(safeReadablePrefix(10, 99n, rows, '90:120:')).toEqual(rows);
  });

  it('bounds a gap right after the anchor by the anchor transaction', () => {
    const rows = [row(12, 105)];
    expect(safeReadablePrefix(10, 100n, rows, '90:120:101')).toEqual([]);
    expect(safeReadablePrefix(10, 102n, rows, '90:120:101')).toEqual(rows);
    // An unknown anchor (0) holds back any gap with anything in progress below.
    expect(safeReadablePrefix(10, 0n, rows, '1:120:7')).toEqual([]);
  });

  it('compares transaction ids as the 64-bit numbers they are, not as text', () => {
    const big = (text: string) => ({ position: text.split('/')[0]!, transaction_id: text.split('/')[1]! });
    const exact = [big('11/9007199254740993'), big('13/9007199254741000')];
    expect(safeReadablePrefix(10, 9007199254740990n, exact, '1:9007199254741001:9007199254740995')).toEqual([exact[0]]);
    expect(safeReadablePrefix(10, 9007199254740990n, exact, '1:9007199254741001:9007199254740999')).toEqual([exact[0]]);
    expect(safeReadablePrefix(10, 9007199254740990n, exact, '1:9007199254741001:9007199254741000')).toEqual(exact);
  });
});
