import { actionForm } from '../action-form.js';
import { textOrAbsent } from '../../web/forms/form-values.js';
import { WithdrawActionCommand } from './withdraw-action.command.js';
import { WithdrawActionRequestDto } from './withdraw-action.request.dto.js';

export const withdrawActionForm = actionForm({
  slug: 'withdraw',
  link: 'Withdraw',
  offered: (action) => !action.withdrawn,
  template: 'actions/withdraw-action/withdraw-action.form.njk',
  title: 'Withdraw the action',
  submit: 'Withdraw the action',
  request: WithdrawActionRequestDto,
  toRequest: (values) => ({ reason: textOrAbsent(values.reason) }),
  fields: { reason: { name: 'reason', message: 'Enter why the action is withdrawn' } },
  command: (actionId, revision, request, context) => new WithdrawActionCommand(actionId, revision, request, context),
  recorded: () => 'Action withdrawn',
});
