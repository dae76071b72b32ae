import { createHash, randomUUID } from 'node:crypto';
import {
  Body,
  CanActivate,
  ConflictException,
  Controller,
  ExecutionContext,
  Headers,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  PreconditionFailedException,
  Res,
  UnauthorizedException,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { InjectDataSource, InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ActionRow, ApiKeyRow, AuditLogRow } from './entities.js';

/**
 * The conventional build a team would write instead of an event store: NestJS + TypeORM CRUD,
 * the action row updated in place with a version column for optimistic concurrency (If-Match;
 * 409 on a stale version), and an audit_log row inserted in the same transaction. Same stack as
 * the service (Nest on Express, class-validator on the body, a global ValidationPipe that refuses
 * unknown fields), the same API-key check (SHA-256 of the key looked up in a keys table, a key
 * already checked answered from memory for a minute as the service answers it from memory).
 */

export const RAG_STATUSES = ['blue', 'red', 'amber', 'green'] as const;

export class ChangeStatusRequest {
  @IsIn(RAG_STATUSES)
  to!: (typeof RAG_STATUSES)[number];

  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: '$property must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Holder {
  id: string;
  name: string;
  role: string;
}

/** Keys checked lately, by their SHA-256, kept a minute: what a competent team's guard does. */
const KEPT_FOR_MS = 60_000;

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly kept = new Map<string, { holder: Holder; until: number }>();

  constructor(@InjectRepository(ApiKeyRow) private readonly keys: Repository<ApiKeyRow>) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { holder?: Holder }>();
    const match = /^Bearer (\S{1,200})$/.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('An API key is required');
    const hash = sha256Hex(match[1]!);
    const kept = this.kept.get(hash);
    if (kept && kept.until > Date.now()) {
      request.holder = kept.holder;
      return true;
    }
    const key = await this.keys.findOneBy({ secretSha256: hash, revokedAt: IsNull() });
    if (!key) throw new UnauthorizedException('Unknown or revoked API key');
    const holder = { id: key.id, name: key.name, role: key.role };
    this.kept.set(hash, { holder, until: Date.now() + KEPT_FOR_MS });
    request.holder = holder;
    return true;
  }
}

@Controller('actions')
@UseGuards(ApiKeyGuard)
export class ChangeStatusController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post(':actionId/status')
  @HttpCode(200)
  async changeStatus(
    @Param('actionId', new ParseUUIDPipe()) actionId: string,
    @Body() request: ChangeStatusRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const expected = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch ?? '');
    if (!expected) throw new PreconditionFailedException('Send If-Match with the version you last read');
    const version = Number(expected[1]);
    const holder = (response.req as Request & { holder: Holder }).holder;
    // TypeORM's documented transaction: an EntityManager bound to one connection, committed when
    // the callback resolves, rolled back when it throws.
    const updated = await this.dataSource.transaction(async (manager) => {
      const action = await manager.findOneBy(ActionRow, { id: actionId });
      if (!action) throw new NotFoundException(`No such action: ${actionId}`);
      if (action.version !== version)
        throw new ConflictException(`The action is at version ${action.version}, not ${version}`);
      // The version in the WHERE guards against a change landing between the read and the write.
      const result = await manager.update(
        ActionRow,
        { id: actionId, version },
        { ragStatus: request.to, version: version + 1, updatedAt: new Date() },
      );
      if (result.affected !== 1) throw new ConflictException('The action changed while this was being written');
      await manager.insert(AuditLogRow, {
        actionId,
        change: 'rag_status',
        before: { ragStatus: action.ragStatus ?? 'none' },
        after: { ragStatus: request.to },
        actorId: holder.id,
        actorName: holder.name,
        reason: request.reason,
        origin: 'api',
        correlationId: randomUUID(),
        version: version + 1,
      });
      return version + 1;
    });
    response.setHeader('ETag', `"${updated}"`);
    return { id: actionId, revision: updated, position: updated };
  }
}

export function crudModule(url: string, poolSize: number) {
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'postgres',
        url,
        entities: [ActionRow, AuditLogRow, ApiKeyRow],
        // A fresh benchmark database: the tables are made from the entities.
        synchronize: true,
        poolSize,
        logging: false,
      }),
      TypeOrmModule.forFeature([ApiKeyRow]),
    ],
    controllers: [ChangeStatusController],
    providers: [ApiKeyGuard],
  })
  class CrudModule {}
  return CrudModule;
}

export const crudValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
});
