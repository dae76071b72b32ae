import { createHash } from 'node:crypto';
import type { IsoDate } from '#domain';
import { uuidFromSeed } from '#event-store';
import type { ImportedPlanDetails } from '../interpret/imported-plan.js';

/**
 * Ids of what an import writes, derived from the reader's keys so that every import of every
 * version of every workbook names the same thing the same way:
 *
 * - sources and recommendations by their global keys: the July 2016 Ofsted inspection and its
 *   recommendation 1 are one source and one recommendation whichever plan names them, which is
 *   how a recommendation's history crosses plans;
 * - a plan by its title and period, as the workbook gives them;
 * - an action by its plan and its key (keys are unique within one workbook only);
 * - a comment by its action, its words and its date (and which repeat of those it is), so a
 *   re-import finds the comments it already wrote and never adds them twice.
 */
const seed = (what: string): string => uuidFromSeed(`oversight-import:${what}`);

export const sourceIdOf = (sourceKey: string): string => seed(sourceKey);

export const recommendationIdOf = (recommendationKey: string): string => seed(recommendationKey);

const squeeze = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

export const planIdOf = (plan: Pick<ImportedPlanDetails, 'title' | 'periodStart' | 'periodEnd'>): string =>
  seed(`plan:${squeeze(plan.title)}|${plan.periodStart ?? ''}|${plan.periodEnd ?? ''}`);

export const actionIdOf = (planId: string, actionKey: string): string => seed(`${planId}/${actionKey}`);

/** `occurrence` counts identical comments (same words, same date) on one action: 1 for the first. */
export function commentIdOf(actionId: string, text: string, date: IsoDate | null, occurrence = 1): string {
  const digest = createHash('sha256')
    .update(`${date ?? 'undated'}\n${text.trim()}`, 'utf8')
    .digest('hex');
  return seed(`comment:${actionId}:${digest}${occurrence > 1 ? `~${occurrence}` : ''}`);
}

/**
 * What the event store remembers an import by: the same file from the same person, read the same
 * way, appends once. Options that change the reading (the date it describes, a column mapping)
 * make another command; with none given the id is what it always was, so stores keep recognising
 * the imports they already hold.
 */
export function importCommandId(bytes: Uint8Array, actorId: string, options: Record<string, unknown> = {}): string {
  const file = createHash('sha256').update(bytes).digest('hex');
  const given = Object.entries(options)
    .filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0) &&
        !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0),
    )
    .sort(([a], [b]) => a.localeCompare(b));
  if (given.length === 0) return `import:${file}:${actorId}`;
  const reading = createHash('sha256').update(JSON.stringify(given), 'utf8').digest('hex').slice(0, 16);
  return `import:${file}:${actorId}:${reading}`;
}
