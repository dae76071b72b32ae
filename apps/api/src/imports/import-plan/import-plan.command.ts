import { Command } from '@nestjs/cqrs';
import type { ColumnOptions, ExecuteImportOptions, ImportResult } from '#importer';
import type { WriteContext } from '../../shared/write-context.js';

/** A workbook as uploaded: its bytes and the name it was sent under (every origin names it). */
export interface UploadedWorkbook {
  fileName: string;
  bytes: Uint8Array;
}

export class ImportPlanCommand extends Command<ImportResult> {
  constructor(
    readonly workbook: UploadedWorkbook,
    readonly dryRun: boolean,
    readonly context: WriteContext,
    /** The day the workbook describes, when the person importing gave it. */
    readonly asOf: string | null = null,
    /** Columns the importer does not recognise: mapped to a field, or left out knowingly. */
    readonly columns: ColumnOptions = {},
    /** Matches of the workbook's recommendations to known ones that the person refuses (their matchIds). */
    readonly refuseMatches: string[] = [],
    /** The import's stages as they go (the browser's progress page). */
    readonly onProgress?: ExecuteImportOptions['onProgress'],
    /** Append only if these are the events planned (a preview's, confirmed in the browser). */
    readonly expectPlannedDigest?: string,
  ) {
    super();
  }
}
