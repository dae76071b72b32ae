import { actionForm } from '../action-form.js';
import { textOrAbsent } from '../../web/forms/form-values.js';
import { AddCommentCommand } from './add-comment.command.js';
import { AddCommentRequestDto } from './add-comment.request.dto.js';

export const addCommentForm = actionForm({
  slug: 'comment',
  link: 'Add a progress comment',
  offered: (action) => !action.withdrawn,
  template: 'actions/add-comment/add-comment.form.njk',
  title: 'Add a progress comment',
  submit: 'Add the comment',
  request: AddCommentRequestDto,
  toRequest: (values) => ({ text: textOrAbsent(values.text) }),
  fields: { text: { name: 'text', message: 'Enter the comment on progress' } },
  command: (actionId, revision, request, context) => new AddCommentCommand(actionId, revision, request, context),
  recorded: () => 'Progress comment added',
});
