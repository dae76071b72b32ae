import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '../calendar-day.js';
import { anActionCreated, anActionEvent } from '../testing/action.builders.js';
import {
  actionClosedAt,
  isDueForRemoval,
  removalDueFrom,
  retentionReason,
  type EffectiveActionEvent,
} from './retention-rule.js';

const london = new CalendarDays('Europe/London');
const created: EffectiveActionEvent = { event: anActionCreated(), effectiveAt: '2019-01-10T09:00:00.000Z' };
const at = (effectiveAt: string, event: EffectiveActionEvent['event']): EffectiveActionEvent => ({
  event,
  effectiveAt,
});
const completed = (effectiveAt: string) => [
  at(effectiveAt, anActionEvent('ActionCompleted')),
  at(effectiveAt, anActionEvent('RagStatusChanged', { from: 'green', to: 'blue' })),
];

describe('when an action closed', () => {
  it('is open (null) until completed or withdrawn', () => {
    expect(actionClosedAt([])).toBeNull();
    expect(actionClosedAt([created, at('2019-02-01T10:00:00Z', anActionEvent('RagStatusChanged'))])).toBeNull();
  });

  it('closed when completed, at the completion’s effective time (a backdated one too)', () => {
    expect(actionClosedAt([created, ...completed('2020-03-15T10:00:00.000Z')])).toBe('2020-03-15T10:00:00.000Z');
  });

  it('closed when withdrawn, at the withdrawal; the earlier of the two when completed and then withdrawn', () => {
    const withdrawn = at('2021-06-01T09:00:00.000Z', anActionEvent('ActionWithdrawn'));
    expect(actionClosedAt([created, withdrawn])).toBe('2021-06-01T09:00:00.000Z');
    expect(actionClosedAt([created, ...completed('2020-03-15T10:00:00.000Z'), withdrawn])).toBe(
      '2020-03-15T10:00:00.000Z',
    );
  });

  it('is not closed while retained for oversight, until withdrawn', () => {
    const retained = [
      created,
      ...completed('2020-03-15T10:00:00.000Z'),
      at('2020-03-20T10:00:00.000Z', anActionEvent('RetainedForOversight')),
    ];
    expect(actionClosedAt(retained)).toBeNull();
    expect(actionClosedAt([...retained, at('2022-01-05T10:00:00.000Z', anActionEvent('ActionWithdrawn'))])).toBe(
      '2022-01-05T10:00:00.000Z',
    );
  });

  it('is open again once reopened, and closes anew at the next completion', () => {
    const reopened = [
      created,
      ...completed('2020-03-15T10:00:00.000Z'),
      at('2020-05-01T10:00:00.000Z', anActionEvent('ActionReopened')),
      at('2020-05-01T10:00:00.000Z', anActionEvent('RagStatusChanged', { from: 'blue', to: 'amber' })),
    ];
    expect(actionClosedAt(reopened)).toBeNull();
    expect(actionClosedAt([...reopened, ...completed('2021-09-09T10:00:00.000Z')])).toBe('2021-09-09T10:00:00.000Z');
  });
});

describe('when a closed record is due for removal', () => {
  it('from the day exactly N years after the day it closed: kept N whole years, not a day less', () => {
    expect(removalDueFrom('2020-03-15T10:00:00.000Z', 6, london)).toBe('2026-03-15');
    expect(isDueForRemoval('2020-03-15T10:00:00.000Z', 6, '2026-03-14', london)).toBe(false);
    expect(isDueForRemoval('2020-03-15T10:00:00.000Z', 6, '2026-03-15', london)).toBe(true);
    expect(isDueForRemoval('2020-03-15T10:00:00.000Z', 6, '2031-01-01', london)).toBe(true);
  });

  it('closed on 29 February: due from 1 March of a year without one, from 29 February of one with', () => {
    expect(removalDueFrom('2020-02-29T12:00:00.000Z', 6, london)).toBe('2026-03-01');
    expect(isDueForRemoval('2020-02-29T12:00:00.000Z', 6, '2026-02-28', london)).toBe(false);
    expect(removalDueFrom('2020-02-29T12:00:00.000Z', 4, london)).toBe('2024-02-29');
    // A span across a leap day is still whole calendar years, not 365-day ones.
    expect(removalDueFrom('2019-03-01T12:00:00.000Z', 6, london)).toBe('2025-03-01');
  });

  it('judges the closing day in the configured zone: 23:30 UTC on a summer evening is the next day in London', () => {
    expect(removalDueFrom('2020-06-30T23:30:00.000Z', 6, london)).toBe('2026-07-01');
    expect(removalDueFrom('2020-06-30T23:30:00.000Z', 6, new CalendarDays('UTC'))).toBe('2026-06-30');
    // Winter: London is UTC.
    expect(removalDueFrom('2020-12-31T23:30:00.000Z', 6, london)).toBe('2026-12-31');
    // The night the clocks went back (25 October 2020, 25 hours): 23:30 UTC on the 24th is 00:30 on the 25th.
    expect(removalDueFrom('2020-10-24T23:30:00.000Z', 6, london)).toBe('2026-10-25');
    // The night they went forward (29 March 2020): 00:30 UTC is 00:30 GMT, still the 29th.
    expect(removalDueFrom('2020-03-29T00:30:00.000Z', 6, london)).toBe('2026-03-29');
  });

  it('says so in the redactions’ reason', () => {
    expect(retentionReason({ childLevelYears: 6 })).toBe(
      'retention period ended (child-level records: 6 years after the action closed)',
    );
    expect(retentionReason({ childLevelYears: 1 })).toContain('1 year after');
  });
});
