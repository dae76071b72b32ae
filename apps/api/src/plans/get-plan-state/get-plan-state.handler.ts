import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { sourceKindsNamed } from '#domain';
import { todayOf, type Clock } from '#command-handling';
import { planState } from '#read-store';
import { asItStood } from '../../http/read-query.dto.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetPlanStateQuery } from './get-plan-state.query.js';

@QueryHandler(GetPlanStateQuery)
export class GetPlanStateHandler implements IQueryHandler<GetPlanStateQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ planId, request }: GetPlanStateQuery) {
    const { status, owner, sourceKind, overdue, retained, includeCarriedForward, sort, order, page, pageSize } = request;
    const when = asItStood(request);
    return planState(this.readDatabase, {
      planId,
      today: todayOf(this.clock),
      ...(when ? { asItStood: when } : {}),
      ...(status ? { status } : {}),
      ...(owner ? { owner } : {}),
      ...(sourceKind ? { sourceKinds: sourceKindsNamed(sourceKind) } : {}),
      ...(overdue !== undefined ? { overdue } : {}),
      ...(retained !== undefined ? { retained } : {}),
      ...(includeCarriedForward !== undefined ? { includeCarriedForward } : {}),
      ...(sort ? { sort } : {}),
      descending: order === 'desc',
      page,
      pageSize,
    });
  }
}
