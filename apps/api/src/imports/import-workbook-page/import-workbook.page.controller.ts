import { randomUUID } from 'node:crypto';
import {
  Catch,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '#event-store';
import { isField, isWorkbookError, PlannedImportChangedError, type Field, type ImportOutcome } from '#importer';
import { Projector } from '#read-store';
import { AllowRoles, CurrentActor } from '../../auth/auth.decorators.js';
import { problem } from '../../http/problem.js';
import { ProblemDetailsFilter } from '../../http/problem-details.filter.js';
import { READ_YOUR_WRITES_WAIT_MS } from '../../http/read-your-writes.interceptor.js';
import { writeContextWithKey } from '../../shared/write-context.js';
import { formValues, type FormValues } from '../../web/forms/form-values.js';
import { WebViews } from '../../web/web-views.js';
import type { WebSession } from '../../web/web-sessions.js';
import { MAX_IMPORT_BYTES } from '../import-plan/import-plan.http.controller.js';
import {
  ImportSlotsInterceptor,
  MAX_CONCURRENT_IMPORTS,
  type RequestWithImportSlot,
} from '../import-plan/import-slots.interceptor.js';
import { columnChoicesView, previewView, progressView, workbookErrorRows } from './import-preview.view.js';
import { ImportPreviews, UploadGoneError } from './import-previews.js';
import { KeptUploads, type KeptUpload } from './kept-uploads.js';
import { RememberedColumns } from './remembered-columns.js';

const UPLOAD_TEMPLATE = 'imports/import-workbook-page/import-workbook.njk';
const PREVIEW_TEMPLATE = 'imports/import-workbook-page/import-preview.njk';
const PROGRESS_TEMPLATE = 'imports/import-workbook-page/import-progress.njk';
const RESULT_TEMPLATE = 'imports/import-workbook-page/import-result.njk';

/** What a workbook may be called: the importer reads these two (and tells the rest apart by their bytes). */
const WORKBOOK_NAME = /\.(xlsx|csv)$/i;
/** The form's idempotency key, as the other forms' (visible ASCII). */
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

/** The success banner, by what the Confirm did. */
const RECORDED: Record<ImportOutcome, (file: string, events: number) => string> = {
  appended: (file, events) => `Imported ${file}: ${events} changes recorded`,
  unchanged: (file) => `Nothing was recorded: Oversight already held everything ${file} says`,
  'already-imported': (file) => `Nothing was recorded: you imported ${file} before, exactly as it is`,
  'dry-run': (file) => `Nothing was recorded from ${file}`,
};

interface UploadPageView {
  errorList: { text: string; href: string }[];
  fileError?: string;
  workbookErrors?: { text: string }[][];
}

const fileNameOf = (name: string): string =>
  name
    .replace(/^.*[\\/]/, '')
    .trim()
    .slice(0, 200) || 'upload';

const sessionOf = (request: Request) => (request as Request & { webSession?: WebSession }).webSession;

function renderUploadPage(views: WebViews, status: number, view: UploadPageView, request: Request, response: Response) {
  response
    .status(status)
    .type('html')
    .send(
      views.render(
        UPLOAD_TEMPLATE,
        {
          pageTitle: `${view.errorList.length > 0 ? 'Error: ' : ''}Import a workbook`,
          breadcrumbs: [{ text: 'Plans', href: '/plans' }],
          workbookErrors: [],
          ...view,
        },
        request,
        response,
      ),
    );
}

const fileError = (text: string): UploadPageView => ({ errorList: [{ text, href: '#file' }], fileError: text });

/**
 * The upload refused before it reached the page's handler (too large for multer, or no import
 * slot free): the upload page again with the GOV.UK error, as for any other fault of the file.
 * Anything else (a forged POST's 403 above all) is the service's ordinary error.
 */
@Catch()
export class UploadRefusedFilter implements ExceptionFilter {
  constructor(@Inject(WebViews) private readonly views: WebViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status === HttpStatus.PAYLOAD_TOO_LARGE)
      return renderUploadPage(
        this.views,
        status,
        fileError(`The selected file must be smaller than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`),
        request,
        response,
      );
    if (status === HttpStatus.TOO_MANY_REQUESTS)
      return renderUploadPage(
        this.views,
        status,
        fileError(
          `${MAX_CONCURRENT_IMPORTS} imports are running already: wait a few seconds and upload the workbook again`,
        ),
        request,
        response,
      );
    new ProblemDetailsFilter(this.views).catch(exception, host);
  }
}

/**
 * "Import a workbook" in the browser, for managers and admins: upload, preview (the API's import
 * as a dry run, on bytes kept on the server), then Confirm (the same bytes, only if the plan is
 * still what was previewed) or Cancel (nothing written, the upload discarded).
 * The forms carry the session's CSRF token as every form does; the upload, being multipart, carries
 * it in its action URL, where the guard reads it before a byte of the upload is.
 */
@ApiExcludeController()
@Controller('imports')
export class ImportWorkbookPageController {
  constructor(
    private readonly views: WebViews,
    private readonly uploads: KeptUploads,
    private readonly previews: ImportPreviews,
    private readonly remembered: RememberedColumns,
    @Inject(Projector) private readonly projector: Projector,
  ) {}

  /** The Confirms under way, by upload: a second waits for the first and lands on its result. */
  private readonly confirming = new Map<string, Promise<unknown>>();

  @Get('new')
  @AllowRoles('manager', 'admin')
  uploadPage(@Req() request: Request, @Res() response: Response) {
    renderUploadPage(this.views, HttpStatus.OK, { errorList: [] }, request, response);
  }

  @Post('uploads')
  @AllowRoles('manager', 'admin')
  @UseFilters(UploadRefusedFilter)
  @UseInterceptors(
    ImportSlotsInterceptor,
    FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 }, defParamCharset: 'utf8' }),
  )
  async upload(
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: RequestWithImportSlot,
    @Res() response: Response,
  ) {
    if (!file || file.buffer.byteLength === 0)
      return renderUploadPage(
        this.views,
        HttpStatus.BAD_REQUEST,
        fileError(file ? 'The selected file is empty' : 'Select a workbook to import'),
        request,
        response,
      );
    const fileName = fileNameOf(file.originalname);
    if (!WORKBOOK_NAME.test(fileName))
      return renderUploadPage(
        this.views,
        HttpStatus.BAD_REQUEST,
        fileError('The selected file must be an .xlsx or .csv workbook'),
        request,
        response,
      );
    const upload = await this.uploads.keep(fileName, file.buffer, actor.id);
    // The preview runs on after this answer, in the slot this request took.
    this.previews.start(upload, writeContextWithKey(request, null), request.takeImportSlot!());
    response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
  }

  @Get('uploads/:uploadId')
  @AllowRoles('manager', 'admin')
  async show(
    @Param('uploadId') uploadId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const upload = this.find(uploadId, actor);
    if (upload.confirmed) return this.renderResult(upload, request, response);
    const { preview } = upload;
    if (!preview.finished)
      return this.render(PROGRESS_TEMPLATE, HttpStatus.OK, progressView(upload), request, response);
    if (preview.result) return this.renderPreview(upload, HttpStatus.OK, {}, request, response);
    const error = preview.error;
    if (isWorkbookError(error) && error.code === 'UNMAPPED_COLUMN')
      return this.renderPreview(upload, HttpStatus.OK, {}, request, response);
    await this.uploads.discard(upload.id);
    if (isWorkbookError(error)) {
      const status = error.code === 'TOO_LARGE' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
      return renderUploadPage(
        this.views,
        status,
        {
          errorList: [{ text: error.message, href: '#workbook-errors' }],
          workbookErrors: workbookErrorRows(error),
        },
        request,
        response,
      );
    }
    if (error instanceof UploadGoneError) throw this.gone();
    throw error;
  }

  @Post('uploads/:uploadId/columns')
  @AllowRoles('manager', 'admin')
  @UseInterceptors(ImportSlotsInterceptor)
  chooseColumns(
    @Param('uploadId') uploadId: string,
    @CurrentActor() actor: Actor,
    @Req() request: RequestWithImportSlot,
    @Res() response: Response,
  ) {
    const upload = this.find(uploadId, actor);
    if (upload.confirmed) return response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    const values = formValues(request.body);
    const columnMap: Record<string, Field> = {};
    const ignoreColumns: string[] = [];
    const errorList: { text: string; href: string }[] = [];
    upload.unmapped.forEach((column, index) => {
      const chosen = values[`column-${index}`] ?? '';
      if (chosen === 'ignore') ignoreColumns.push(column.header);
      else if (isField(chosen)) columnMap[column.header] = chosen;
      else
        errorList.push({
          text: `Choose what column ${column.column}, "${column.header}", holds`,
          href: `#column-${index}`,
        });
    });
    if (errorList.length > 0)
      return this.renderPreview(upload, HttpStatus.BAD_REQUEST, { errorList, values }, request, response);
    upload.columns = { columnMap, ignoreColumns };
    if (upload.layoutKey !== null) this.remembered.remember(actor.id, upload.layoutKey, upload.columns);
    this.previews.start(upload, writeContextWithKey(request, null), request.takeImportSlot!());
    response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
  }

  /**
   * The recommendations the person keeps apart from the ones they were recognised as: the preview
   * runs again with them refused (each then recorded as a recommendation of its own), and Confirm
   * applies that preview. Only matchIds the preview offered are taken.
   */
  @Post('uploads/:uploadId/matches')
  @AllowRoles('manager', 'admin')
  @UseInterceptors(ImportSlotsInterceptor)
  chooseMatches(
    @Param('uploadId') uploadId: string,
    @CurrentActor() actor: Actor,
    @Req() request: RequestWithImportSlot,
    @Res() response: Response,
  ) {
    const upload = this.find(uploadId, actor);
    const result = upload.preview.result;
    if (upload.confirmed || !result) return response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    const offered = new Set(
      [...result.summary.recommendations.matched, ...result.summary.recommendations.refused].map(
        (match) => match.matchId,
      ),
    );
    const values = formValues(request.body);
    upload.refusedMatches = Object.entries(values)
      .filter(([name, value]) => name.startsWith('keep-apart-') && offered.has(value))
      .map(([, value]) => value)
      .sort();
    this.previews.start(upload, writeContextWithKey(request, null), request.takeImportSlot!());
    response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
  }

  @Post('uploads/:uploadId/confirm')
  @AllowRoles('manager', 'admin')
  @UseInterceptors(ImportSlotsInterceptor)
  async confirm(
    @Param('uploadId') uploadId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const upload = this.find(uploadId, actor);
    // A second Confirm (a double click, or the browser's history) lands where the first did, once it has.
    await this.confirming.get(upload.id)?.catch(() => undefined);
    if (upload.confirmed) return response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    const confirming = this.confirmOnce(upload, actor, request, response);
    this.confirming.set(upload.id, confirming);
    try {
      await confirming;
    } finally {
      this.confirming.delete(upload.id);
    }
  }

  private async confirmOnce(upload: KeptUpload, actor: Actor, request: Request, response: Response) {
    if (!upload.preview.finished || !upload.preview.result)
      return response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    const values = formValues(request.body);
    const key = KEY_FORMAT.test(values.idempotencyKey ?? '') ? values.idempotencyKey! : `form-${randomUUID()}`;
    const context = writeContextWithKey(request, key);
    try {
      const result = await this.previews.apply(upload, context, values.digest ?? '');
      await this.uploads.confirmed(upload, result);
      if (result.position !== null) await this.projector.waitFor(result.position, READ_YOUR_WRITES_WAIT_MS);
      const session = sessionOf(request);
      if (session) session.flash = RECORDED[result.outcome](upload.fileName, result.summary.events);
      response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    } catch (error) {
      // The store moved so that the import would write other events: nothing written; the new preview, to confirm again.
      if (error instanceof PlannedImportChangedError) {
        upload.preview = { ...upload.preview, result: error.now, error: null };
        return this.renderPreview(upload, HttpStatus.CONFLICT, { changedSince: true }, request, response);
      }
      if (error instanceof UploadGoneError) throw this.gone();
      throw error;
    }
  }

  @Post('uploads/:uploadId/cancel')
  @AllowRoles('manager', 'admin')
  async cancel(
    @Param('uploadId') uploadId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const upload = this.find(uploadId, actor);
    if (upload.confirmed) return response.redirect(HttpStatus.SEE_OTHER, `/imports/uploads/${upload.id}`);
    await this.uploads.discard(upload.id);
    const session = sessionOf(request);
    if (session) session.flash = `Nothing was imported: ${upload.fileName} was discarded`;
    response.redirect(HttpStatus.SEE_OTHER, '/imports/new');
  }

  private find(uploadId: string, actor: Actor): KeptUpload {
    const upload = this.uploads.find(uploadId, actor.id);
    if (!upload) throw this.gone();
    return upload;
  }

  private gone(): HttpException {
    return new HttpException(
      problem(
        HttpStatus.NOT_FOUND,
        'This upload is no longer kept (it was cancelled, or waited over an hour): upload the workbook again',
      ),
      HttpStatus.NOT_FOUND,
    );
  }

  private renderPreview(
    upload: KeptUpload,
    status: number,
    extra: { errorList?: { text: string; href: string }[]; values?: FormValues; changedSince?: boolean },
    request: Request,
    response: Response,
  ) {
    const result = upload.preview.result;
    const errorList = extra.errorList ?? [];
    const view = {
      pageTitle: `${errorList.length > 0 || extra.changedSince ? 'Error: ' : ''}Check the import before it is written`,
      fileName: upload.fileName,
      uploadId: upload.id,
      breadcrumbs: [
        { text: 'Plans', href: '/plans' },
        { text: 'Import a workbook', href: '/imports/new' },
      ],
      preview: result ? previewView(upload, result) : null,
      choices: columnChoicesView(upload, extra.values),
      choiceErrors: Object.fromEntries(errorList.map((error) => [error.href.slice(1), error.text])),
      errorList,
      changedSince: extra.changedSince ?? false,
      idempotencyKey: `form-${randomUUID()}`,
    };
    return this.render(PREVIEW_TEMPLATE, status, view, request, response);
  }

  private renderResult(upload: KeptUpload, request: Request, response: Response) {
    const result = upload.confirmed!;
    const s = result.summary;
    return this.render(
      RESULT_TEMPLATE,
      HttpStatus.OK,
      {
        pageTitle: `Imported ${upload.fileName}`,
        fileName: upload.fileName,
        plan: { title: s.plan.title, href: `/plans/${s.plan.id}` },
        appended: result.outcome === 'appended',
        events: s.events,
        created: s.actions.new.length,
        changed: s.actions.changed.length,
        breadcrumbs: [{ text: 'Plans', href: '/plans' }],
      },
      request,
      response,
    );
  }

  private render(template: string, status: number, view: object, request: Request, response: Response) {
    response
      .status(status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(this.views.render(template, view as Record<string, unknown>, request, response));
  }
}
