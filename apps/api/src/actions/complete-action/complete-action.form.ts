import { actionForm } from '../action-form.js';
import { textOrNull } from '../../web/forms/form-values.js';
import { CompleteActionCommand } from './complete-action.command.js';
import { CompleteActionRequestDto } from './complete-action.request.dto.js';

export const completeActionForm = actionForm({
  slug: 'complete',
  link: 'Complete',
  offered: (action) => !action.withdrawn && !action.completed,
  template: 'actions/complete-action/complete-action.form.njk',
  title: 'Complete the action',
  submit: 'Complete the action',
  request: CompleteActionRequestDto,
  toRequest: (values) => ({ reason: textOrNull(values.reason) }),
  fields: { reason: { name: 'reason' } },
  command: (actionId, revision, request, context) => new CompleteActionCommand(actionId, revision, request, context),
  recorded: () => 'Action completed (blue)',
});
