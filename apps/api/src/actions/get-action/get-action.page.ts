import type { Request } from 'express';
import type { ActionDetails, AuditEntry, PlanActionView } from '#read-store';
import { asItStood, type AsItStoodQueryDto } from '../../http/read-query.dto.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { GetActionDetailsQuery } from './get-action-details.query.js';

type DateOrText = { kind: 'date'; date: string } | { kind: 'text'; text: string } | null;
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const WITH_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const dateOrText = (value: unknown): string => {
  const v = value as DateOrText;
  if (!v) return 'Not given';
  return v.kind === 'date' ? LONG.format(new Date(`${v.date}T00:00:00Z`)) : v.text;
};
const STATUS_WORDS: Record<string, string> = { blue: 'Complete (blue)', red: 'Stuck (red)', amber: 'Needs work (amber)', green: 'On track (green)' };
const statusWords = (status: unknown): string => (typeof status === 'string' ? (STATUS_WORDS[status] ?? status) : 'Not rated');
const FIELD_NAMES: Record<string, string> = { description: 'What it does', successMeasure: 'How we will know', experienceOfChildren: "Children's experience", theme: 'Section', ref: 'Ref', dltLead: 'DLT lead', start: 'Start' };

/** Where an event came from, in words: the API, or the workbook's file, sheet and row. */
export function originWords(origin: string): string {
  const imported = /^import:(.*)#(.*)!(\d+)$/.exec(origin);
  if (imported) return `the workbook ${imported[1]}, sheet "${imported[2]}", row ${imported[3]}`;
  if (origin.startsWith('import:')) return `the workbook ${origin.slice('import:'.length)}`;
  return origin === 'api' ? 'the API' : origin;
}

/** One event of the action's history as a person reads it: what happened, and the words before and after. */
function describe(entry: AuditEntry, plans: Map<string, string>): { title: string; lines: { label?: string; text: string }[] } {
  const data = entry.data as Record<string, any>;
  switch (entry.type) {
    case 'ActionCreated':
      return { title: 'Action created', lines: [{ text: data.description }] };
    case 'CommentAdded':
      return { title: 'Progress comment', lines: [{ text: data.text }] };
    case 'EvidenceAttached': {
      const where = data.location?.kind === 'link' ? data.location.url : data.location?.reference;
      return {
        title: `Evidence: ${data.title}`,
        lines: [{ label: 'Kind', text: data.kind }, { label: 'Dated', text: LONG.format(new Date(`${data.date}T00:00:00Z`)) }, { label: data.location?.kind === 'link' ? 'Link' : 'Document', text: where ?? '' }, ...(data.sha256 ? [{ label: 'SHA-256', text: data.sha256 }] : [])],
      };
    }
    case 'RagStatusChanged':
      return { title: 'Status changed', lines: [{ label: 'From', text: statusWords(data.from) }, { label: 'To', text: statusWords(data.to) }] };
    case 'ActionReassigned':
      return { title: 'Reassigned', lines: [{ label: 'From', text: data.from ?? 'No one' }, { label: 'To', text: data.to }] };
    case 'DueDateChanged':
      return { title: 'Due date moved', lines: [{ label: 'From', text: dateOrText(data.from) }, { label: 'To', text: dateOrText(data.to) }] };
    case 'ActionAmended':
      return {
        title: 'Wording amended',
        lines: (data.changes as { field: string; from: unknown; to: unknown }[]).flatMap((change) => [
          { label: `${FIELD_NAMES[change.field] ?? change.field} before`, text: change.field === 'start' ? dateOrText(change.from) : String(change.from ?? 'Nothing') },
          { label: `${FIELD_NAMES[change.field] ?? change.field} after`, text: change.field === 'start' ? dateOrText(change.to) : String(change.to ?? 'Nothing') },
        ]),
      };
    case 'RetainedForOversight':
      return { title: 'Retained for oversight', lines: [] };
    case 'ActionCompleted':
      return { title: 'Completed', lines: [] };
    case 'ActionReopened':
      return { title: 'Reopened', lines: [] };
    case 'ActionCarriedForward':
      return { title: 'Carried forward', lines: [{ label: 'From', text: plans.get(data.fromPlanId) ?? data.fromPlanId }, { label: 'Into', text: plans.get(data.toPlanId) ?? data.toPlanId }] };
    case 'ActionWithdrawn':
      return { title: 'Withdrawn', lines: [] };
    default:
      return { title: entry.type, lines: [] };
  }
}

/** The action page: every field, its plan, recommendation and source, and its history as a timeline. */
export const getActionPage: PageDefinition<PlanActionView, ActionDetails | null> = {
  template: 'actions/get-action/get-action.njk',
  load: (answer, request, queryBus) => queryBus.execute(new GetActionDetailsQuery(answer.id, asItStood(request.query as AsItStoodQueryDto))),
  view: (answer, request: Request, details) => {
    const query = request.query as AsItStoodQueryDto;
    const state = details!.state;
    const plans = new Map(details!.plans.map((plan) => [plan.id, plan.title]));
    const currentPlan = details!.plans.at(-1)!;
    return {
      pageTitle: answer.description.length > 60 ? `${answer.description.slice(0, 59)}…` : answer.description,
      action: answer,
      fields: [
        { key: 'Ref', value: state.ref ?? 'None' },
        { key: 'Why (the need)', value: details!.recommendation?.text ?? 'No recommendation recorded' },
        { key: 'Who', value: state.owner ?? 'Not given' },
        { key: 'DLT lead', value: state.dltLead ?? 'Not given' },
        { key: 'Does what', value: state.description },
        { key: 'Start', value: dateOrText(state.start) },
        { key: 'By when', value: answer.dueMoved ? `${dateOrText(state.currentDue)} (first due ${dateOrText(state.originalDue)})` : dateOrText(state.currentDue) },
        { key: 'How we will know', value: state.successMeasure ?? 'Not given' },
        { key: "Children's experience", value: state.experienceOfChildren ?? 'Not given' },
        { key: 'Section', value: state.theme ?? 'None' },
      ],
      plan: currentPlan,
      plans: details!.plans,
      source: details!.source,
      recommendation: details!.recommendation,
      past: query.asOf || query.asAt ? { asOf: query.asOf ?? null, asAt: query.asAt ?? null } : null,
      timeline: details!.history.map((entry) => ({
        ...describe(entry, plans),
        effective: LONG.format(new Date(entry.effectiveAt)),
        effectiveAt: entry.effectiveAt,
        recorded: entry.recordedAt.slice(0, 10) !== entry.effectiveAt.slice(0, 10) ? WITH_TIME.format(new Date(entry.recordedAt)) : null,
        recordedAt: entry.recordedAt,
        by: `${entry.actor.name} (${entry.actor.role})`,
        reason: entry.reason,
        origin: originWords(entry.origin),
      })),
      breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: currentPlan.title, href: `/plans/${currentPlan.id}` }, { text: answer.ref ? `Action ${answer.ref}` : 'Action' }],
    };
  },
};
