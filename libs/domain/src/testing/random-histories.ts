import type { ActionCommand } from '../action/action.commands.js';
import { RAG_STATUSES } from '../action/action.events.js';
import type { IsoDateTime } from '../values.js';

/** A repeatable source of randomness (mulberry32): a failing history is found again from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryShape {
  actionId: string;
  /** How many commands to draw; some will be refused or change nothing, as in real use. */
  count: number;
  /** Effective times are drawn between these, whole days apart so that ties happen too. */
  from: IsoDateTime;
  to: IsoDateTime;
  /** Plans the action may be carried forward to, in order. */
  laterPlanIds: string[];
  /**
   * Without it, every effective time is drawn at random over the range. With it, time moves
   * forward as in a plan's life (or an import of it), and this share of the commands is backdated
   * to a random earlier day: history found, corrections.
   */
  backdated?: number;
}

const OWNERS = ['HoS', 'RG', 'JH', 'SA', 'CP'];
const DAY = 86_400_000;

/**
 * Commands on one action, drawn at random with effective times in any order — backdated changes,
 * changes on the same day, completions and reopenings — as a manager, an importer of old plans
 * and an auditor's corrections would interleave them. They are not checked against the state:
 * the caller decides each and skips those refused.
 */
export function randomActionCommands(random: () => number, shape: HistoryShape): ActionCommand[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const days = Math.max(1, Math.floor((Date.parse(shape.to) - Date.parse(shape.from)) / DAY));
  let day = 0;
  const when = (): IsoDateTime => {
    const at = (offset: number) => new Date(Date.parse(shape.from) + offset * DAY).toISOString();
    if (shape.backdated === undefined) return at(Math.floor(random() * (days + 1)));
    if (random() < shape.backdated) return at(Math.floor(random() * (day + 1)));
    day = Math.min(days, day + Math.floor(random() * Math.max(1, (2 * days) / shape.count)));
    return at(day);
  };
  const on = () => ({ actionId: shape.actionId, effectiveAt: when() });
  let plans = 0;
  const commands: ActionCommand[] = [];
  for (let n = 0; n < shape.count; n++) {
    const roll = random();
    if (roll < 0.2)
      commands.push({ type: 'ChangeRagStatus', data: { ...on(), to: pick(RAG_STATUSES), reason: 'quarterly review' } });
    else if (roll < 0.32)
      commands.push({ type: 'AddComment', data: { ...on(), commentId: `c-${n}`, text: `Progress note ${n}` } });
    else if (roll < 0.44)
      commands.push({ type: 'ReassignAction', data: { ...on(), to: pick(OWNERS), reason: 'new lead' } });
    else if (roll < 0.54) {
      const due =
        random() < 0.8
          ? { kind: 'date' as const, date: when().slice(0, 10) }
          : { kind: 'text' as const, text: pick(['Weekly.', 'April-June', 'complete']) };
      commands.push({ type: 'ChangeDueDate', data: { ...on(), to: due, reason: 'slipped' } });
    } else if (roll < 0.62)
      commands.push({
        type: 'AmendAction',
        data: {
          ...on(),
          changes: {
            description: `Amended wording ${n % 3}`,
            successMeasure: random() < 0.5 ? null : `Measure ${n % 2}`,
          },
          reason: 'amended',
        },
      });
    else if (roll < 0.7) commands.push({ type: 'CompleteAction', data: { ...on() } });
    else if (roll < 0.76) commands.push({ type: 'RetainForOversight', data: { ...on() } });
    else if (roll < 0.82)
      commands.push({
        type: 'ReopenAction',
        data: { ...on(), status: pick(['red', 'amber', 'green'] as const), reason: 're-audit' },
      });
    else if (roll < 0.9) {
      commands.push({
        type: 'AttachEvidence',
        data: {
          ...on(),
          evidenceId: `e-${n}`,
          title: `Minutes ${n}`,
          kind: 'minutes',
          location: { kind: 'document', reference: `CSMT/${n}` },
          sha256: null,
          date: shape.from.slice(0, 10),
        },
      });
    } else if (roll < 0.97 && plans < shape.laterPlanIds.length)
      commands.push({ type: 'CarryForwardAction', data: { ...on(), toPlanId: shape.laterPlanIds[plans++]! } });
    else if (roll >= 0.995) commands.push({ type: 'WithdrawAction', data: { ...on(), reason: 'superseded' } });
  }
  return commands;
}
