import type { PlanPeriod } from '../comments/parse-comments.js';
import type { ColumnChoices } from '../layout/column-options.js';
import { readHeaderRow, type Field, type Layout, type UnknownColumn } from '../layout/find-layout.js';
import { cellText, type GridCell, type GridRow, type GridSheet } from '../read/grid.js';
import { recogniseHeading, recogniseNeedCitation, type SourceMention } from '../sources/recognise-source.js';
import { cleanText } from '../values/text.js';
import type { ImportedAction, ImportedColumn, ImportedRecommendation, Origin } from './imported-plan.js';
import { provisionalSourceKey, sectionScope } from './keys.js';
import { readAction, type Warn } from './read-action.js';

export const RETAINED = /\b(?:retained|kept in|stayed in)\b/i;
export const TOP_HEADING = /^(?:priority|section|part)\s*\d+/i;
const FUNCTION_WORD_END = /\b(?:of|the|to|and|a|an|for|with|in|on|at|by|from|or|their|our|its)\s*$/i;
const MENDABLE: Field[] = ['action', 'measure', 'experience'];

/**
 * Wrapped text that spilled into the row below: a few words in lower case under a cell that
 * stops on a function word ("... reflect the voice of" / "the child"). The exporter uses it too,
 * to keep two actions' own words from reading as one spilled cell.
 */
export const readsAsSpill = (fragment: string, before: string): boolean =>
  /^[a-z]/.test(fragment) && fragment.split(/\s+/).length <= 4 && FUNCTION_WORD_END.test(before);

type Section = { theme: string; mention: SourceMention | null; origin: Origin };

/** A recommendation as its row gives it, before its source is settled (assemble-plan.ts). */
export type RawRecommendation = {
  mention: SourceMention | null;
  others: SourceMention[];
  reference: string | null;
  body: string;
  text: string;
  origin: Origin;
  sectionMention: SourceMention | null;
  final?: ImportedRecommendation;
};

/** An action as its row gives it, with the recommendation and section it sits under, before it has keys. */
export type RawAction = Omit<ImportedAction, 'key' | 'sourceKey' | 'recommendationKey'> & {
  recommendation: RawRecommendation | null;
  sectionMention: SourceMention | null;
  scope: string;
};

/** A source named somewhere in the workbook, where. */
export type MentionRecord = { key: string; mention: SourceMention; origin: Origin };

/** What reading the rows gathers: sources named, recommendations and actions as written, and the columns met. */
export type RowsRead = {
  mentions: MentionRecord[];
  recommendations: RawRecommendation[];
  actions: RawAction[];
  /** Every column a header row names, once per sheet, letter and header. */
  columns: Map<string, ImportedColumn>;
  /** Unknown columns by sheet, letter and header (the 2018-19 plan repeats its header rows), and the first cell below one that holds text. */
  unknownColumns: Map<string, { unknown: UnknownColumn; firstValueAt: string | null }>;
};

type ReadRowsInput = {
  file: string;
  choices: ColumnChoices;
  period: PlanPeriod | null;
  warn: Warn;
  onProgress?: (done: number, total: number) => void;
};

/** The rows of the plan's sheets read top to bottom, as interpretPlan describes. */
export function readRows(sheets: GridSheet[], input: ReadRowsInput): RowsRead {
  const read: RowsRead = {
    mentions: [],
    recommendations: [],
    actions: [],
    columns: new Map(),
    unknownColumns: new Map(),
  };
  const total = sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
  let done = 0;
  input.onProgress?.(done, total);
  for (const sheet of sheets) {
    const reader = new SheetReader(sheet, read, input);
    for (const row of sheet.rows) {
      done += 1;
      if (done % 250 === 0) input.onProgress?.(done, total);
      reader.read(row);
    }
  }
  input.onProgress?.(total, total);
  return read;
}

// Where the plan's table starts: its first header row, or a "Priority N" heading just above it.
export function startOf(sheet: GridSheet, choices: ColumnChoices): number {
  const header = (firstHeader(sheet, choices) as Layout).row;
  const heading = sheet.rows.find(
    (row) =>
      row.row < header &&
      row.cells.filter((c) => c.value !== null).length === 1 &&
      TOP_HEADING.test(cellText(row.cells.find((c) => c.value !== null)).trim()),
  );
  return heading ? heading.row : header;
}

export function firstHeader(sheet: GridSheet, choices: ColumnChoices): Layout | null {
  for (const row of sheet.rows) {
    const layout = readHeaderRow(row, sheet.name, choices);
    if (layout) return layout;
  }
  return null;
}

/** One sheet read row by row: where it stands (layout, section, recommendation, list) as it goes. */
class SheetReader {
  private layout: Layout | null = null;
  private top: Section | null = null;
  private sub: Section | null = null;
  private listing = false;
  private current: RawRecommendation | null = null;
  private lastAction: RawAction | null = null;
  private previousRow = 0;
  private unknownHere: { column: string; id: string }[] = [];
  private readonly startRow: number;

  constructor(
    private readonly sheet: GridSheet,
    private readonly into: RowsRead,
    private readonly input: ReadRowsInput,
  ) {
    this.startRow = startOf(sheet, input.choices);
  }

  read(row: GridRow): void {
    if (row.row < this.startRow) {
      this.previousRow = row.row;
      return;
    }
    if (row.row - this.previousRow > 2) {
      this.current = null;
      this.sub = null;
      this.listing = false;
    }
    this.previousRow = row.row;

    const header = readHeaderRow(row, this.sheet.name, this.input.choices);
    if (header) return this.readHeader(row, header);
    const filled = row.cells.filter((cell) => cell.value !== null);
    if (!this.layout) {
      // "Priority 1 - SAFE - ..." above the first header opens the first section.
      if (filled.length === 1)
        this.top = {
          theme: cleanText(cellText(filled[0])),
          mention: recogniseHeading(cellText(filled[0])),
          origin: this.origin(row.row, filled[0].column),
        };
      this.note(this.top?.mention ?? null, this.origin(row.row, filled[0]?.column ?? null));
      return;
    }
    if (filled.length === 1 && isHeadingCell(filled[0], this.layout)) return this.readHeading(row, filled[0]);
    this.listing = false;
    this.noteUnknownValues(row);
    this.readActionRow(row, this.layout);
  }

  private origin(row: number, column: string | null = null): Origin {
    return { file: this.input.file, sheet: this.sheet.name, row, column };
  }

  private note(mention: SourceMention | null, origin: Origin): void {
    if (mention) this.into.mentions.push({ key: provisionalSourceKey(mention), mention, origin });
  }

  private sectionMention(): SourceMention | null {
    return this.sub?.mention ?? this.top?.mention ?? null;
  }

  /** A header row (re)sets which column is what, and which columns are unknown. */
  private readHeader(row: GridRow, header: Layout): void {
    const { columns, unknownColumns } = this.into;
    const sheet = this.sheet.name;
    this.layout = header;
    this.current = null;
    this.listing = false;
    for (const cell of header.cells) {
      const id = `${sheet}|${cell.column}|${cell.header}`;
      if (!columns.has(id))
        columns.set(id, {
          sheet,
          row: row.row,
          column: cell.column,
          header: cell.header,
          field: cell.field,
          how: cell.how,
          ...(cell.score === null ? {} : { score: cell.score }),
        });
    }
    this.unknownHere = header.unknown.map((unknown) => ({
      column: unknown.column,
      id: `${sheet}|${unknown.column}|${unknown.header}`,
    }));
    for (const unknown of header.unknown) {
      const id = `${sheet}|${unknown.column}|${unknown.header}`;
      if (!unknownColumns.has(id)) unknownColumns.set(id, { unknown, firstValueAt: null });
    }
  }

  /** A row with one filled cell: a section heading, or a recommendation of a list. */
  private readHeading(row: GridRow, cell: GridCell): void {
    const text = cleanText(cellText(cell)).replace(/\s*:$/, '');
    if (this.listing) {
      if (/\bthis (?:service )?(?:improvement |development )?plan\b/i.test(text)) this.listing = false;
      else this.addRecommendation(cellText(cell), row.row, cell.column);
      return;
    }
    if (/^recommendations?\b/i.test(text) && cellText(cell).trim().endsWith(':') && this.sectionMention()) {
      this.listing = true;
      return;
    }
    const section: Section = {
      theme: text,
      mention: recogniseHeading(text),
      origin: this.origin(row.row, cell.column),
    };
    this.note(section.mention, section.origin);
    if (TOP_HEADING.test(text)) {
      this.top = section;
      this.sub = null;
    } else this.sub = section;
    this.current = null;
  }

  /** A value under a header no field was found for is text the import would lose. */
  private noteUnknownValues(row: GridRow): void {
    for (const { column, id } of this.unknownHere) {
      const held = row.cells.find((cell) => cell.column === column && cellText(cell).trim() !== '');
      const record = this.into.unknownColumns.get(id)!;
      if (held && record.firstValueAt === null) record.firstValueAt = held.address;
    }
  }

  private addRecommendation(text: string, row: number, column: string): RawRecommendation {
    const citation = recogniseNeedCitation(text);
    const inherited = this.sectionMention();
    let own: SourceMention | null = citation.mentions[0] ?? null;
    const others = citation.mentions.slice(1);
    // "Ofsted recommendation 1" under "Priority 5: ... July 2016 OFSTED" is that inspection.
    if (own && inherited && own.generic && own.kind === inherited.kind && own.year === null) own = inherited;
    const mention = own ?? inherited;
    const rec: RawRecommendation = {
      mention,
      others,
      reference: citation.reference,
      body: citation.body,
      text: text.trim(),
      origin: this.origin(row, column),
      sectionMention: inherited,
    };
    if (own && own !== inherited) this.note(own, this.origin(row, column));
    for (const other of others) this.note(other, this.origin(row, column));
    this.into.recommendations.push(rec);
    return rec;
  }

  /** Any other row: a need (a new recommendation) and an action under it, or the end of the cell above spilled into it. */
  private readActionRow(row: GridRow, layout: Layout): void {
    const { warn } = this.input;
    const sheet = this.sheet.name;
    const cellOf = (field: Field): GridCell | undefined => {
      const column = layout.columns[field];
      return column ? row.cells.find((cell) => cell.column === column) : undefined;
    };
    const textOf = (field: Field): string => cellText(cellOf(field)).trim();
    const mended = this.mendSpill(row, layout, textOf);
    const fieldText = (field: Field): string => (mended.has(field) ? '' : textOf(field));

    const need = textOf('need');
    if (need !== '') this.current = this.addRecommendation(need, row.row, layout.columns.need as string);
    const description = fieldText('action');
    if (description === '') {
      if (need !== '')
        warn(
          'NO_ACTION',
          sheet,
          row.row,
          layout.columns.action ?? null,
          `row ${row.row}: a need with no action; recorded the recommendation only`,
        );
      else if (mended.size === 0)
        warn('ROW_IGNORED', sheet, row.row, null, `row ${row.row}: values but neither a need nor an action; ignored`);
      return;
    }

    const action = readAction(row, layout, this.sheet, {
      description,
      fieldText,
      cellOf,
      origin: (r, column) => this.origin(r, column),
      warn,
      period: this.input.period,
    });
    const cues = [
      cellText(cellOf('status')),
      textOf('comments'),
      description,
      need,
      this.sub?.theme ?? '',
      this.top?.theme ?? '',
    ];
    const cue = cues.find((text) => RETAINED.test(text));
    if (cue && action.completed) action.retainedForOversight = true;
    else if (cue) {
      action.carriedForward = true;
      action.carriedForwardNote = sentenceWith(cue, RETAINED);
    }
    const raw: RawAction = {
      ...action,
      theme: this.sub?.theme ?? this.top?.theme ?? null,
      recommendation: this.current,
      sectionMention: this.sectionMention(),
      scope: sectionScope(this.top?.theme ?? this.sub?.theme ?? null),
    };
    this.into.actions.push(raw);
    this.lastAction = raw;
  }

  /** Wrapped text that spilled into the next row ("... reflect the voice of" / "the child"), joined to the action above: the fields it mended. */
  private mendSpill(row: GridRow, layout: Layout, textOf: (field: Field) => string): Set<Field> {
    const mended = new Set<Field>();
    const lastAction = this.lastAction;
    if (!lastAction || row.row - lastAction.origin.row !== 1) return mended;
    for (const field of MENDABLE) {
      const fragment = textOf(field);
      const target =
        field === 'action' ? 'description' : field === 'measure' ? 'successMeasure' : 'experienceOfChildren';
      const before = lastAction[target];
      if (before && readsAsSpill(fragment, before)) {
        lastAction[target] = `${before} ${fragment}`;
        mended.add(field);
        const column = layout.columns[field] ?? null;
        this.input.warn(
          'TEXT_MENDED',
          this.sheet.name,
          row.row,
          column,
          `${column}${row.row}: "${fragment}" reads as the end of ${column}${lastAction.origin.row} ("...${before.slice(-30)}"); joined to it`,
        );
      }
    }
    return mended;
  }
}

// A heading sits in the need column or to the left of every mapped column; a lone value further
// right is part of a row, not a heading.
function isHeadingCell(cell: GridCell, layout: Layout): boolean {
  if (cell.column === layout.columns.need) return true;
  const mapped = Object.values(layout.columns).map((letter) => columnIndexOf(letter as string));
  return cell.columnIndex <= Math.min(...mapped);
}

const columnIndexOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

// The sentence of `text` that holds the match: "Retained due to ongoing cost of living crisis."
function sentenceWith(text: string, pattern: RegExp): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  return (sentences.find((s) => pattern.test(s)) ?? text).trim();
}
