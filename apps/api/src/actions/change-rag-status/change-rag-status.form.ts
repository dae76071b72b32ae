import { RAG_STATUSES } from '#domain';
import { actionForm } from '../action-form.js';
import { bragTag } from '../../web/web-views.js';
import { textOrAbsent } from '../../web/forms/form-values.js';
import { ChangeRagStatusCommand } from './change-rag-status.command.js';
import { ChangeRagStatusRequestDto } from './change-rag-status.request.dto.js';

/** What each colour means, from the plans themselves (DOMAIN.md), as the radios' hint text. */
export const BRAG_CHOICES = [
  { value: 'blue', text: 'Blue', hint: 'Fully completed. Choosing blue completes the action.' },
  { value: 'red', text: 'Red', hint: 'Fully stuck: it cannot move on without help.' },
  { value: 'amber', text: 'Amber', hint: 'More work needed, or a resolvable issue in sight.' },
  { value: 'green', text: 'Green', hint: 'In progress with no barriers.' },
] as const satisfies readonly { value: (typeof RAG_STATUSES)[number]; text: string; hint: string }[];

export const changeRagStatusForm = actionForm({
  slug: 'status',
  link: 'Change the BRAG status',
  offered: (action) => !action.withdrawn,
  template: 'actions/change-rag-status/change-rag-status.form.njk',
  title: 'Change the BRAG status',
  submit: 'Change the status',
  request: ChangeRagStatusRequestDto,
  initial: ({ action }): Record<string, string> => (action.status ? { to: action.status } : {}),
  toRequest: (values) => ({ to: values.to, reason: textOrAbsent(values.reason) }),
  fields: {
    to: { name: 'to', message: 'Select the BRAG status' },
    reason: { name: 'reason', message: 'Enter why the status is changing' },
  },
  command: (actionId, revision, request, context) => new ChangeRagStatusCommand(actionId, revision, request, context),
  recorded: (request) => `Status changed to ${request.to} (${bragTag(request.to).text.toLowerCase()})`,
  view: () => ({ choices: BRAG_CHOICES }),
});
