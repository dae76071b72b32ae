import { describe, expect, it } from '@jest/globals';
import type { GridRow } from '../read/grid.js';
import { columnLetter } from '../read/grid.js';
import { fieldOfHeader, readHeaderRow } from './find-layout.js';

const row = (n: number, values: (string | null)[]): GridRow => ({
  row: n,
  cells: values.flatMap((text, i) =>
    text === null ? [] : [{ address: `${columnLetter(i + 1)}${n}`, row: n, column: columnLetter(i + 1), columnIndex: i + 1, value: { kind: 'text' as const, text }, fill: null }],
  ),
});

describe('fieldOfHeader', () => {
  it.each([
    ['Why?', 'need'],
    ['Specific aim:', 'need'],
    ['Recommendations:', 'need'],
    ['Who?', 'owner'],
    ['Lead officer:', 'owner'],
    ['Does what?', 'action'],
    ['Action:', 'action'],
    ['By when?', 'due'],
    ['End date', 'due'],
    ['End:', 'due'],
    ['How will we know it has been done?', 'measure'],
    ['Measure/outcome:', 'measure'],
    ['RAG rated progress', 'status'],
    ['RAG status:', 'status'],
    ['Comments on progress', 'comments'],
    ['Comments:', 'comments'],
    ['DLT lead:', 'dltLead'],
    ['Ref:', 'ref'],
  ])('%j is %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });
});

describe('readHeaderRow', () => {
  it('maps columns by their words in any order and reports the unknown ones', () => {
    const layout = readHeaderRow(row(7, ['Comments', 'RAG status', 'How will we know it has been done?', 'Action', 'Lead officer', 'Specific aim', 'End date']), 'Plan');
    expect(layout?.columns).toEqual({ comments: 'A', status: 'B', measure: 'C', action: 'D', owner: 'E', need: 'F', due: 'G' });
    const unknown = readHeaderRow(row(7, ['Comments', 'RAG status', 'Budget code', 'Action', 'Why?']), 'Plan');
    expect(unknown?.unknown).toEqual([{ sheet: 'Plan', row: 7, column: 'C', header: 'Budget code' }]);
  });

  it('takes the blank first column for the aims when the header leaves it unnamed (the 2018-19 plan)', () => {
    const layout = readHeaderRow(row(17, [null, 'Ref:', 'Action:', 'Start:', 'End date', 'Measure/outcome:', 'Lead officer:', 'DLT lead:', 'Comments:', 'RAG status:']), 'SIP');
    expect(layout).toMatchObject({ row: 17, needColumnInferred: true, columns: { need: 'A', ref: 'B', action: 'C', status: 'J' } });
  });

  it('is not fooled by titles, headings or data', () => {
    expect(readHeaderRow(row(1, ['Appendix 1: Service Development Plan 2024-5']), 'SDP')).toBeNull();
    expect(readHeaderRow(row(9, ['Kinship care', 'HOS', 'kinship care strategy updated', 'Oct-24', 'Strategy in place', null, 'Green', 'our offer']), 'SDP')).toBeNull();
  });
});
