import { Query } from '@nestjs/cqrs';
import type { SourceAccountability } from '#read-store';
import type { GetAccountabilityRequestDto } from './get-accountability.request.dto.js';

export class GetAccountabilityQuery extends Query<{ kind: string; sources: SourceAccountability[] }[]> {
  constructor(readonly request: GetAccountabilityRequestDto) {
    super();
  }
}
