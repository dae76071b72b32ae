import { actionForm } from '../action-form.js';
import { textOrAbsent } from '../../web/forms/form-values.js';
import { ReassignActionCommand } from './reassign-action.command.js';
import { ReassignActionRequestDto } from './reassign-action.request.dto.js';

export const reassignActionForm = actionForm({
  slug: 'reassign',
  link: 'Reassign',
  offered: (action) => !action.withdrawn,
  template: 'actions/reassign-action/reassign-action.form.njk',
  title: 'Reassign the action',
  submit: 'Reassign',
  request: ReassignActionRequestDto,
  initial: ({ action }) => ({ to: action.owner ?? '' }),
  toRequest: (values) => ({ to: textOrAbsent(values.to), reason: textOrAbsent(values.reason) }),
  fields: {
    to: { name: 'to', message: 'Enter who leads the action now' },
    reason: { name: 'reason', message: 'Enter why the action is reassigned' },
  },
  command: (actionId, revision, request, context) => new ReassignActionCommand(actionId, revision, request, context),
  recorded: (request) => `Reassigned to ${request.to}`,
});
