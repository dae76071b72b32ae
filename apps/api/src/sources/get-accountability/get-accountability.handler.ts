import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { todayOf, type Clock } from '#command-handling';
import { sourceKindsNamed } from '#domain';
import { accountability } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';

@QueryHandler(GetAccountabilityQuery)
export class GetAccountabilityHandler implements IQueryHandler<GetAccountabilityQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ request }: GetAccountabilityQuery) {
    return accountability(this.readDatabase, todayOf(this.clock), request.kind ? sourceKindsNamed(request.kind) : undefined);
  }
}
