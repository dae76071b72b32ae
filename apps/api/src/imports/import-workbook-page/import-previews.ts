import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { columnKey, isWorkbookError, type ImportResult } from '#importer';
import type { WriteContext } from '../../shared/write-context.js';
import { ImportPlanCommand } from '../import-plan/import-plan.command.js';
import type { ReleaseSlot } from '../import-plan/import-slots.interceptor.js';
import { KeptUploads, type KeptUpload } from './kept-uploads.js';
import { layoutKeyOf, RememberedColumns } from './remembered-columns.js';

/** The kept bytes are gone (expired, or no longer with their hash): the person uploads again. */
export class UploadGoneError extends Error {}

/**
 * The dry runs of the import page, through the API's own import command (the same reading,
 * bounds and worker as POST /imports): run in the background so a large workbook can show its
 * progress, each holding one of the service's import slots until it ends.
 */
@Injectable()
export class ImportPreviews {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly uploads: KeptUploads,
    private readonly remembered: RememberedColumns,
  ) {}

  /** Starts the preview of an upload; the slot is given back when it ends, however it ends. */
  start(upload: KeptUpload, context: WriteContext, release: ReleaseSlot): void {
    upload.preview = { stage: 'waiting', done: 0, total: 0, finished: false, result: null, error: null };
    void this.run(upload, context)
      .catch((error: unknown) => this.logger.error(`Preview of ${upload.fileName} failed: ${String(error)}`))
      .finally(release);
  }

  /**
   * The import itself, on the bytes previewed, appended only if it plans the events previewed
   * (else PlannedImportChangedError, nothing written): checked as it appends, so a write that
   * lands between the check and the append makes it plan again and check again.
   */
  async apply(upload: KeptUpload, context: WriteContext, plannedDigest: string): Promise<ImportResult> {
    return this.execute(upload, context, false, undefined, plannedDigest);
  }

  private async execute(
    upload: KeptUpload,
    context: WriteContext,
    dryRun: boolean,
    onProgress?: ImportPlanCommand['onProgress'],
    expectPlannedDigest?: string,
  ): Promise<ImportResult> {
    const bytes = await this.uploads.bytesOf(upload);
    if (bytes === null) throw new UploadGoneError(`${upload.fileName} is no longer kept`);
    return this.commandBus.execute(
      new ImportPlanCommand(
        { fileName: upload.fileName, bytes },
        dryRun,
        context,
        null,
        upload.columns,
        upload.refusedMatches,
        onProgress,
        expectPlannedDigest,
      ),
    );
  }

  private async run(upload: KeptUpload, context: WriteContext): Promise<void> {
    const preview = upload.preview;
    const onProgress: ImportPlanCommand['onProgress'] = (stage, done, total) =>
      Object.assign(preview, { stage, done, total });
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          preview.result = await this.execute(upload, context, true, onProgress);
          preview.error = null;
          return;
        } catch (error) {
          preview.error = error;
          if (!isWorkbookError(error) || error.code !== 'UNMAPPED_COLUMN') return;
          const known = new Set(upload.unmapped.map((column) => columnKey(column.header)));
          upload.unmapped.push(...error.columns.filter((column) => !known.has(columnKey(column.header))));
          // The first time only: the layout's key, and the choices this person made for it last time, tried at once.
          if (upload.layoutKey !== null || attempt > 1) return;
          upload.layoutKey = layoutKeyOf(error.columns);
          const recalled = this.remembered.recall(upload.actorId, upload.layoutKey);
          if (!recalled) return;
          upload.columns = recalled;
        }
      }
    } finally {
      preview.finished = true;
    }
  }
}
