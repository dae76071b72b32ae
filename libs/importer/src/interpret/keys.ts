import type { SourceMention } from '../sources/recognise-source.js';
import { slug } from '../values/text.js';

/**
 * Keys: deterministic names for what a workbook holds, so that importing a later version of the
 * same workbook finds the same source, recommendation and action again. They are built from what
 * identifies a thing in the plan, never from row numbers, statuses, owners, dates, comments or
 * an action's wording, which are exactly what later versions change.
 *
 * - Source: `source:<kind>:<yyyy-mm>` when the plan gives the month ("Feb 2024"), else
 *   `source:<kind>:<yyyy>`, else `source:<kind>:<slug of its name>`. Within one workbook a
 *   year-only mention ("Audit 2024") is the month-dated source of that kind and year when there
 *   is exactly one, and a bare generic mention ("Ofsted", "Aidhour") is the only dated source of
 *   its kind when there is exactly one. Limit: a later version that drops the dated mention gives
 *   the year-only mention its own key; two audits of one kind in the same month are one source.
 * - Recommendation: `rec:<source key without prefix>/<reference>` when the source numbers it
 *   ("ofsted-recommendation-1", "paragraph-55"), else `.../<first 10 words of the need>`, the
 *   citation that opens it left out ("Aidhour Audit Feb 2024. Strengthen work ..." →
 *   "strengthen-work-..."). The same words under the same source are one recommendation.
 *   Limit: re-wording the first ten words of an unnumbered need makes a new key.
 * - Action: `action:<recommendation key without prefix>/<ref>` (refs repeat across sections,
 *   not within a recommendation), else `.../#<n>`, n counting the actions without a ref under
 *   that recommendation in row order; an action under no recommendation is scoped by its
 *   section heading ("section:priority-1"). A repeated key gets `~2`, `~3` in row order.
 *   Limit: inserting a ref-less action above another in the same recommendation renumbers it;
 *   changing a ref makes a new key.
 */

export const SOURCE_NOT_NAMED_KEY = 'source:other:not-named';

export function provisionalSourceKey(mention: SourceMention): string {
  if (mention.year !== null && mention.month !== null)
    return `source:${mention.kind}:${mention.year}-${String(mention.month).padStart(2, '0')}`;
  if (mention.year !== null) return `source:${mention.kind}:${mention.year}`;
  return `source:${mention.kind}:${slug(mention.title, 8) || 'unnamed'}`;
}

/** provisional key → final key, given every mention in the workbook and which of them are generic names. */
export function resolveSourceKeys(
  mentions: { key: string; mention: SourceMention; generic: boolean }[],
): Map<string, string> {
  const monthKeys = new Set(
    mentions.filter((m) => m.mention.month !== null && m.mention.year !== null).map((m) => m.key),
  );
  const resolved = new Map<string, string>();
  for (const { key, mention, generic } of mentions) {
    let candidates: string[] = [];
    if (mention.year !== null && mention.month === null)
      candidates = [...monthKeys].filter((k) => k.startsWith(`source:${mention.kind}:${mention.year}-`));
    else if (mention.year === null && generic)
      candidates = [...monthKeys].filter((k) => k.startsWith(`source:${mention.kind}:`));
    resolved.set(key, candidates.length === 1 ? candidates[0] : key);
  }
  return resolved;
}

export const recommendationKey = (sourceKey: string, reference: string | null, body: string): string =>
  `rec:${sourceKey.replace(/^source:/, '')}/${reference ? slug(reference) : slug(body, 10) || 'unnamed'}`;

/** "1.6.d" and "1.6d" are one ref; case and spaces do not count. */
export const normaliseRef = (ref: string): string =>
  ref
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/\.(?=[a-z]$)/, '')
    .replace(/[.:]+$/, '');

export function sectionScope(theme: string | null): string {
  if (!theme) return 'section:none';
  const priority = /^(priority|section|part)\s*(\d+)/i.exec(theme);
  return `section:${priority ? `${priority[1].toLowerCase()}-${priority[2]}` : slug(theme, 6)}`;
}

/** Hands out action keys within one import, numbering ref-less actions and repeats. */
export class ActionKeys {
  private readonly unnumbered = new Map<string, number>();
  private readonly taken = new Map<string, number>();

  next(scope: string, ref: string | null): string {
    let key: string;
    if (ref && normaliseRef(ref) !== '') key = `action:${scope}/${normaliseRef(ref)}`;
    else {
      const n = (this.unnumbered.get(scope) ?? 0) + 1;
      this.unnumbered.set(scope, n);
      key = `action:${scope}/#${n}`;
    }
    const seen = (this.taken.get(key) ?? 0) + 1;
    this.taken.set(key, seen);
    return seen === 1 ? key : `${key}~${seen}`;
  }
}
