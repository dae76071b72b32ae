import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { accountability } from '#read-store';
import { today } from '../../shared/today.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';

@QueryHandler(GetAccountabilityQuery)
export class GetAccountabilityHandler implements IQueryHandler<GetAccountabilityQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ request }: GetAccountabilityQuery) {
    return accountability(this.readDatabase, today(), request.kind);
  }
}
