import { actionForm } from '../action-form.js';
import { BRAG_CHOICES } from '../change-rag-status/change-rag-status.form.js';
import { bragTag } from '../../web/web-views.js';
import { textOrAbsent } from '../../web/forms/form-values.js';
import { ReopenActionCommand } from './reopen-action.command.js';
import { ReopenActionRequestDto } from './reopen-action.request.dto.js';

export const reopenActionForm = actionForm({
  slug: 'reopen',
  link: 'Reopen',
  offered: (action) => !action.withdrawn && action.completed,
  template: 'actions/reopen-action/reopen-action.form.njk',
  title: 'Reopen the action',
  submit: 'Reopen the action',
  request: ReopenActionRequestDto,
  toRequest: (values) => ({ status: values.status, reason: textOrAbsent(values.reason) }),
  fields: {
    status: { name: 'status', message: 'Select its status now: red, amber or green' },
    reason: { name: 'reason', message: 'Enter why the action is reopened' },
  },
  command: (actionId, revision, request, context) => new ReopenActionCommand(actionId, revision, request, context),
  recorded: (request) => `Action reopened as ${request.status} (${bragTag(request.status).text.toLowerCase()})`,
  view: () => ({ choices: BRAG_CHOICES.filter((choice) => choice.value !== 'blue') }),
});
