import { actionForm } from '../action-form.js';
import { textOrNull } from '../../web/forms/form-values.js';
import { RetainForOversightCommand } from './retain-for-oversight.command.js';
import { RetainForOversightRequestDto } from './retain-for-oversight.request.dto.js';

export const retainForOversightForm = actionForm({
  slug: 'retain',
  link: 'Retain for oversight',
  offered: (action) => !action.withdrawn && action.completed && !action.retainedForOversight,
  template: 'actions/retain-for-oversight/retain-for-oversight.form.njk',
  title: 'Retain for oversight',
  submit: 'Retain for oversight',
  request: RetainForOversightRequestDto,
  toRequest: (values) => ({ reason: textOrNull(values.reason) }),
  fields: { reason: { name: 'reason' } },
  command: (actionId, revision, request, context) =>
    new RetainForOversightCommand(actionId, revision, request, context),
  recorded: () => 'Retained for oversight',
});
