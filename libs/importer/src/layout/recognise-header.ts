import { cleanText } from '../values/text.js';

/**
 * A header cell → the field it names, by meaning rather than by exact words: councils write
 * "Lead officer(s)", "Responsible manager", "Who?" for one column, in any case, with any
 * punctuation and word order. The header and each of a field's names are reduced to word stems
 * (stop words dropped), the header scored against every name by overlap (Dice: shared stems
 * over all stems of both, so extra words on either side cost), and the best field taken when it
 * scores at least THRESHOLD and clearly more than the next field. Anything less is reported with
 * its candidates, never guessed: a wrong column is data put in the wrong place.
 * The variants this must read, and those it must not, are in testing/header-variants.ts.
 */
export const FIELDS = [
  'need',
  'ref',
  'owner',
  'dltLead',
  'action',
  'start',
  'due',
  'measure',
  'experience',
  'status',
  'comments',
] as const;
export type Field = (typeof FIELDS)[number];

/** The least score taken as a match; the variants' spec shows where it cuts. */
export const THRESHOLD = 0.6;
/** The best field must beat the next by this much, or the header is ambiguous ("Review date": due? start?). */
const MARGIN = 0.1;
/** Fields scoring this much are named as what an unrecognised header could be. */
const CANDIDATE_FLOOR = 0.3;

// Each field's names as plans write them; order within a list does not matter.
const SYNONYMS: Record<Field, string[]> = {
  need: [
    'why',
    'specific aim',
    'aim',
    'recommendation',
    'need',
    'identified need',
    'finding',
    'source of action',
    'reason',
    'area for development',
    'area for improvement',
    'improvement area',
    'development area',
    'issue identified',
    'what is the issue',
    'what needs to improve',
    'area of concern',
    'inspection recommendation',
    'ofsted recommendation',
    'source and recommendation',
    'objective',
    'what do we want to achieve',
  ],
  ref: [
    'ref',
    'ref no',
    'reference',
    'no',
    'number',
    'action ref',
    'action no',
    'action number',
    'item',
    'item no',
    'id',
  ],
  owner: [
    'who',
    'lead officer',
    'lead',
    'owner',
    'action owner',
    'responsible officer',
    'responsible',
    'responsible manager',
    'person responsible',
    'who is responsible',
    'accountable officer',
    'lead manager',
    'lead person',
    'who will do it',
    'who will lead',
    'named lead',
    'responsible lead',
  ],
  dltLead: [
    'dlt lead',
    'dlt',
    'dlt owner',
    'senior lead',
    'senior responsible officer',
    'strategic lead',
    'executive lead',
    'slt lead',
    'dmt lead',
    'director lead',
    'departmental lead',
  ],
  action: [
    'does what',
    'action',
    'what',
    'action to be taken',
    'what will we do',
    'action required',
    'key action',
    'planned action',
    'activity',
    'task',
    'how will we achieve this',
    'how will we do it',
    'what are we going to do',
    'what will be done',
    'steps to be taken',
  ],
  start: ['start', 'start date', 'from', 'begins', 'date started', 'commenced', 'date commenced', 'when will it start'],
  due: [
    'by when',
    'end date',
    'end',
    'due',
    'due date',
    'deadline',
    'target date',
    'completion date',
    'timescale',
    'when',
    'target completion date',
    'date for completion',
    'timeframe',
    'completed by',
    'date due',
    'to be completed by',
    'target timescale',
  ],
  measure: [
    'how will we know it has been done',
    'measure',
    'outcome',
    'measure/outcome',
    'success measure',
    'measure of success',
    'success criteria',
    'evidence',
    'evidence of impact',
    'how will we measure success',
    'how will we know',
    'expected outcome',
    'measurable outcome',
    'kpi',
    'performance indicator',
    'what does success look like',
    'evidence of completion',
    'how will we evidence this',
  ],
  experience: [
    'what will be the experience of children',
    'experience of children',
    'impact on children',
    "children's experience",
    'difference for the child',
    'what difference will it make',
    'what will children experience',
    'impact on children and young people',
    'experience of children and young people',
    'impact for children and families',
    'what will be different for children',
    'outcome for children',
    'child experience',
  ],
  status: [
    'rag rated progress',
    'rag status',
    'rag',
    'brag',
    'brag status',
    'rag rating',
    'status',
    'progress rating',
    'rag/brag',
    'brag rating',
    'current status',
    'rating',
    'blue red amber green',
  ],
  comments: [
    'comments on progress',
    'comments',
    'progress',
    'progress update',
    'update',
    'progress comments',
    'commentary',
    'progress to date',
    'latest update',
    'update on progress',
    'progress made',
    'narrative',
    'current position',
    'position statement',
  ],
};

/**
 * Words that say a column is none of the plan's: money and attachments ("Budget £", "Link to
 * evidence", the plans' hidden column of embedded documents). A header holding one is not
 * recognised, however well its other words match, so its values are not read as a measure.
 */
const NOT_A_FIELD = new Set([
  'budget',
  'cost',
  'financ',
  'fund',
  'spend',
  '£',
  'link',
  'hyperlink',
  'attach',
  'attachment',
  'embedd',
  'file',
  'document',
]);

// Words that carry no meaning of their own here. Question words (who, what, when, why, how) do.
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'for',
  'and',
  'or',
  'on',
  'in',
  'at',
  'by',
  'be',
  'is',
  'are',
  'it',
  'its',
  'this',
  'that',
  'these',
  'has',
  'have',
  'been',
  'will',
  'we',
  'our',
  'us',
  'with',
  'there',
  'any',
  'all',
  'if',
  'etc',
]);
const IRREGULAR: Record<string, string> = { children: 'child', childrens: 'child', people: 'person', young: 'young' };

/** Lower-case words of a header: look-alike letters and accents folded, punctuation dropped ("Lead officer(s):" → "lead officer s"). */
export const normaliseHeader = (text: string): string => foldWords(cleanText(text));

// normaliseHeader on text already through cleanText (every row is tried as a header row: clean each cell once).
function foldWords(clean: string): string {
  return clean
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9£]+/g, ' ')
    .trim();
}

/** Light stemming: "ratings", "rated", "rating" and "rate" all become "rat"; consistent, not pretty. */
function stem(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The stems a header is compared by; runs of single letters are one word ("R/A/G" → rag), a lone one is dropped ("officer(s)"). */
export const headerStems = (text: string): string[] => stemsOf(cleanText(text));

function stemsOf(clean: string): string[] {
  const words = foldWords(clean).split(' ').filter(Boolean);
  const joined: string[] = [];
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j < words.length && words[j]!.length === 1 && /[a-z]/.test(words[j]!)) j += 1;
    if (j - i >= 2) {
      joined.push(words.slice(i, j).join(''));
      i = j;
    } else if (j - i === 1) i = j;
    else joined.push(words[i++]!);
  }
  return [...new Set(joined.filter((word) => !STOP_WORDS.has(word)).map(stem))];
}

const NAMES = FIELDS.flatMap((field) => SYNONYMS[field].map((name) => ({ field, stems: headerStems(name) })));
// The names each stem is in: a header is scored only against names it shares a word with (every row is tried as a header row).
const NAMES_BY_STEM = new Map<string, typeof NAMES>();
for (const name of NAMES)
  for (const word of name.stems) NAMES_BY_STEM.set(word, [...(NAMES_BY_STEM.get(word) ?? []), name]);

/** A header longer than this is text, not a header (data rows are tried as header rows too). */
const MAX_HEADER_LENGTH = 80;
const MAX_HEADER_STEMS = 8;

export type FieldScore = { field: Field; score: number };

export type HeaderReading = {
  /** The field the header names; null when none scores enough, or two score about the same. */
  field: Field | null;
  /** The best field's score, 0 to 1 (1: the words of one of its names exactly). */
  score: number;
  /** Every field with a score, best first: a header row gives an ambiguous header the field its other columns leave free. */
  ranked: FieldScore[];
  /** The fields that score at least CANDIDATE_FLOOR, best first: what a header not recognised could be. */
  candidates: FieldScore[];
};

const round = (score: number): number => Math.round(score * 100) / 100;

export function recogniseHeader(text: string): HeaderReading {
  const none: HeaderReading = { field: null, score: 0, ranked: [], candidates: [] };
  const clean = cleanText(text);
  if (clean === '' || clean.length > MAX_HEADER_LENGTH) return none;
  const stems = stemsOf(clean);
  if (stems.length === 0 || stems.length > MAX_HEADER_STEMS || stems.some((word) => NOT_A_FIELD.has(word))) return none;
  const best = new Map<Field, number>();
  for (const name of new Set(stems.flatMap((word) => NAMES_BY_STEM.get(word) ?? []))) {
    const shared = name.stems.filter((word) => stems.includes(word)).length;
    const score = (2 * shared) / (name.stems.length + stems.length);
    if (score > (best.get(name.field) ?? 0)) best.set(name.field, score);
  }
  const ranked = rank([...best.entries()].map(([field, score]) => ({ field, score: round(score) })));
  const field = clearWinner(ranked);
  return { field, score: ranked[0]?.score ?? 0, ranked, candidates: ranked.filter((c) => c.score >= CANDIDATE_FLOOR) };
}

/** Best first; equal scores in FIELDS order, so a reading never depends on the order of the names. */
export const rank = (scores: FieldScore[]): FieldScore[] =>
  [...scores].sort((a, b) => b.score - a.score || FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));

/** The first of `ranked` when it scores enough and clearly more than the next; else null. */
export function clearWinner(ranked: FieldScore[]): Field | null {
  const [first, second] = ranked;
  if (!first || first.score < THRESHOLD || (second && first.score - second.score < MARGIN)) return null;
  return first.field;
}

/** The field a header names, or null (see recogniseHeader). */
export const fieldOfHeader = (text: string): Field | null => recogniseHeader(text).field;
