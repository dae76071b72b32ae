import type { Type } from '@nestjs/common';
import type { ICommand, QueryBus } from '@nestjs/cqrs';
import { actionStreamId } from '#domain';
import type { ActionDetails, PlanActionView } from '#read-store';
import { dayWords, describeEvent, londonMomentWords } from '../web/event-descriptions.js';
import { defineForm, type AnyFormDefinition, type FormField } from '../web/forms/form-definition.js';
import { dayFields, effectiveAtOf, type FormValues } from '../web/forms/form-values.js';
import type { WriteContext } from '../shared/write-context.js';
import { GetActionDetailsQuery } from './get-action/get-action-details.query.js';
import { GetActionQuery } from './get-action/get-action.query.js';
import type { ChildDataReading } from '#read-store';

/** What every form changing an action is about: the action as it stands, and its history. */
export interface ActionSubject {
  action: PlanActionView;
  details: ActionDetails;
  /** What else a form offers (the plans to carry into), from its `loadMore`. */
  more?: unknown;
}

/** A form that changes an action, and the link to it on the action's page. */
export interface ActionForm<Dto extends object> {
  /** Its address under /actions/:actionId/forms/. */
  slug: string;
  /** The link on the action's page, shown when `offered` says the change can be made now. */
  link: string;
  offered(action: PlanActionView): boolean;
  template: string;
  title: string;
  submit: string;
  request: Type<Dto>;
  /** Whether it asks when the change took effect (default: yes, today unless said). */
  effective?: boolean;
  initial?(subject: ActionSubject): FormValues;
  toRequest(values: FormValues, subject: ActionSubject): Record<string, unknown>;
  fields: Record<string, FormField>;
  command(actionId: string, revision: number, request: Dto, context: WriteContext): ICommand;
  recorded(request: Dto, subject: ActionSubject): string;
  view?(subject: ActionSubject, values: FormValues): Record<string, unknown>;
  loadMore?(subject: ActionSubject, queryBus: QueryBus, reading: ChildDataReading | null): Promise<unknown>;
}

const EFFECTIVE_FIELD: FormField = {
  name: 'effective',
  date: true,
  message: 'Enter the day it took effect as a real date, not in the future and not before the action began',
};

async function loadAction(
  actionId: string,
  queryBus: QueryBus,
  reading: ChildDataReading | null,
): Promise<ActionSubject | null> {
  const [action, details] = await Promise.all([
    queryBus.execute(new GetActionQuery(reading, actionId, undefined)),
    queryBus.execute(new GetActionDetailsQuery(reading, actionId, undefined)),
  ]);
  return action && details ? { action, details } : null;
}

/** The form definition of a change to an action: the action's page is where it starts and ends. */
export function actionForm<Dto extends object>(form: ActionForm<Dto>): ActionFormDefinition {
  const effective = form.effective ?? true;
  const definition = defineForm<ActionSubject, Dto>({
    path: `actions/:actionId/forms/${form.slug}`,
    template: form.template,
    title: form.title,
    submit: form.submit,
    request: form.request,
    load: async (params, queryBus, reading) => {
      const subject = await loadAction(params.actionId!, queryBus, reading);
      if (subject && form.loadMore) subject.more = await form.loadMore(subject, queryBus, reading);
      return subject;
    },
    place: ({ action, details }) => {
      const plan = details.plans.at(-1)!;
      const name = action.ref ? `Action ${action.ref}` : 'Action';
      return {
        caption: `${name}: ${action.description.length > 80 ? `${action.description.slice(0, 79)}…` : action.description}`,
        back: `/actions/${action.id}`,
        breadcrumbs: [
          { text: 'Plans', href: '/plans' },
          { text: plan.title, href: `/plans/${plan.id}` },
          { text: name, href: `/actions/${action.id}` },
          { text: form.title },
        ],
      };
    },
    revision: ({ action }) => action.revision,
    changesSince: ({ action, details }, revision) => {
      const plans = new Map(details.plans.map((plan) => [plan.id, plan.title]));
      return details.history
        .filter((entry) => entry.streamId === actionStreamId(action.id) && entry.revision > revision)
        .sort((a, b) => a.revision - b.revision)
        .map((entry) => ({
          ...describeEvent(entry, plans),
          by: `${entry.actor.name} (${entry.actor.role})`,
          recorded: `${londonMomentWords(entry.recordedAt)}${
            entry.effectiveAt.slice(0, 10) !== entry.recordedAt.slice(0, 10)
              ? `, taking effect ${dayWords(entry.effectiveAt)}`
              : ''
          }`,
          reason: entry.reason,
        }));
    },
    initial: (subject, today) => ({ ...(effective ? dayFields('effective', today) : {}), ...form.initial?.(subject) }),
    toRequest: (values, today, subject, calendar) => {
      const request = form.toRequest(values, subject);
      if (!effective) return request;
      const effectiveAt = effectiveAtOf(values, 'effective', today, calendar);
      return effectiveAt === undefined ? request : { ...request, effectiveAt };
    },
    fields: effective ? { ...form.fields, effectiveAt: EFFECTIVE_FIELD } : form.fields,
    command: ({ action }, revision, request, context) => form.command(action.id, revision, request, context),
    recorded: form.recorded,
    after: ({ action }) => `/actions/${action.id}`,
    view: (subject, values) => ({ effective, action: subject.action, ...(form.view?.(subject, values) ?? {}) }),
  });
  return Object.assign(definition, { slug: form.slug, link: form.link, offered: form.offered });
}

/** A change's form, with its link on the action's page. */
export type ActionFormDefinition = AnyFormDefinition & Pick<ActionForm<object>, 'slug' | 'link' | 'offered'>;
