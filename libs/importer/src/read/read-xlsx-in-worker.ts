import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbookError, type WorkbookErrorCode } from '../workbook-error.js';
import type { XlsxContent } from './read-xlsx.js';
import type { WorkerAnswer } from './xlsx-worker.js';

/**
 * What reading one .xlsx may take. The caps on parts, rows, columns and texts stop every hostile
 * workbook we know of; these stop the ones we do not: a plan reads in well under a second and
 * 100 MB, so a workbook that needs 512 MB or 30 s is refused, and only its thread dies.
 */
export const READ_LIMITS = { memoryMb: 512, timeoutMs: 30_000 };

/**
 * Reads an .xlsx in a worker thread with its own heap limit and a deadline (readXlsx, in
 * xlsx-worker.ts), so a workbook that exhausts either fails alone (TOO_LARGE, naming the file)
 * and the process that asked carries on. Throws WorkbookError; any other fault of exceljs as an
 * Error with its message (the caller reports it as a damaged workbook).
 */
export function readXlsxInWorker(bytes: Buffer, file: string, limits = READ_LIMITS): Promise<XlsxContent> {
  const tooComplex = (why: string) =>
    new WorkbookError(
      'TOO_LARGE',
      file,
      `${file}: too large or too complex to read (${why}). A plan workbook reads in a second; save a copy with only the plan's sheets and import that`,
    );
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), {
      workerData: { bytes, file },
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        maxYoungGenerationSizeMb: Math.min(32, limits.memoryMb),
      },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      outcome();
    };
    const deadline = setTimeout(
      () => settle(() => reject(tooComplex(`reading it took more than ${limits.timeoutMs / 1000} seconds`))),
      limits.timeoutMs,
    );
    worker.on('message', (answer: WorkerAnswer) =>
      settle(() => {
        if (answer.ok) resolve(answer.content);
        else if (answer.error.code === null) reject(new Error(answer.error.message));
        else
          reject(
            new WorkbookError(answer.error.code as WorkbookErrorCode, file, answer.error.message, answer.error.sheet),
          );
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex(`reading it needed more than ${limits.memoryMb} MB of memory`)
            : error,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(tooComplex(`the reader stopped with code ${code}`))));
  });
}

/**
 * The worker's file: the built .js beside this one (how the service and CLI run). Run from the
 * TypeScript sources (jest), the built one in dist/, as `npm run build` leaves it.
 */
function workerFile(): URL {
  if (import.meta.url.endsWith('.js')) return new URL('./xlsx-worker.js', import.meta.url);
  const built = new URL('../../../../dist/libs/importer/src/read/xlsx-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built)))
    throw new Error(`The workbook reader's worker is not built (${fileURLToPath(built)}): run npm run build`);
  return built;
}
