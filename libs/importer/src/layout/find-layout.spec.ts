import { describe, expect, it } from '@jest/globals';
import type { GridRow } from '../read/grid.js';
import { columnLetter } from '../read/grid.js';
import { readWorkbook } from '../read/read-workbook.js';
import { fixtureBytes, FIXTURES } from '../write/testing/workbook-versions.js';
import { ColumnChoices } from './column-options.js';
import { fieldOfHeader, readHeaderRow } from './find-layout.js';

const row = (n: number, values: (string | null)[]): GridRow => ({
  row: n,
  cells: values.flatMap((text, i) =>
    text === null
      ? []
      : [
          {
            address: `${columnLetter(i + 1)}${n}`,
            row: n,
            column: columnLetter(i + 1),
            columnIndex: i + 1,
            value: { kind: 'text' as const, text },
            fill: null,
          },
        ],
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
    const layout = readHeaderRow(
      row(7, [
        'Comments',
        'RAG status',
        'How will we know it has been done?',
        'Action',
        'Lead officer',
        'Specific aim',
        'End date',
      ]),
      'Plan',
    );
    expect(layout?.columns).toEqual({
      comments: 'A',
      status: 'B',
      measure: 'C',
      action: 'D',
      owner: 'E',
      need: 'F',
      due: 'G',
    });
    const unknown = readHeaderRow(row(7, ['Comments', 'RAG status', 'Budget code', 'Action', 'Why?']), 'Plan');
    expect(unknown?.unknown).toEqual([{ sheet: 'Plan', row: 7, column: 'C', header: 'Budget code', candidates: [] }]);
  });

  it('reads headers by meaning, and says how each column was read', () => {
    const layout = readHeaderRow(
      row(5, [
        'Identified need',
        'Lead officer(s)',
        'Target date',
        'Difference for the child',
        'Progress update',
        'Evidence of impact',
        'Actions to be taken',
        'BRAG rating',
      ]),
      'Plan',
    );
    expect(layout?.columns).toEqual({
      need: 'A',
      owner: 'B',
      due: 'C',
      experience: 'D',
      comments: 'E',
      measure: 'F',
      action: 'G',
      status: 'H',
    });
    expect(layout?.cells.map((cell) => cell.how)).toEqual(Array(8).fill('recognised'));
    expect(layout?.unknown).toEqual([]);
  });

  it('gives each field one column: a second "Comments" is unknown, naming the column that has the field', () => {
    const layout = readHeaderRow(row(3, ['Why?', 'Comments', 'Action', 'Who?', 'Comments']), 'Plan');
    expect(layout?.columns.comments).toBe('B');
    expect(layout?.unknown).toEqual([
      {
        sheet: 'Plan',
        row: 3,
        column: 'E',
        header: 'Comments',
        candidates: [{ field: 'comments', score: 1, takenBy: 'B' }],
      },
    ]);
  });

  it('gives a header that names two fields alike the one the others leave free, and none when both are free', () => {
    expect(
      readHeaderRow(row(3, ['Why?', 'Lead officer', 'DLT lead officer', 'Action']), 'Plan')?.columns,
    ).toMatchObject({ owner: 'B', dltLead: 'C' });
    const alone = readHeaderRow(row(3, ['Why?', 'DLT lead officer', 'Action', 'By when?']), 'Plan');
    expect(alone?.unknown).toEqual([
      expect.objectContaining({
        column: 'B',
        candidates: [
          expect.objectContaining({ field: 'owner', takenBy: null }),
          expect.objectContaining({ field: 'dltLead', takenBy: null }),
        ],
      }),
    ]);
  });

  it('reads mapped headers as their field and leaves ignored ones out, matching them whatever their case and punctuation', () => {
    const choices = new ColumnChoices({
      columnMap: { 'notes for the board': 'comments', WHY: 'ref' },
      ignoreColumns: ['column1'],
    });
    const layout = readHeaderRow(
      row(3, ['Notes for the board:', 'Action', 'Who?', 'Column1', 'Why?']),
      'Plan',
      choices,
    );
    expect(layout?.columns).toEqual({ comments: 'A', action: 'B', owner: 'C', ref: 'E' });
    expect(layout?.cells.map((cell) => [cell.column, cell.field, cell.how])).toEqual([
      ['A', 'comments', 'mapped'],
      ['B', 'action', 'recognised'],
      ['C', 'owner', 'recognised'],
      ['D', null, 'ignored'],
      ['E', 'ref', 'mapped'],
    ]);
    expect(layout?.unknown).toEqual([]);
    expect(choices.unused()).toEqual([]);
    expect(new ColumnChoices({ ignoreColumns: ['Nowhere'] }).unused()).toEqual([{ kind: 'ignore', header: 'Nowhere' }]);
  });

  it('takes the blank first column for the aims when the header leaves it unnamed (the 2018-19 plan)', () => {
    const layout = readHeaderRow(
      row(17, [
        null,
        'Ref:',
        'Action:',
        'Start:',
        'End date',
        'Measure/outcome:',
        'Lead officer:',
        'DLT lead:',
        'Comments:',
        'RAG status:',
      ]),
      'SIP',
    );
    expect(layout).toMatchObject({
      row: 17,
      needColumnInferred: true,
      columns: { need: 'A', ref: 'B', action: 'C', status: 'J' },
    });
  });

  it('is not fooled by titles, headings or data', () => {
    expect(readHeaderRow(row(1, ['Appendix 1: Service Development Plan 2024-5']), 'SDP')).toBeNull();
    expect(
      readHeaderRow(
        row(9, [
          'Kinship care',
          'HOS',
          'kinship care strategy updated',
          'Oct-24',
          'Strategy in place',
          null,
          'Green',
          'our offer',
        ]),
        'SDP',
      ),
    ).toBeNull();
    expect(
      readHeaderRow(row(2, ['Priority 1 - SAFE - Children and Young People are safe and feel safe.']), 'SIP'),
    ).toBeNull();
    expect(readHeaderRow(row(12, ['Recommendations:']), 'SIP')).toBeNull();
    // Short cells that share words with headers: still too few known, or no action.
    expect(readHeaderRow(row(20, ['Action plan agreed', 'Lead', 'Update due', 'Progress', 'Green']), 'SDP')).toBeNull();
    expect(readHeaderRow(row(20, ['Action plan agreed', 'Lead', 'Update due', 'Progress']), 'SDP')).toBeNull();
    expect(readHeaderRow(row(21, ['Review', 'Status', 'Owner', 'Evidence', 'Comments']), 'SDP')).toBeNull();
    expect(
      readHeaderRow(
        row(22, [
          'Action: the service will review every plan for children with a disability',
          'HoS',
          'Mar-25',
          'Green',
          'Update given to DLT',
        ]),
        'SDP',
      ),
    ).toBeNull();
  });

  it('finds exactly the header rows of both fixtures, and nothing else in them', async () => {
    const headerRows = async (name: string) => {
      const grid = await readWorkbook(fixtureBytes(name), name);
      return grid.sheets.flatMap((sheet) => sheet.rows.flatMap((r) => (readHeaderRow(r, sheet.name) ? [r.row] : [])));
    };
    expect(await headerRows(FIXTURES.sdp2024)).toEqual([5]);
    expect(await headerRows(FIXTURES.sip2018)).toEqual([17, 40, 88, 94, 105, 109]);
  });
});
