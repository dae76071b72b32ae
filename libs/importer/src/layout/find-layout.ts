import { cellText, columnLetter, type GridRow } from '../read/grid.js';
import { cleanText } from '../values/text.js';

/**
 * Which column holds what, found from a header row's words wherever that row is (row 5 of the
 * 2024-25 plan; again at the top of every section of the 2018-19 plan) and in any order. Each
 * field has the names the plans have used for it. A header cell that names nothing known is
 * reported, not fatal: its column is left out.
 */
export const FIELDS = ['need', 'ref', 'owner', 'dltLead', 'action', 'start', 'due', 'measure', 'experience', 'status', 'comments'] as const;
export type Field = (typeof FIELDS)[number];

// Compared after lower-casing and dropping punctuation at the ends ("Ref:", "Why?").
const SYNONYMS: Record<Field, string[]> = {
  need: ['why', 'specific aim', 'aim', 'aims', 'recommendation', 'recommendations', 'need', 'the need', 'finding', 'findings', 'source of action', 'reason'],
  ref: ['ref', 'ref no', 'reference', 'no', 'number', 'action ref', 'action no'],
  owner: ['who', 'lead officer', 'lead', 'owner', 'action owner', 'responsible officer', 'responsible', 'lead officer(s)'],
  dltLead: ['dlt lead', 'dlt', 'dlt owner', 'senior lead'],
  action: ['does what', 'action', 'actions', 'what', 'action to be taken', 'what will we do'],
  start: ['start', 'start date', 'from', 'begins'],
  due: ['by when', 'end date', 'end', 'due', 'due date', 'deadline', 'target date', 'completion date', 'timescale', 'when'],
  measure: ['how will we know it has been done', 'measure/outcome', 'measure', 'measures', 'outcome', 'outcomes', 'success measure', 'measure of success', 'measures of success', 'success criteria', 'evidence'],
  experience: ['what will be the experience of children', 'experience of children', 'impact on children', "children's experience"],
  status: ['rag rated progress', 'rag status', 'rag', 'brag', 'brag status', 'rag rating', 'status', 'progress rating', 'rag/brag'],
  comments: ['comments on progress', 'comments', 'comment', 'progress', 'progress update', 'update', 'updates', 'progress comments', 'commentary'],
};

const LOOKUP = new Map<string, Field>(FIELDS.flatMap((field) => SYNONYMS[field].map((name) => [name, field] as [string, Field])));

export function fieldOfHeader(text: string): Field | null {
  const key = cleanText(text)
    .toLowerCase()
    .replace(/^[\s:?.*-]+|[\s:?.*-]+$/g, '')
    .replace(/\s*\/\s*/g, '/');
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/\?/g, '')) ?? null;
}

export type UnknownColumn = { sheet: string; row: number; column: string; header: string };

export type Layout = {
  /** The header row, 1-based. */
  row: number;
  columns: Partial<Record<Field, string>>;
  unknown: UnknownColumn[];
  /** True when the Why?/aim column had no header and was taken to be the blank one before the others. */
  needColumnInferred: boolean;
};

/**
 * A header row names at least three known fields, one of them the action: section headings,
 * titles and data rows never do. Returns null for any other row.
 */
export function readHeaderRow(row: GridRow, sheet: string): Layout | null {
  const columns: Partial<Record<Field, string>> = {};
  const unknown: UnknownColumn[] = [];
  let known = 0;
  for (const cell of row.cells) {
    const text = cellText(cell).trim();
    if (text === '') continue;
    const field = fieldOfHeader(text);
    if (field && columns[field] === undefined) {
      columns[field] = cell.column;
      known += 1;
    } else unknown.push({ sheet, row: row.row, column: cell.column, header: text });
  }
  if (known < 3 || columns.action === undefined || unknown.length > known) return null;
  let needColumnInferred = false;
  // The 2018-19 plan's first header leaves the aim column's heading blank, yet the aims are there.
  const firstIndex = Math.min(...row.cells.filter((cell) => cellText(cell).trim() !== '').map((cell) => cell.columnIndex));
  if (columns.need === undefined && firstIndex > 1) {
    columns.need = columnLetter(firstIndex - 1);
    needColumnInferred = true;
  }
  return { row: row.row, columns, unknown, needColumnInferred };
}
