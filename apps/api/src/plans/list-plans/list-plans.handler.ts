import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { todayOf, type Clock } from '#command-handling';
import { planList } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { ListPlansQuery } from './list-plans.query.js';

@QueryHandler(ListPlansQuery)
export class ListPlansHandler implements IQueryHandler<ListPlansQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute() {
    return planList(this.readDatabase, todayOf(this.clock));
  }
}
