import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetEvidenceDocumentQuery } from './download-evidence-document.query.js';

@QueryHandler(GetEvidenceDocumentQuery)
export class GetEvidenceDocumentHandler implements IQueryHandler<GetEvidenceDocumentQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading, actionId, evidenceId }: GetEvidenceDocumentQuery) {
    return this.readModels.as(reading).evidenceDocument(actionId, evidenceId);
  }
}
