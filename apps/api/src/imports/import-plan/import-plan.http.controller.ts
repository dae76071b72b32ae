import {
  BadRequestException,
  Controller,
  HttpException,
  HttpStatus,
  Logger,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  columnLetter,
  isWorkbookError,
  MAX_COLUMNS,
  MAX_ROWS,
  MAX_SHARED_STRINGS,
  parseColumnMapping,
  type ColumnOptions,
  type Field,
} from '#importer';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdempotencyAfterUpload, UploadIdempotencyInterceptor } from '../../http/idempotency.interceptor.js';
import { logSecurityEvent } from '../../http/access-log.js';
import { problem } from '../../http/problem.js';
import { requestIdOf } from '../../http/request-id.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { ImportPlanCommand } from './import-plan.command.js';
import { ImportPlanBodyDto, ImportPlanRequestDto } from './import-plan.request.dto.js';
import { ImportSlotsInterceptor, MAX_CONCURRENT_IMPORTS } from './import-slots.interceptor.js';
import { ImportResultDto } from './import-plan.response.js';

/** Plans are workbooks of a few hundred rows; 20 MB leaves room for embedded pictures and years of comments. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The part of a multer file this controller reads (held in memory: no temporary files to clean up). */
interface MulterFile {
  originalname: string;
  buffer: Buffer;
}

/** The name to record: the file's own name, without any folder a browser sent with it. */
const fileNameOf = (file: MulterFile): string =>
  file.originalname
    .replace(/^.*[\\/]/, '')
    .trim()
    .slice(0, 200) || 'upload';

/** The query's map and ignoreColumn as the importer takes them (the DTO has checked every field name). */
function columnOptions(query: ImportPlanRequestDto): ColumnOptions {
  const columnMap: Record<string, Field> = {};
  for (const text of query.map ?? []) {
    const mapping = parseColumnMapping(text);
    if (!('error' in mapping)) columnMap[mapping.header] = mapping.field;
  }
  return { columnMap, ignoreColumns: query.ignoreColumn ?? [] };
}

@ApiTags('imports')
@Controller('imports')
export class ImportPlanHttpController {
  private readonly logger = new Logger('Imports');

  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @IdempotencyAfterUpload()
  @UseInterceptors(
    ImportSlotsInterceptor,
    FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 }, defParamCharset: 'utf8' }),
    UploadIdempotencyInterceptor,
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportPlanBodyDto })
  @ApiOperation({
    summary:
      'Import a plan workbook (.xlsx or CSV): its plan, sources, recommendations, actions, statuses and dated comments',
    description:
      'Send the workbook as the multipart field `file`. One append, all or nothing. Importing the same file again appends nothing; a later version of ' +
      'the same plan appends only the differences (comment added, status changed, reassigned, due date changed, amended, new action). ' +
      'Every event names its workbook, sheet and row as its origin (`import:<file>#<sheet>!<row>`). `?dryRun=true` says what would be written and writes nothing. ' +
      'Columns are recognised by the words of their headers; a column of text under a header that is no field is refused (400, code UNMAPPED_COLUMN, naming the sheet and column) ' +
      'until `map=<header>=<field>` says what it is or `ignoreColumn=<header>` leaves it out knowingly. The summary lists every column and how it was read. ' +
      'A recommendation a later plan restates in other words is recognised as the one the store knows (by its number, else by its words): the summary lists each match ' +
      '(`recommendations.matched`: which recommendation, by which rule, with what score) and near misses as warnings; `refuseMatch=<matchId>` keeps one apart.',
  })
  @ApiResponse({
    status: 201,
    description:
      'Imported: `outcome` (appended, unchanged or already-imported), `position`, and the summary with warnings at their cells',
    type: ImportResultDto,
  })
  @ApiOkResponse({
    description: 'Dry run (`outcome` dry-run): the summary of what would be written; nothing was',
    type: ImportResultDto,
  })
  @ApiBadRequestResponse({
    description:
      'No file; a bad map or ignoreColumn; a file that is not a plan workbook (not a workbook, corrupt, or no header row), or that has a column of text under a header that is no field (UNMAPPED_COLUMN, with `columns`): the problem names the file and sheet; nothing written',
    type: ProblemDto,
  })
  @ApiUnauthorizedResponse({ description: 'No API key, or a bad or revoked one', type: ProblemDto })
  @ApiForbiddenResponse({ description: 'Only managers and admins import', type: ProblemDto })
  @ApiPayloadTooLargeResponse({
    description: `File over 20 MB; or (code TOO_LARGE) over ${MAX_ROWS.toLocaleString('en-GB')} rows with values, a value beyond column ${columnLetter(MAX_COLUMNS)}, over ${MAX_SHARED_STRINGS.toLocaleString('en-GB')} distinct texts, a part unpacking to over 50 MB (100 MB in all) or over 100 times its packed size, or too large or too complex to read in 512 MB and 30 seconds: the problem names the file; nothing written`,
    type: ProblemDto,
  })
  @ApiTooManyRequestsResponse({
    description: `${MAX_CONCURRENT_IMPORTS} imports are running already: send it again after Retry-After seconds; nothing read or written`,
    type: ProblemDto,
  })
  async importPlan(
    @UploadedFile() file: MulterFile | undefined,
    @Query() query: ImportPlanRequestDto,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
    @Req() request: Request,
  ) {
    if (!file) {
      throw new BadRequestException(
        problem(HttpStatus.BAD_REQUEST, 'Send the workbook as the multipart/form-data field "file"', {
          errors: [{ field: 'file', message: 'is required' }],
        }),
      );
    }
    const dryRun = query.dryRun === true;
    const fileName = fileNameOf(file);
    try {
      const result = await this.commandBus.execute(
        new ImportPlanCommand(
          { fileName, bytes: file.buffer },
          dryRun,
          context,
          query.asOf ?? null,
          columnOptions(query),
          query.refuseMatch ?? [],
        ),
      );
      if (dryRun) response.status(HttpStatus.OK);
      logSecurityEvent(request, 'import', {
        planId: result.summary.plan.id,
        outcome: result.outcome,
        position: result.position,
        bytes: file.buffer.byteLength,
      });
      return result;
    } catch (error) {
      if (!isWorkbookError(error)) throw error;
      // Too many rows is the size of the upload, as a file over 20 MB is: 413; any other fault of the file is 400.
      const status = error.code === 'TOO_LARGE' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE)
        this.logger.warn(`Import refused (request ${requestIdOf(request)}): ${error.message}`);
      const columns = error.columns.length > 0 ? { columns: error.columns } : {};
      throw new HttpException(
        problem(status, error.message, {
          code: error.code,
          file: error.file,
          sheet: error.sheet,
          ...columns,
          errors: [{ field: 'file', message: error.message }],
        }),
        status,
      );
    }
  }
}
