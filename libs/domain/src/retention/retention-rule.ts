import type { ActionEvent } from '../action/action.events.js';
import { evolveAction } from '../action/action.decider.js';
import { registerSetAt, type ActionState } from '../action/action.state.js';
import type { CalendarDays } from '../calendar-day.js';
import type { IsoDate, IsoDateTime } from '../values.js';

/**
 * How long child-level records are kept: `years` after the action answering them closed. One rule,
 * for child-level records only: they are the personal data the retention schedule is about; a
 * service-level finding's words are about the service and are kept with the plan.
 */
export interface RetentionRule {
  childLevelYears: number;
}

/** The rule in words, as the reason of the redactions it makes: "child-level records: 6 years after the action closed". */
export const retentionRuleWords = (rule: RetentionRule): string =>
  `child-level records: ${rule.childLevelYears} year${rule.childLevelYears === 1 ? '' : 's'} after the action closed`;

/** The reason every redaction the rule makes records. */
export const retentionReason = (rule: RetentionRule): string => `retention period ended (${retentionRuleWords(rule)})`;

/** An action's event as it was stored: what it was, and when it took effect. */
export interface EffectiveActionEvent {
  event: ActionEvent;
  effectiveAt: IsoDateTime;
}

/**
 * When the action closed, as its events (in recorded order) leave it; null while it is open. Closed
 * means completed and not kept in the plan for oversight (retention for oversight is live
 * attention: it closes when that ends, which is a reopening or a withdrawal), or withdrawn. The
 * moment is the effective time of the completion (the lifecycle register's, so a backdated
 * completion counts from when it took effect) or of the withdrawal, the earlier when both hold.
 * A reopened action is open again, and closes anew when next completed.
 */
export function actionClosedAt(events: readonly EffectiveActionEvent[]): IsoDateTime | null {
  let state: ActionState = null;
  let withdrawnAt: IsoDateTime | null = null;
  for (const { event, effectiveAt } of events) {
    state = evolveAction(state, event, effectiveAt);
    if (event.type === 'ActionWithdrawn' && withdrawnAt === null) withdrawnAt = effectiveAt;
  }
  if (state === null) return null;
  const completedAt = state.completed && !state.retainedForOversight ? registerSetAt(state, 'lifecycle') : null;
  const closings = [completedAt, state.withdrawn ? withdrawnAt : null].filter((at): at is IsoDateTime => at !== null);
  if (closings.length === 0) return null;
  return closings.reduce((earliest, at) => (Date.parse(at) < Date.parse(earliest) ? at : earliest));
}

/**
 * The first day a record closed at `closedAt` is due for removal: the day `years` calendar years
 * after the day it closed on, both judged in the configured zone. So it is kept `years` whole
 * years: closed on 15 March 2020, kept through 14 March 2026, due from 15 March 2026. Closed on
 * 29 February, due from 1 March (the anniversary that year has no 29th).
 */
export function removalDueFrom(closedAt: IsoDateTime, years: number, calendar: CalendarDays): IsoDate {
  const closedOn = calendar.dayOf(closedAt);
  const [year, month, day] = closedOn.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a year without one over to 1 March.
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

/** Whether, judged on `asAtDay`, a record closed at `closedAt` has passed the rule. */
export const isDueForRemoval = (
  closedAt: IsoDateTime,
  years: number,
  asAtDay: IsoDate,
  calendar: CalendarDays,
): boolean => removalDueFrom(closedAt, years, calendar) <= asAtDay;
