import type { RagStatus } from '#domain';
import { parseComments, type PlanPeriod } from '../comments/parse-comments.js';
import { ColumnChoices, type ColumnOptions } from '../layout/column-options.js';
import { FIELDS, readHeaderRow, type Field, type Layout, type UnknownColumn } from '../layout/find-layout.js';
import { cellText, type Grid, type GridCell, type GridRow, type GridSheet } from '../read/grid.js';
import { recogniseHeading, recogniseNeedCitation, type SourceMention } from '../sources/recognise-source.js';
import { normaliseOwner } from '../values/normalise-owner.js';
import { looksLikeBadDate, parseDateCell } from '../values/parse-dates.js';
import { readStatus, statusFromText } from '../values/parse-status.js';
import { cleanText } from '../values/text.js';
import { WorkbookError, type UnmappedColumn } from '../workbook-error.js';
import type { ImportedAction, ImportedColumn, ImportedComment, ImportedPlan, ImportedRecommendation, ImportedSource, ImportWarning, Origin, StatedDate, WarningCode } from './imported-plan.js';
import { ActionKeys, provisionalSourceKey, recommendationKey, resolveSourceKeys, SOURCE_NOT_NAMED_KEY, sectionScope } from './keys.js';
import { readPlanDetails } from './plan-details.js';
import { findStatedDate } from './snapshot-date.js';

/**
 * The grid → an ImportedPlan. Reads each sheet top to bottom:
 *
 * - rows above the first header row are the plan's details and title (plan-details.ts);
 * - a header row (re)sets which column is what (find-layout.ts);
 * - a row with one filled cell is a section heading: "Priority N ..." opens a top-level section,
 *   any other heading a sub-section. A heading that names a source ("Audit 2024 service wide
 *   recommendations") makes it the source of the rows under it; one that does not ("Children in
 *   Need") is a theme and ends the previous sub-section's source, but not a Priority's ("Priority
 *   5: ... July 2016 OFSTED" keeps its source through its sub-headings);
 * - a heading "Recommendations ...:" opens a list: the one-cell rows under it are recommendations
 *   of the current source with no actions yet (the 2018-19 focused-visit letter);
 * - any other row is an action; its Why?/aim, when filled, is a new recommendation (citing its
 *   own source or taking the section's), and when empty the row continues the recommendation above;
 * - two or more blank rows end the recommendation and the sub-section (its theme and source):
 *   hand-made plans space rows within a section with one blank row, and a longer gap is where
 *   rows were cut, so what follows is not known to belong to the heading far above it.
 *
 * A column whose header is no known field (and not mapped or ignored: ColumnOptions) is an
 * UNMAPPED_COLUMN error when any row below that header, up to the next header row, holds text in
 * it: the import would lose that text without anyone seeing. Under an empty one it is a warning.
 */
export type InterpretOptions = ColumnOptions & {
  /** Called as rows are read, for a progress bar: (rows done, rows in all). */
  onProgress?: (done: number, total: number) => void;
};

type Section = { theme: string; mention: SourceMention | null; origin: Origin };

type RawRecommendation = {
  mention: SourceMention | null;
  others: SourceMention[];
  reference: string | null;
  body: string;
  text: string;
  origin: Origin;
  sectionMention: SourceMention | null;
  final?: ImportedRecommendation;
};

type RawAction = Omit<ImportedAction, 'key' | 'sourceKey' | 'recommendationKey'> & {
  recommendation: RawRecommendation | null;
  sectionMention: SourceMention | null;
  scope: string;
};

type MentionRecord = { key: string; mention: SourceMention; origin: Origin };

export const RETAINED = /\b(?:retained|kept in|stayed in)\b/i;
export const COMPLETE_WORDS = /^\s*(?:fully\s+)?(?:complete|completed|done)\s*(?:$|[-–:(.,])/i;
const FUNCTION_WORD_END = /\b(?:of|the|to|and|a|an|for|with|in|on|at|by|from|or|their|our|its)\s*$/i;
const MENDABLE: Field[] = ['action', 'measure', 'experience'];

export function interpretPlan(grid: Grid, options: InterpretOptions = {}): ImportedPlan {
  const { file } = grid;
  const choices = new ColumnChoices(options);
  const warnings: ImportWarning[] = [];
  const warn = (code: WarningCode, sheet: string | null, row: number | null, column: string | null, message: string): void => {
    warnings.push({ code, cell: { file, sheet, row, column }, message });
  };

  // Find each sheet's first header; a workbook where no sheet has one is not a plan.
  const plans = grid.sheets.map((sheet) => ({ sheet, first: firstHeader(sheet, choices) }));
  const withHeader = plans.filter((p) => p.first !== null);
  if (withHeader.length === 0) {
    const names = grid.sheets.map((s) => `"${s.name}"`).join(', ');
    throw new WorkbookError(
      'NO_HEADER',
      file,
      `${file}: no header row found in ${grid.sheets.length === 1 ? 'sheet' : 'sheets'} ${names || '(none)'}; expected a row naming columns such as Why?, Does what?, By when?, RAG status`,
      grid.sheets.length === 1 ? grid.sheets[0].name : null,
    );
  }
  for (const p of plans) if (p.first === null && p.sheet.rows.length > 0) warn('SHEET_SKIPPED', p.sheet.name, null, null, `sheet "${p.sheet.name}" has no header row; skipped`);

  const firstPlan = withHeader[0];
  const preamble = firstPlan.sheet.rows.filter((row) => row.row < startOf(firstPlan.sheet, choices));
  const details = readPlanDetails(preamble, { file, sheets: withHeader.map((p) => p.sheet.name) });
  const headerRow = firstPlan.sheet.rows.find((row) => row.row === firstPlan.first!.row);
  const stated = findStatedDate([...preamble, ...(headerRow ? [headerRow] : [])], file, firstPlan.sheet.name);
  const period: PlanPeriod | null = details.periodStart && details.periodEnd ? { start: details.periodStart, end: details.periodEnd } : null;
  if (!period)
    warn('PERIOD_NOT_FOUND', firstPlan.sheet.name, null, null, `the plan's period was not found (no "Duration:" and no year such as 2018-19 in its title, sheet or file name); comments dated by a month alone ("January:") are left undated`);
  else if (details.periodFrom === 'year-range-convention')
    warn('PERIOD_ASSUMED', firstPlan.sheet.name, null, null, `the plan gives its years but not its months; taken as ${period.start} to ${period.end} (April to March, as the service's plans run)`);

  const total = withHeader.reduce((sum, p) => sum + p.sheet.rows.length, 0);
  let done = 0;
  const progress = (): void => options.onProgress?.(done, total);
  progress();

  const mentions: MentionRecord[] = [];
  const recommendations: RawRecommendation[] = [];
  const actions: RawAction[] = [];
  const columns = new Map<string, ImportedColumn>();
  // Unknown columns by sheet, letter and header (the 2018-19 plan repeats its header rows), and the first cell below one that holds text.
  const unknownColumns = new Map<string, { unknown: UnknownColumn; firstValueAt: string | null }>();
  const note = (mention: SourceMention | null, origin: Origin): void => {
    if (mention) mentions.push({ key: provisionalSourceKey(mention), mention, origin });
  };

  for (const { sheet } of withHeader) {
    const origin = (row: number, column: string | null = null): Origin => ({ file, sheet: sheet.name, row, column });
    let layout: Layout | null = null;
    let top = null as Section | null;
    let sub = null as Section | null;
    let listing = false;
    let current = null as RawRecommendation | null;
    let lastAction = null as RawAction | null;
    let previousRow = 0;
    let unknownHere: { column: string; id: string }[] = [];
    const startRow = startOf(sheet, choices);

    const sectionMention = (): SourceMention | null => sub?.mention ?? top?.mention ?? null;
    const theme = (): string | null => sub?.theme ?? top?.theme ?? null;
    const addRecommendation = (text: string, row: number, column: string): RawRecommendation => {
      const citation = recogniseNeedCitation(text);
      const inherited = sectionMention();
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
        origin: origin(row, column),
        sectionMention: inherited,
      };
      if (own && own !== inherited) note(own, origin(row, column));
      for (const other of others) note(other, origin(row, column));
      recommendations.push(rec);
      return rec;
    };

    for (const row of sheet.rows) {
      done += 1;
      if (done % 250 === 0) progress();
      if (row.row < startRow) {
        previousRow = row.row;
        continue;
      }
      if (row.row - previousRow > 2) {
        current = null;
        sub = null;
        listing = false;
      }
      previousRow = row.row;

      const header = readHeaderRow(row, sheet.name, choices);
      if (header) {
        layout = header;
        current = null;
        listing = false;
        for (const cell of header.cells) {
          const id = `${sheet.name}|${cell.column}|${cell.header}`;
          if (!columns.has(id)) columns.set(id, { sheet: sheet.name, row: row.row, column: cell.column, header: cell.header, field: cell.field, how: cell.how, ...(cell.score === null ? {} : { score: cell.score }) });
        }
        unknownHere = header.unknown.map((unknown) => ({ column: unknown.column, id: `${sheet.name}|${unknown.column}|${unknown.header}` }));
        for (const unknown of header.unknown) {
          const id = `${sheet.name}|${unknown.column}|${unknown.header}`;
          if (!unknownColumns.has(id)) unknownColumns.set(id, { unknown, firstValueAt: null });
        }
        continue;
      }
      const filled = row.cells.filter((cell) => cell.value !== null);
      if (!layout) {
        // "Priority 1 - SAFE - ..." above the first header opens the first section.
        if (filled.length === 1) top = { theme: cleanText(cellText(filled[0])), mention: recogniseHeading(cellText(filled[0])), origin: origin(row.row, filled[0].column) };
        note(top?.mention ?? null, origin(row.row, filled[0]?.column ?? null));
        continue;
      }

      if (filled.length === 1 && isHeadingCell(filled[0], layout)) {
        const text = cleanText(cellText(filled[0])).replace(/\s*:$/, '');
        if (listing) {
          if (/\bthis (?:service )?(?:improvement |development )?plan\b/i.test(text)) listing = false;
          else addRecommendation(cellText(filled[0]), row.row, filled[0].column);
          continue;
        }
        if (/^recommendations?\b/i.test(text) && cellText(filled[0]).trim().endsWith(':') && sectionMention()) {
          listing = true;
          continue;
        }
        const section: Section = { theme: text, mention: recogniseHeading(text), origin: origin(row.row, filled[0].column) };
        note(section.mention, section.origin);
        if (TOP_HEADING.test(text)) {
          top = section;
          sub = null;
        } else sub = section;
        current = null;
        continue;
      }
      listing = false;
      // A value under a header no field was found for is text the import would lose.
      for (const { column, id } of unknownHere) {
        const held = row.cells.find((cell) => cell.column === column && cellText(cell).trim() !== '');
        const record = unknownColumns.get(id)!;
        if (held && record.firstValueAt === null) record.firstValueAt = held.address;
      }

      const cellOf = (field: Field): GridCell | undefined => {
        const column = layout?.columns[field];
        return column ? row.cells.find((cell) => cell.column === column) : undefined;
      };
      const textOf = (field: Field): string => cellText(cellOf(field)).trim();

      // Wrapped text that spilled into the next row ("... reflect the voice of" / "the child").
      const mended = new Set<Field>();
      if (lastAction && row.row - lastAction.origin.row === 1) {
        for (const field of MENDABLE) {
          const fragment = textOf(field);
          const target = field === 'action' ? 'description' : field === 'measure' ? 'successMeasure' : 'experienceOfChildren';
          const before = lastAction[target];
          if (before && readsAsSpill(fragment, before)) {
            lastAction[target] = `${before} ${fragment}`;
            mended.add(field);
            const column = layout.columns[field] ?? null;
            warn('TEXT_MENDED', sheet.name, row.row, column, `${column}${row.row}: "${fragment}" reads as the end of ${column}${lastAction.origin.row} ("...${before.slice(-30)}"); joined to it`);
          }
        }
      }
      const fieldText = (field: Field): string => (mended.has(field) ? '' : textOf(field));

      const need = textOf('need');
      if (need !== '') current = addRecommendation(need, row.row, layout.columns.need as string);
      const description = fieldText('action');
      if (description === '') {
        if (need !== '') warn('NO_ACTION', sheet.name, row.row, layout.columns.action ?? null, `row ${row.row}: a need with no action; recorded the recommendation only`);
        else if (mended.size === 0) warn('ROW_IGNORED', sheet.name, row.row, null, `row ${row.row}: values but neither a need nor an action; ignored`);
        continue;
      }

      const action = readAction(row, layout, sheet, { description, fieldText, cellOf, origin, warn, period });
      const cues = [
        { text: cellText(cellOf('status')), where: 'status' },
        { text: textOf('comments'), where: 'comments' },
        { text: description, where: 'action' },
        { text: need, where: 'need' },
        { text: sub?.theme ?? '', where: 'heading' },
        { text: top?.theme ?? '', where: 'heading' },
      ];
      const cue = cues.find((c) => RETAINED.test(c.text));
      if (cue && action.completed) action.retainedForOversight = true;
      else if (cue) {
        action.carriedForward = true;
        action.carriedForwardNote = sentenceWith(cue.text, RETAINED);
      }
      const raw: RawAction = {
        ...action,
        theme: theme(),
        recommendation: current,
        sectionMention: sectionMention(),
        scope: sectionScope(top?.theme ?? sub?.theme ?? null),
      };
      actions.push(raw);
      lastAction = raw;
    }
  }
  done = total;
  progress();

  const unmapped: UnmappedColumn[] = [...unknownColumns.values()].filter((u) => u.firstValueAt !== null).map((u) => ({ ...u.unknown, firstValueAt: u.firstValueAt! }));
  if (unmapped.length > 0) throw unmappedColumnError(file, unmapped);
  for (const { unknown } of unknownColumns.values())
    warn('UNKNOWN_COLUMN', unknown.sheet, unknown.row, unknown.column, `${unknown.column}${unknown.row}: column "${unknown.header}" is not one the importer knows, and is empty below its header; nothing in it to import`);
  for (const option of choices.unused())
    warn('COLUMN_OPTION_UNUSED', null, null, null, `the column ${option.kind === 'map' ? 'mapping' : 'to ignore'} "${option.header}" matched no header in the workbook; it was not used`);

  const sheetNames = withHeader.map((p) => p.sheet.name);
  return assemble({ grid, sheetNames, details, mentions, recommendations, actions, warnings, unknownColumns: [...unknownColumns.values()].map((u) => u.unknown), columns: [...columns.values()], warn, stated });
}

export const TOP_HEADING = /^(?:priority|section|part)\s*\d+/i;

/**
 * Wrapped text that spilled into the row below: a few words in lower case under a cell that
 * stops on a function word ("... reflect the voice of" / "the child"). The exporter uses it too,
 * to keep two actions' own words from reading as one spilled cell.
 */
export const readsAsSpill = (fragment: string, before: string): boolean =>
  /^[a-z]/.test(fragment) && fragment.split(/\s+/).length <= 4 && FUNCTION_WORD_END.test(before);

/**
 * The error for columns that would lose text: each named by sheet, letter and header, with what
 * it could be, and how to say what it is or to leave it out knowingly.
 */
function unmappedColumnError(file: string, unmapped: UnmappedColumn[]): WorkbookError {
  const described = unmapped.map((u) => {
    const could = u.candidates.map((c) => `${c.field}${c.takenBy ? ` (already column ${c.takenBy})` : ''}`);
    return `sheet "${u.sheet}" column ${u.column} "${u.header}" (text from ${u.firstValueAt})${could.length > 0 ? `, which could be ${could.join(' or ')}` : ''}`;
  });
  const one = unmapped.length === 1;
  const example = unmapped[0]!.header.replace(/"/g, "'");
  return new WorkbookError(
    'UNMAPPED_COLUMN',
    file,
    `${file}: ${one ? 'a column holds' : `${unmapped.length} columns hold`} text under a header that is not one the importer knows, so nothing was imported: ${described.join('; ')}. ` +
      `Say which field ${one ? 'it is' : 'each is'} with --map "${example}=<field>" (the fields: ${FIELDS.join(', ')}), or leave ${one ? 'it' : 'one'} out knowingly with --ignore-column "${example}"; over HTTP, map=${example}=<field> or ignoreColumn=${example}.`,
    unmapped[0]!.sheet,
    { columns: unmapped },
  );
}

// Where the plan's table starts: its first header row, or a "Priority N" heading just above it.
function startOf(sheet: GridSheet, choices: ColumnChoices): number {
  const header = (firstHeader(sheet, choices) as Layout).row;
  const heading = sheet.rows.find((row) => row.row < header && row.cells.filter((c) => c.value !== null).length === 1 && TOP_HEADING.test(cellText(row.cells.find((c) => c.value !== null)).trim()));
  return heading ? heading.row : header;
}

function firstHeader(sheet: GridSheet, choices: ColumnChoices): Layout | null {
  for (const row of sheet.rows) {
    const layout = readHeaderRow(row, sheet.name, choices);
    if (layout) return layout;
  }
  return null;
}

// A heading sits in the need column or to the left of every mapped column; a lone value further
// right is part of a row, not a heading.
function isHeadingCell(cell: GridCell, layout: Layout): boolean {
  if (cell.column === layout.columns.need) return true;
  const mapped = Object.values(layout.columns).map((letter) => columnIndexOf(letter as string));
  return cell.columnIndex <= Math.min(...mapped);
}

const columnIndexOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

type ReadContext = {
  description: string;
  fieldText: (field: Field) => string;
  cellOf: (field: Field) => GridCell | undefined;
  origin: (row: number, column?: string | null) => Origin;
  warn: (code: WarningCode, sheet: string | null, row: number | null, column: string | null, message: string) => void;
  period: PlanPeriod | null;
};

function readAction(row: GridRow, layout: Layout, sheet: GridSheet, ctx: ReadContext): Omit<RawAction, 'theme' | 'recommendation' | 'sectionMention' | 'scope'> {
  const { cellOf, fieldText, warn } = ctx;
  const orNull = (text: string): string | null => (text === '' ? null : text);

  const dateOf = (field: 'start' | 'due') => {
    const cell = cellOf(field);
    const value = parseDateCell(cell?.value ?? null);
    if (value?.kind === 'text' && cell && looksLikeBadDate(value.text))
      warn('BAD_DATE', sheet.name, row.row, cell.column, `${cell.address}: "${value.text}" looks like a date but is not a real one; kept as text`);
    return value;
  };
  const start = dateOf('start');
  const due = dateOf('due');
  if (start?.kind === 'date' && due?.kind === 'date' && due.date < start.date) {
    const column = layout.columns.due ?? null;
    warn('DUE_BEFORE_START', sheet.name, row.row, column, `${column}${row.row}: due ${due.date} is before the start ${start.date}; kept as written`);
  }

  // Status: the words, else the fill colour; "complete - (kept in ...)" in the status cell is blue.
  let status: RagStatus | null = null;
  let statusFrom: 'text' | 'fill' | null = null;
  const statusCell = cellOf('status');
  if (statusCell) {
    const words = cellText(statusCell);
    const reading = COMPLETE_WORDS.test(words) ? ({ kind: 'status', status: 'blue', from: 'text' } as const) : readStatus(words, statusCell.fill);
    if (reading.kind === 'status') {
      status = reading.status;
      statusFrom = reading.from;
      const fillStatus = readStatus('', statusCell.fill);
      if (reading.from === 'text' && fillStatus.kind === 'status' && fillStatus.status !== reading.status)
        warn('STATUS_FILL_DISAGREES', sheet.name, row.row, statusCell.column, `${statusCell.address}: the status says "${words.trim()}" but the cell is filled ${fillStatus.status}; took the words`);
    } else if (reading.kind === 'unknown') {
      if (reading.fillStatus) {
        status = reading.fillStatus;
        statusFrom = 'fill';
      }
      warn(
        'UNKNOWN_STATUS',
        sheet.name,
        row.row,
        statusCell.column,
        `${statusCell.address}: status "${reading.text}" is not Blue, Red, Amber, Green or Completed; ${reading.fillStatus ? `took the cell's ${reading.fillStatus} fill` : 'left unrated'}`,
      );
    }
  }

  const dueText = due?.kind === 'text' ? due.text : '';
  const commentsText = fieldText('comments');
  const completed = status === 'blue' || statusFromText(dueText) === 'blue' || COMPLETE_WORDS.test(commentsText);

  const commentColumn = layout.columns.comments ?? null;
  const comments: ImportedComment[] = parseComments(commentsText, ctx.period).map((comment) => {
    if (comment.needsPeriod)
      warn('COMMENT_DATE_NEEDS_PERIOD', sheet.name, row.row, commentColumn, `${commentColumn}${row.row}: "${comment.text.slice(0, 40)}" is dated by a month alone and the plan's period is unknown; left undated`);
    return { text: comment.text, effectiveDate: comment.effectiveDate, precision: comment.precision, origin: ctx.origin(row.row, commentColumn) };
  });

  return {
    ref: fieldText('ref') === '' ? null : cleanText(fieldText('ref')),
    description: ctx.description,
    owner: normaliseOwner(fieldText('owner')),
    dltLead: normaliseOwner(fieldText('dltLead')),
    start,
    due,
    successMeasure: orNull(fieldText('measure')),
    experienceOfChildren: orNull(fieldText('experience')),
    status,
    statusFrom,
    completed,
    retainedForOversight: false,
    carriedForward: false,
    carriedForwardNote: null,
    comments,
    origin: ctx.origin(row.row),
  };
}

// The sentence of `text` that holds the match: "Retained due to ongoing cost of living crisis."
function sentenceWith(text: string, pattern: RegExp): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  return (sentences.find((s) => pattern.test(s)) ?? text).trim();
}

type AssembleInput = {
  grid: Grid;
  sheetNames: string[];
  details: ReturnType<typeof readPlanDetails>;
  mentions: MentionRecord[];
  recommendations: RawRecommendation[];
  actions: RawAction[];
  warnings: ImportWarning[];
  unknownColumns: UnknownColumn[];
  columns: ImportedColumn[];
  warn: ReadContext['warn'];
  stated: StatedDate | null;
};

// Second pass: settle which mentions are one source, then give everything its key.
function assemble(input: AssembleInput): ImportedPlan {
  const { grid, details, mentions, recommendations, actions, warn } = input;
  const sheetIndex = new Map(grid.sheets.map((sheet, i) => [sheet.name, i]));
  const isEarlier = (a: Origin, b: Origin): boolean =>
    a.sheet === b.sheet ? a.row < b.row : (sheetIndex.get(a.sheet) ?? 0) < (sheetIndex.get(b.sheet) ?? 0);
  const place = (cell: ImportWarning['cell']): number => (sheetIndex.get(cell.sheet ?? '') ?? -1) * 1e9 + (cell.row ?? 0);
  const resolved = resolveSourceKeys(mentions.map((m) => ({ key: m.key, mention: m.mention, generic: m.mention.generic })));
  const sources = new Map<string, ImportedSource>();
  const sourceKeyOf = (mention: SourceMention | null): string => {
    if (!mention) return SOURCE_NOT_NAMED_KEY;
    const provisional = provisionalSourceKey(mention);
    return resolved.get(provisional) ?? provisional;
  };
  // First the month-dated mentions (they give the fullest title), then the rest, each in row order.
  const ordered = [...mentions].sort((a, b) => Number(b.mention.month !== null) - Number(a.mention.month !== null));
  for (const m of ordered) {
    const key = sourceKeyOf(m.mention);
    const existing = sources.get(key);
    if (existing) {
      if (isEarlier(m.origin, existing.origin)) existing.origin = m.origin;
      continue;
    }
    const date = m.mention.year !== null && m.mention.month !== null ? `${m.mention.year}-${String(m.mention.month).padStart(2, '0')}-01` : null;
    sources.set(key, { key, kind: m.mention.kind, title: m.mention.title, date, origin: m.origin });
  }
  const ensureNotNamed = (origin: Origin): string => {
    if (!sources.has(SOURCE_NOT_NAMED_KEY)) sources.set(SOURCE_NOT_NAMED_KEY, { key: SOURCE_NOT_NAMED_KEY, kind: 'other', title: 'Source not named in the plan', date: null, origin });
    return SOURCE_NOT_NAMED_KEY;
  };

  const finalRecommendations = new Map<string, ImportedRecommendation>();
  for (const rec of recommendations) {
    let sourceKey = sourceKeyOf(rec.mention);
    if (rec.mention === null) {
      sourceKey = ensureNotNamed(rec.origin);
      warn('SOURCE_NOT_NAMED', rec.origin.sheet, rec.origin.row, rec.origin.column, `${rec.origin.column}${rec.origin.row}: the need names no source and its section none; filed under "Source not named in the plan"`);
    }
    const key = recommendationKey(sourceKey, rec.reference, rec.body);
    const existing = finalRecommendations.get(key);
    if (existing) {
      rec.final = existing;
      continue;
    }
    rec.final = {
      key,
      sourceKey,
      otherSourceKeys: [...new Set(rec.others.map(sourceKeyOf))].filter((k) => k !== sourceKey),
      reference: rec.reference,
      text: rec.text,
      level: 'service',
      origin: rec.origin,
    };
    finalRecommendations.set(key, rec.final);
  }

  const keys = new ActionKeys();
  const finalActions: ImportedAction[] = actions.map((raw) => {
    const { recommendation, sectionMention, scope, ...action } = raw;
    const rec = recommendation?.final ?? null;
    let sourceKey = rec?.sourceKey ?? sourceKeyOf(sectionMention);
    if (!rec && !sectionMention) {
      sourceKey = ensureNotNamed(action.origin);
      warn('SOURCE_NOT_NAMED', action.origin.sheet, action.origin.row, null, `row ${action.origin.row}: the action has no need above it and its section names no source; filed under "Source not named in the plan"`);
    }
    const key = keys.next(rec ? rec.key.replace(/^rec:/, '') : scope, action.ref);
    return { key, sourceKey, recommendationKey: rec?.key ?? null, ...action };
  });

  return {
    file: grid.file,
    format: grid.format,
    sheets: input.sheetNames,
    plan: {
      title: details.title,
      periodStart: details.periodStart,
      periodEnd: details.periodEnd,
      owner: details.owner,
      board: details.board,
      reviewFrequency: details.reviewFrequency,
      details: details.details,
      notes: details.notes,
    },
    sources: [...sources.values()].sort((a, b) => (isEarlier(a.origin, b.origin) ? -1 : isEarlier(b.origin, a.origin) ? 1 : 0)),
    recommendations: [...finalRecommendations.values()],
    actions: finalActions,
    warnings: input.warnings.sort((a, b) => place(a.cell) - place(b.cell)),
    unknownColumns: input.unknownColumns,
    stated: input.stated,
    modified: grid.modified ?? null,
    columns: input.columns,
  };
}
