import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetEvidenceDocumentQuery } from './download-evidence-document.query.js';

@QueryHandler(GetEvidenceDocumentQuery)
export class GetEvidenceDocumentHandler implements IQueryHandler<GetEvidenceDocumentQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ actionId, evidenceId }: GetEvidenceDocumentQuery) {
    return this.readModels.evidenceDocument(actionId, evidenceId);
  }
}
