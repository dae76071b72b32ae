import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentStore } from '#read-store';
import { ACTION_FORM_CONTROLLERS } from './action-forms.js';
import { CreateActionFormController } from './create-action/create-action.form.js';
import { AddCommentHandler } from './add-comment/add-comment.handler.js';
import { AddCommentHttpController } from './add-comment/add-comment.http.controller.js';
import { AmendActionHandler } from './amend-action/amend-action.handler.js';
import { AmendActionHttpController } from './amend-action/amend-action.http.controller.js';
import { AttachDocumentHttpController } from './attach-document/attach-document.http.controller.js';
import { AttachEvidenceHandler } from './attach-evidence/attach-evidence.handler.js';
import { AttachEvidenceHttpController } from './attach-evidence/attach-evidence.http.controller.js';
import { CarryForwardActionHandler } from './carry-forward-action/carry-forward-action.handler.js';
import { CarryForwardActionHttpController } from './carry-forward-action/carry-forward-action.http.controller.js';
import { ChangeDueDateHandler } from './change-due-date/change-due-date.handler.js';
import { ChangeDueDateHttpController } from './change-due-date/change-due-date.http.controller.js';
import { ChangeRagStatusHandler } from './change-rag-status/change-rag-status.handler.js';
import { ChangeRagStatusHttpController } from './change-rag-status/change-rag-status.http.controller.js';
import { CompleteActionHandler } from './complete-action/complete-action.handler.js';
import { CompleteActionHttpController } from './complete-action/complete-action.http.controller.js';
import { CreateActionHandler } from './create-action/create-action.handler.js';
import { CreateActionHttpController } from './create-action/create-action.http.controller.js';
import { GetEvidenceDocumentHandler } from './download-evidence-document/download-evidence-document.handler.js';
import { DownloadEvidenceDocumentHttpController } from './download-evidence-document/download-evidence-document.http.controller.js';
import { GetActionHandler } from './get-action/get-action.handler.js';
import { GetActionDetailsHandler } from './get-action/get-action-details.handler.js';
import { GetActionHttpController } from './get-action/get-action.http.controller.js';
import { GetEvidenceTimelineHandler } from './get-evidence-timeline/get-evidence-timeline.handler.js';
import { GetEvidenceTimelineHttpController } from './get-evidence-timeline/get-evidence-timeline.http.controller.js';
import { RedactActionTextHandler } from './redact-action-text/redact-action-text.handler.js';
import { RedactActionTextHttpController } from './redact-action-text/redact-action-text.http.controller.js';
import { ReassignActionHandler } from './reassign-action/reassign-action.handler.js';
import { ReassignActionHttpController } from './reassign-action/reassign-action.http.controller.js';
import { ReopenActionHandler } from './reopen-action/reopen-action.handler.js';
import { ReopenActionHttpController } from './reopen-action/reopen-action.http.controller.js';
import { RetainForOversightHandler } from './retain-for-oversight/retain-for-oversight.handler.js';
import { RetainForOversightHttpController } from './retain-for-oversight/retain-for-oversight.http.controller.js';
import { WithdrawActionHandler } from './withdraw-action/withdraw-action.handler.js';
import { WithdrawActionHttpController } from './withdraw-action/withdraw-action.http.controller.js';

/** Actions: created from a source into a plan, then changed by managers, one use case a folder. */
@Module({
  controllers: [
    GetActionHttpController,
    GetEvidenceTimelineHttpController,
    CreateActionHttpController,
    ReassignActionHttpController,
    ChangeRagStatusHttpController,
    AddCommentHttpController,
    AttachEvidenceHttpController,
    AttachDocumentHttpController,
    DownloadEvidenceDocumentHttpController,
    ChangeDueDateHttpController,
    AmendActionHttpController,
    RetainForOversightHttpController,
    CompleteActionHttpController,
    ReopenActionHttpController,
    CarryForwardActionHttpController,
    WithdrawActionHttpController,
    RedactActionTextHttpController,
    // The same changes as web forms (web/forms/form.controller.ts), each executing the command above.
    ...ACTION_FORM_CONTROLLERS,
    CreateActionFormController,
  ],
  providers: [
    GetActionHandler,
    GetActionDetailsHandler,
    GetEvidenceTimelineHandler,
    CreateActionHandler,
    ReassignActionHandler,
    ChangeRagStatusHandler,
    AddCommentHandler,
    AttachEvidenceHandler,
    GetEvidenceDocumentHandler,
    // Evidence documents, kept in the read database beside the read models.
    {
      provide: DocumentStore,
      useFactory: (dataSource: DataSource) => new DocumentStore(dataSource),
      inject: [DataSource],
    },
    ChangeDueDateHandler,
    AmendActionHandler,
    RetainForOversightHandler,
    CompleteActionHandler,
    ReopenActionHandler,
    CarryForwardActionHandler,
    WithdrawActionHandler,
    RedactActionTextHandler,
  ],
})
export class ActionsModule {}
