import { formController } from '../web/forms/form.controller.js';
import type { ActionFormDefinition } from './action-form.js';
import { addCommentForm } from './add-comment/add-comment.form.js';
import { amendActionForm } from './amend-action/amend-action.form.js';
import { attachEvidenceForm } from './attach-evidence/attach-evidence.form.js';
import { carryForwardActionForm } from './carry-forward-action/carry-forward-action.form.js';
import { changeDueDateForm } from './change-due-date/change-due-date.form.js';
import { changeRagStatusForm } from './change-rag-status/change-rag-status.form.js';
import { completeActionForm } from './complete-action/complete-action.form.js';
import { reassignActionForm } from './reassign-action/reassign-action.form.js';
import { reopenActionForm } from './reopen-action/reopen-action.form.js';
import { retainForOversightForm } from './retain-for-oversight/retain-for-oversight.form.js';
import { withdrawActionForm } from './withdraw-action/withdraw-action.form.js';

/** Every change a manager can make to an action in the browser, in the order the action's page lists them. */
export const ACTION_FORMS: readonly ActionFormDefinition[] = [
  changeRagStatusForm,
  addCommentForm,
  reassignActionForm,
  changeDueDateForm,
  amendActionForm,
  attachEvidenceForm,
  completeActionForm,
  retainForOversightForm,
  reopenActionForm,
  carryForwardActionForm,
  withdrawActionForm,
];

export const ACTION_FORM_CONTROLLERS = ACTION_FORMS.map(formController);
