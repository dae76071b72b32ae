import type { DateOrText } from '#domain';
import { actionForm } from '../action-form.js';
import { dayFields, dayOf, textOrAbsent, type FormValues } from '../../web/forms/form-values.js';
import { ChangeDueDateCommand } from './change-due-date.command.js';
import { ChangeDueDateRequestDto } from './change-due-date.request.dto.js';

/** A plan's date cell on a form: a date, or the plan's own words, chosen by radios. */
export function dateOrTextRequest(values: FormValues, name: string): Record<string, unknown> | undefined {
  const kind = values[`${name}-kind`];
  if (kind === 'date') return { kind, date: dayOf(values, name) };
  if (kind === 'text') return { kind, text: textOrAbsent(values[`${name}-text`]) };
  return undefined;
}

export function dateOrTextValues(name: string, value: DateOrText | null | undefined): FormValues {
  if (!value) return {};
  return value.kind === 'date'
    ? { [`${name}-kind`]: 'date', ...dayFields(name, value.date) }
    : { [`${name}-kind`]: 'text', [`${name}-text`]: value.text };
}

export const changeDueDateForm = actionForm({
  slug: 'due-date',
  link: 'Move the due date',
  offered: (action) => !action.withdrawn,
  template: 'actions/change-due-date/change-due-date.form.njk',
  title: 'Move the due date',
  submit: 'Move the due date',
  request: ChangeDueDateRequestDto,
  initial: ({ action }) => dateOrTextValues('due', action.currentDue as DateOrText | null),
  toRequest: (values) => ({ to: dateOrTextRequest(values, 'due'), reason: textOrAbsent(values.reason) }),
  fields: {
    to: { name: 'due-kind', message: 'Select whether it is due by a date or as the plan words it' },
    'to.date': { name: 'due', date: true, message: 'Enter the new due date as a real date, for example 31 5 2025' },
    'to.text': { name: 'due-text', message: "Enter the plan's words for when it is due" },
    reason: { name: 'reason', message: 'Enter why the due date is moving' },
  },
  command: (actionId, revision, request, context) => new ChangeDueDateCommand(actionId, revision, request, context),
  recorded: (request) => `Due date moved to ${request.to.kind === 'date' ? request.to.date : request.to.text}`,
});
