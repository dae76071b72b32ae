import type { SourceKind } from '#domain';
import { MONTH_WORD, MONTHS, cleanText, monthNumber } from '../values/text.js';

/**
 * Where an idea for action came from, as the plans name it: in brackets after the need
 * ("(Aidhour)", "(Aidhour Audit & Multi-Agency Audit)"), in the words that open it
 * ("Recommendation from Independent audit Feb 2024.", "Ofsted recommendation 2020:",
 * "Feedback from Duty workers - "), or in a section heading ("Priority 5: improvements following
 * from the July 2016 OFSTED"). Only these places are read: a source named in passing inside a
 * sentence ("in line with care review") is not a citation.
 */
export type SourceMention = {
  kind: SourceKind;
  title: string;
  /** The year and month the words give, when they give them ("Feb 2024", "2020"). */
  year: number | null;
  month: number | null;
  /** Named only by kind ("Ofsted", "Aidhour", "Independent audit"), so it may be the plan's one dated source of that kind. */
  generic: boolean;
};

// `generic`: the words name only the kind of source, so a bare mention may be the plan's one dated source of that kind.
type Rule = { kind: SourceKind; pattern: RegExp; title?: string; generic?: boolean; bracketOnly?: boolean };

// Order matters: the first rule that matches names the kind ("Aidhour case review" is the audit).
const RULES: Rule[] = [
  { kind: 'ofsted-focused-visit', pattern: /\bfocus(?:s?ed)? visit\b/i, title: 'Ofsted focused visit', generic: true },
  { kind: 'ofsted-inspection', pattern: /\bofsted\b|\bilacs\b/i, title: 'Ofsted inspection', generic: true },
  { kind: 'independent-audit', pattern: /\baid ?hour\b/i, title: 'Aidhour independent audit', generic: true },
  { kind: 'multi-agency-audit', pattern: /\bmulti[- ]?agency audit\b/i, title: 'Multi-agency audit', generic: true },
  { kind: 'independent-audit', pattern: /\bindependent audit\b|\baudit\b/i, title: 'Independent audit', generic: true },
  {
    kind: 'case-review',
    pattern:
      /\b(?:serious case review|learning case review|case review|learning review|safeguarding practice review|child q)\b/i,
  },
  {
    kind: 'self-evaluation',
    pattern: /\bself[- ]evaluation\b|\bSEF\b/i,
    title: 'Self-evaluation (SEF)',
    generic: true,
  },
  {
    kind: 'staff-feedback',
    pattern:
      /\b(?:feedback from (?:duty |social |front door )?(?:workers|staff|colleagues)|colleagues in the service|request from (?:social )?(?:workers|staff)|staff (?:feedback|survey))\b/i,
  },
  {
    kind: 'staff-feedback',
    pattern: /^social workers (?:recognised|observed|identified)\b/i,
    title: "Social workers' feedback",
  },
  {
    kind: 'children-and-families-feedback',
    pattern: /\baction (?:fo ?r|of) children\b/i,
    title: 'Action for Children consultation',
  },
  {
    kind: 'children-and-families-feedback',
    pattern: /\bchildren in care council\b|\bcicc\b/i,
    title: 'Children in Care Council',
  },
  { kind: 'children-and-families-feedback', pattern: /\bannual survey\b/i, title: 'Annual survey' },
  {
    kind: 'children-and-families-feedback',
    pattern: /\bconsultation\b|\b(?:children|young people|parents|families)'?s? feedback\b/i,
  },
  { kind: 'research', pattern: /\bresearch\b|\breport of\b/i },
  {
    kind: 'other',
    pattern: /\b(?:our )?service identified gap\b|\bidentified gap\b/i,
    title: 'Gap identified by the service',
  },
  { kind: 'other', pattern: /\bsocial care review\b/i, title: "National review of children's social care" },
  { kind: 'other', pattern: /\b(?:SIP|SDP|CYPP)\b|\bstrategy\b/i, bracketOnly: true },
];

/** A need's own citation: the opening words and a closing bracket. */
export type NeedCitation = {
  mentions: SourceMention[];
  /** How the source numbers it: "Ofsted recommendation 1", "Paragraph 55"; null when it does not. */
  reference: string | null;
  /** The need without the opening citation, for keys that survive a re-worded citation. */
  body: string;
};

const REFERENCE = /^((?:ofsted|audit|aidhour|independent audit)?\s*recommendation\s+(\d{1,3}[a-z]?))\s*[:.\-–]/i;
const PARAGRAPH = /\((para(?:graph)?\.?\s*\d+)\)\s*[.;:]?\s*$/i;
const CLOSING_BRACKET = /\(([^()]*)\)\s*[.;:]?\s*$/;
const CITATION_PREFIX = /^(?:service[- ]level\s+)?recommendations?\s+(?:from|following)\s+/i;

export function recogniseNeedCitation(need: string): NeedCitation {
  const text = cleanText(need);
  const mentions: SourceMention[] = [];
  const referenceMatch = REFERENCE.exec(text);
  const paragraph = PARAGRAPH.exec(text);
  const reference = referenceMatch ? cleanText(referenceMatch[1]) : paragraph ? capitalise(paragraph[1]) : null;

  let body = text;
  const lead = leadClause(text);
  const leadMention = recogniseLead(lead.clause);
  if (leadMention) {
    mentions.push(leadMention);
    // Leave the citation out of the key's words only when the clause is just the citation.
    if (lead.clause.split(' ').length <= 8) body = text.slice(lead.end).trim();
  }
  const bracket = CLOSING_BRACKET.exec(text);
  if (bracket && !paragraph) mentions.push(...recogniseList(bracket[1]));
  return { mentions, reference, body: body === '' ? text : body };
}

/** A section heading that names a source anywhere in it. */
export function recogniseHeading(heading: string): SourceMention | null {
  const text = cleanText(heading).replace(/:$/, '');
  const rule = RULES.find((r) => !r.bracketOnly && r.pattern.test(text));
  if (!rule) return null;
  const words = text.split(' ');
  return mention(rule, words.length <= 8 ? text : phraseAround(text, rule.pattern), text);
}

// The opening clause: up to the first full stop, colon, semicolon, comma or spaced dash.
function leadClause(text: string): { clause: string; end: number } {
  const m = /[.:;,](?=\s|$)|\s[-–]\s/.exec(text);
  const end = m ? m.index + m[0].length : text.length;
  return { clause: text.slice(0, m ? m.index : text.length).trim(), end };
}

function recogniseLead(clause: string): SourceMention | null {
  const stripped = clause.replace(CITATION_PREFIX, '');
  for (const rule of RULES) {
    if (rule.bracketOnly) continue;
    const m = rule.pattern.exec(stripped);
    // A citation opens the need: the source's name starts within its first three words.
    if (!m || stripped.slice(0, m.index).trim().split(' ').filter(Boolean).length > 2) continue;
    return mention(rule, phraseAround(stripped, rule.pattern), stripped);
  }
  return null;
}

// "Child Q serious case review shows systemic racism" → "Child Q serious case review": the words
// up to the source's name and any that qualify it, stopping at the verb.
function phraseAround(text: string, pattern: RegExp): string {
  const words = text.split(' ');
  if (words.length <= 8) return text;
  const m = pattern.exec(text);
  const upTo = m ? m.index + m[0].length : 0;
  const rest = text.slice(upTo).split(' ').filter(Boolean);
  const stop = rest.findIndex((word) =>
    /^(?:shows?|draws?|found|finds|made|makes|is|are|has|have|was|were|identified|says|recommended|-)$/i.test(word),
  );
  return [text.slice(0, upTo), ...rest.slice(0, stop < 0 ? Math.min(rest.length, 6) : Math.min(stop, 6))]
    .join(' ')
    .trim();
}

/**
 * "Aidhour Audit & Multi-Agency Audit", "IRO case review & Radicalisation and Modern Slavery
 * Research": a list is split at '&', ',' and 'and' only where every part names a source;
 * of the splits that do, the one with most parts wins, and words that name nothing on their own
 * ("Radicalisation") belong to the source named after them.
 */
export function recogniseList(list: string): SourceMention[] {
  const tokens = cleanText(list)
    .split(/\s*(?:&|\+|,|\band\b)\s*/i)
    .filter(Boolean);
  const separators = [...cleanText(list).matchAll(/\s*(?:&|\+|,|\band\b)\s*/gi)].map((m) => m[0]);
  if (tokens.length === 0 || tokens.length > 8) return [];
  let best: { groups: string[]; rules: Rule[] } | null = null;
  for (let mask = 0; mask < 1 << (tokens.length - 1); mask += 1) {
    const groups: string[] = [];
    let current = tokens[0];
    for (let i = 1; i < tokens.length; i += 1) {
      if (mask & (1 << (i - 1))) {
        groups.push(current);
        current = tokens[i];
      } else current = `${current}${separators[i - 1] ?? ' and '}${tokens[i]}`;
    }
    groups.push(current);
    const rules = groups.map((group) => RULES.find((rule) => rule.pattern.test(group)));
    if (rules.some((rule) => rule === undefined)) continue;
    // More sources first; then earlier splits, so unnamed words join the source after them.
    if (
      !best ||
      groups.length > best.groups.length ||
      (groups.length === best.groups.length && earlierSplit(groups, best.groups))
    )
      best = { groups, rules: rules as Rule[] };
  }
  if (!best) return [];
  return best.groups.map((group, i) => mention(best.rules[i], group.replace(/\s*-\s*see also.*$/i, ''), group));
}

const earlierSplit = (a: string[], b: string[]): boolean => {
  for (let i = 0; i < a.length; i += 1) if (a[i].length !== b[i].length) return a[i].length < b[i].length;
  return false;
};

function mention(rule: Rule, phrase: string, fullText: string): SourceMention {
  const { year, month } = dateIn(fullText);
  const when = year === null ? '' : month === null ? String(year) : `${capitalise(MONTHS[month - 1])} ${year}`;
  const title = rule.title ? (when ? `${rule.title}, ${when}` : rule.title) : cleanText(phrase).replace(/[.:;,]+$/, '');
  return { kind: rule.kind, title, year, month, generic: rule.generic === true };
}

// "February 2020", "Feb 2024", "2016"; not a range ("2017-19", "2018 - 2021", "2017/18").
const DATE_IN_TEXT = new RegExp(String.raw`(?:\b(${MONTH_WORD})\.?\s+)?\b((?:19|20)\d{2})\b(?!\s*[-/–]\s*\d)`, 'i');
const RANGE_END = /\d\s*[-/–]\s*$/;

function dateIn(text: string): { year: number | null; month: number | null } {
  const m = DATE_IN_TEXT.exec(text);
  if (!m || RANGE_END.test(text.slice(0, m.index + (m[1] ? m[0].indexOf(m[2]) : 0))))
    return { year: null, month: null };
  return { year: Number(m[2]), month: m[1] ? monthNumber(m[1]) : null };
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
