import type { CalendarDays, DateOrText, IsoDate, RagStatus } from '#domain';
import { opensWithMarker, parseComments, type PlanPeriod } from '../comments/parse-comments.js';
import { readsAsSpill, TOP_HEADING } from '../interpret/interpret-plan.js';
import { normaliseRef, sectionScope } from '../interpret/keys.js';
import { MONTHS } from '../values/text.js';
import { actionIdOf, commentIdOf } from '../write/import-ids.js';
import type { ActionToExport, CommentToExport, PlanToExport } from './plan-to-export.js';

/**
 * A plan → the rows of its workbook, in the 2024-25 plan's layout: title rows, the header, a
 * section row for each theme, a row for each action. The rows are chosen so that the importer
 * reads them back as the same plan with the same keys (keys.ts), so importing the export where it
 * came from changes nothing. What the importer infers from where a row stands is written back
 * the way it infers it:
 *
 * - an action's need is its recommendation's words; the next actions answering the same one in a
 *   run leave Why? empty (continuation rows), as rows 51-55 of the 2024-25 plan do;
 * - an action under no recommendation follows a repeated header row, which ends the one above;
 * - a theme-less action after a section is set apart by two blank rows, which end the section;
 * - a section that sat under a "Priority N" heading no action was themed with (the 2018-19 plan's
 *   Priority 5 holds only sub-sections) gets that heading back when an action's id shows it was
 *   keyed by it ("action:section:priority-5/7.1"); the heading then names the action's source,
 *   which the section gave it;
 * - BRAG is the word and the fill; a completed action kept in the plan says
 *   "complete - (kept in to retain oversight)", the words the importer reads as retention;
 * - comments read from a workbook keep their words, date marker included; a comment made through
 *   the API gets its date written in front ("15/01/2019 - ", "January 2019: " for the 1st of a
 *   month at midnight), since the importer dates a comment only by its words;
 * - the note the importer added for an action carried forward is left out: the words it came
 *   from are written back, and the importer adds it again from them;
 * - a row whose words would read as wrapped text spilled from the action above is set one blank
 *   row apart, so it is not joined to it.
 */
export type PlanSheet = { name: string; rows: SheetRow[] };

export type SheetRow =
  | { kind: 'title'; text: string }
  | { kind: 'detail'; label: string; value: string }
  | { kind: 'as-at'; text: string }
  | { kind: 'header' }
  | { kind: 'heading'; text: string }
  | { kind: 'blank' }
  | { kind: 'action'; cells: ActionCells };

export type ActionCells = {
  need: string | null;
  ref: string | null;
  owner: string | null;
  dltLead: string | null;
  description: string;
  start: DateOrText | null;
  due: DateOrText | null;
  measure: string | null;
  experience: string | null;
  status: { status: RagStatus; text: string } | null;
  comments: string | null;
};

export const RETAINED_STATUS_TEXT = 'complete - (kept in to retain oversight)';
const STATUS_WORDS: Record<RagStatus, string> = { blue: 'Blue', red: 'Red', amber: 'Amber', green: 'Green' };

/** "As at 31 January 2019": the title row that says which day the workbook describes. */
export const asAtLine = (day: IsoDate): string =>
  `As at ${Number(day.slice(8, 10))} ${monthName(day)} ${day.slice(0, 4)}`;

export function layOutPlan(plan: PlanToExport, options: { asAt: IsoDate; calendar: CalendarDays }): PlanSheet {
  const rows: SheetRow[] = [
    { kind: 'title', text: plan.title },
    { kind: 'detail', label: 'Duration:', value: `${monthYear(plan.periodStart)} - ${monthYear(plan.periodEnd)}` },
  ];
  if (plan.owner) rows.push({ kind: 'detail', label: 'Owner:', value: plan.owner });
  if (plan.board) rows.push({ kind: 'detail', label: 'Board:', value: plan.board });
  if (plan.reviewFrequency) rows.push({ kind: 'detail', label: 'Review frequency:', value: plan.reviewFrequency });
  rows.push({ kind: 'as-at', text: asAtLine(options.asAt) }, { kind: 'header' });

  const period: PlanPeriod = { start: plan.periodStart, end: plan.periodEnd };
  // What the importer will hold as it reads down: the sections open and the recommendation a blank Why? continues.
  let top: string | null = null;
  let sub: string | null = null;
  let current: string | null = null;
  let above: ActionCells | null = null;
  const emit = (row: SheetRow): void => {
    rows.push(row);
    above = row.kind === 'action' ? row.cells : null;
  };

  plan.actions.forEach((action, index) => {
    const theme = action.theme;
    if (theme === null) {
      // A theme-less action under a top heading cannot be written: it would take the heading's theme.
      if (sub !== null) {
        emit({ kind: 'blank' });
        emit({ kind: 'blank' });
        sub = null;
        current = null;
      }
    } else if (TOP_HEADING.test(theme)) {
      if (top !== theme || sub !== null) {
        emit({ kind: 'heading', text: theme });
        top = theme;
        sub = null;
        current = null;
      }
    } else if (sub !== theme) {
      const parent = parentHeading(plan, index, top);
      if (parent) {
        emit({ kind: 'heading', text: parent });
        top = parent;
      }
      emit({ kind: 'heading', text: theme });
      sub = theme;
      current = null;
    }

    const rec = action.recommendation;
    if (rec === null && current !== null) {
      emit({ kind: 'header' });
      current = null;
    }
    const cells = cellsOf(action, rec === null || rec.id === current ? null : rec.text, period, options.calendar);
    current = rec?.id ?? null;
    if (above !== null && spillsInto(above, cells)) emit({ kind: 'blank' });
    emit({ kind: 'action', cells });
  });
  return { name: sheetName(plan.title), rows };
}

function cellsOf(action: ActionToExport, need: string | null, period: PlanPeriod, calendar: CalendarDays): ActionCells {
  return {
    need,
    ref: action.ref,
    owner: action.owner,
    dltLead: action.dltLead,
    description: action.description,
    start: action.start,
    due: action.due,
    measure: action.successMeasure,
    experience: action.experienceOfChildren,
    status:
      action.completed && action.retainedForOversight
        ? { status: 'blue', text: RETAINED_STATUS_TEXT }
        : action.status
          ? { status: action.status, text: STATUS_WORDS[action.status] }
          : null,
    comments: commentsCell(action, period, calendar),
  };
}

// One comment a line; those that open with no marker first, since below another they would read as part of it.
function commentsCell(action: ActionToExport, period: PlanPeriod, calendar: CalendarDays): string | null {
  const written = action.comments
    .filter((comment) => !isCarriedForwardNote(action.id, comment))
    .map((comment) => commentWords(comment, period, calendar));
  const ordered = [
    ...written.filter((words) => !opensWithMarker(words)),
    ...written.filter((words) => opensWithMarker(words)),
  ];
  return ordered.length === 0 ? null : ordered.join('\n');
}

const isCarriedForwardNote = (actionId: string, comment: CommentToExport): boolean =>
  comment.fromWorkbook && comment.id === commentIdOf(actionId, `carried forward: ${comment.text}`, null);

function commentWords(comment: CommentToExport, period: PlanPeriod, calendar: CalendarDays): string {
  const text = comment.text.trim();
  if (comment.fromWorkbook) return text;
  const parsed = parseComments(text, period);
  // The day and its midnight in the service's zone, as the importer reads a dated comment back.
  const day = calendar.dayOf(comment.effectiveAt);
  const midnight = calendar.startOf(day).getTime() === Date.parse(comment.effectiveAt);
  if (parsed.length === 1 && parsed[0]!.effectiveDate === day && midnight) return text;
  return midnight && day.endsWith('-01')
    ? `${monthYear(day)}: ${text}`
    : `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} - ${text}`;
}

function spillsInto(above: ActionCells, below: ActionCells): boolean {
  const pairs: [string | null, string | null][] = [
    [above.description, below.description],
    [above.measure, below.measure],
    [above.experience, below.experience],
  ];
  return pairs.some(([before, fragment]) => before !== null && fragment !== null && readsAsSpill(fragment, before));
}

/**
 * The "Priority N" heading a run of sub-sections starting at `index` sat under, when no action was
 * themed with it and an action of the run without a recommendation was keyed by it; null when
 * the heading open (`top`) is already the one.
 */
function parentHeading(plan: PlanToExport, index: number, top: string | null): string | null {
  for (const action of plan.actions.slice(index)) {
    if (action.theme === null || TOP_HEADING.test(action.theme)) return null;
    if (action.recommendation !== null) continue;
    const scope = topScopeOf(plan, action);
    if (scope === null) continue;
    if (top !== null && sectionScope(top) === scope) return null;
    const [word, number] = scope.slice('section:'.length).split('-') as [string, string];
    return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${number}: ${action.source.title}`;
  }
  return null;
}

const TOP_WORDS = ['priority', 'section', 'part'];
const MAX_SECTION = 99;

/** The "section:priority-N" scope an action's id was made from, tried against its id; null when none was. */
function topScopeOf(plan: PlanToExport, action: ActionToExport): string | null {
  const ref = action.ref && normaliseRef(action.ref) !== '' ? normaliseRef(action.ref) : null;
  // A repeated key gets ~2, ~3; an action without a ref is numbered among its section's.
  const tails = ref ? [ref, ...[2, 3, 4, 5].map((n) => `${ref}~${n}`)] : plan.actions.map((_, i) => `#${i + 1}`);
  for (const word of TOP_WORDS)
    for (let n = 1; n <= MAX_SECTION; n += 1) {
      const scope = `section:${word}-${n}`;
      if (tails.some((tail) => actionIdOf(plan.id, `action:${scope}/${tail}`) === action.id)) return scope;
    }
  return null;
}

const monthName = (day: IsoDate): string => {
  const name = MONTHS[Number(day.slice(5, 7)) - 1]!;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
};
const monthYear = (day: IsoDate): string => `${monthName(day)} ${day.slice(0, 4)}`;

// Excel refuses sheet names over 31 characters or with any of \ / ? * [ ] :
const sheetName = (title: string): string =>
  title
    .replace(/[\\/?*[\]:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim() || 'Plan';
