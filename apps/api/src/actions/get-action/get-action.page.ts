import type { Request } from 'express';
import type { ActionDetails, PlanActionView } from '#read-store';
import { asItStood, type AsItStoodQueryDto } from '../../http/read-query.dto.js';
import { dateOrText, dayWordsIn, describeEvent, londonMomentWords, originWords } from '../../web/event-descriptions.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { pastQuery } from '../../web/past-query.js';
import type { Actor } from '#event-store';
import { ACTION_FORMS } from '../action-forms.js';
import { GetActionDetailsQuery } from './get-action-details.query.js';
import { evidenceDocumentsView } from '../download-evidence-document/evidence-documents.view.js';
import { readingOf } from '../../http/request-reading.js';

/** The action page: every field, its plan, recommendation and source, and its history as a timeline. */
export const getActionPage: PageDefinition<PlanActionView, ActionDetails | null> = {
  template: 'actions/get-action/get-action.njk',
  load: (answer, request, queryBus, calendar) =>
    queryBus.execute(
      new GetActionDetailsQuery(readingOf(request), answer.id, asItStood(request.query as AsItStoodQueryDto, calendar)),
    ),
  view: (answer, request: Request, details, calendar) => {
    const query = request.query as AsItStoodQueryDto;
    const state = details!.state;
    const plans = new Map(details!.plans.map((plan) => [plan.id, plan.title]));
    const currentPlan = details!.plans.at(-1)!;
    const role = (request as Request & { actor?: Actor }).actor?.role;
    // Only a writer, and only on the action as it stands: a change is never made to a past view.
    const changes =
      (role === 'manager' || role === 'admin') && !query.asOf && !query.asAt
        ? ACTION_FORMS.filter((form) => form.offered(answer)).map((form) => ({
            text: form.link,
            href: `/actions/${answer.id}/forms/${form.slug}`,
          }))
        : [];
    return {
      changes,
      pageTitle: answer.description.length > 60 ? `${answer.description.slice(0, 59)}…` : answer.description,
      action: answer,
      fields: [
        { key: 'Ref', value: state.ref ?? 'None' },
        { key: 'Why (the need)', value: details!.recommendation?.text ?? 'No recommendation recorded' },
        { key: 'Who', value: state.owner ?? 'Not given' },
        { key: 'DLT lead', value: state.dltLead ?? 'Not given' },
        { key: 'Does what', value: state.description },
        { key: 'Start', value: dateOrText(state.start) },
        {
          key: 'By when',
          value: answer.dueMoved
            ? `${dateOrText(state.currentDue)} (first due ${dateOrText(state.originalDue)})`
            : dateOrText(state.currentDue),
        },
        { key: 'How we will know', value: state.successMeasure ?? 'Not given' },
        { key: "Children's experience", value: state.experienceOfChildren ?? 'Not given' },
        { key: 'Section', value: state.theme ?? 'None' },
      ],
      plan: currentPlan,
      plans: details!.plans,
      source: details!.source,
      recommendation: details!.recommendation && {
        ...details!.recommendation,
        href: `/recommendations/${details!.recommendation.id}${pastQuery(query)}`,
      },
      past: query.asOf || query.asAt ? { asOf: query.asOf ?? null, asAt: query.asAt ?? null } : null,
      timeline: details!.history.map((entry) => ({
        ...describeEvent(entry, plans),
        effective: dayWordsIn(entry.effectiveAt, calendar),
        effectiveAt: entry.effectiveAt,
        // When it was recorded on another day (in the service's zone) than it took effect.
        recorded:
          calendar.dayOf(entry.recordedAt) !== calendar.dayOf(entry.effectiveAt)
            ? londonMomentWords(entry.recordedAt)
            : null,
        recordedAt: entry.recordedAt,
        by: `${entry.actor.name} (${entry.actor.role})`,
        reason: entry.reason,
        origin: originWords(entry.origin),
      })),
      // Evidence documents: each kept document's download, and the upload page's address.
      documents: evidenceDocumentsView(answer.id, details!.history),
      attachDocument: `/actions/${answer.id}/evidence/documents/new`,
      auditLog: `/audit-log?${new URLSearchParams({ actionId: answer.id }).toString()}`,
      breadcrumbs: [
        { text: 'Plans', href: '/plans' },
        { text: currentPlan.title, href: `/plans/${currentPlan.id}` },
        { text: answer.ref ? `Action ${answer.ref}` : 'Action' },
      ],
    };
  },
};
