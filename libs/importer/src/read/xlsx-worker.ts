import { parentPort, workerData } from 'node:worker_threads';
import { isWorkbookError } from '../workbook-error.js';
import { readXlsx } from './read-xlsx.js';

/**
 * The worker thread an .xlsx is read in (read-xlsx-in-worker.ts starts it): the bytes and file
 * name in, the sheets or the reason they cannot be read out, as plain data.
 */
export type WorkerAnswer =
  | { ok: true; content: Awaited<ReturnType<typeof readXlsx>> }
  | { ok: false; error: { code: string | null; message: string; sheet: string | null } };

const { bytes, file } = workerData as { bytes: Uint8Array; file: string };
let answer: WorkerAnswer;
try {
  answer = { ok: true, content: await readXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file) };
} catch (error) {
  answer = isWorkbookError(error)
    ? { ok: false, error: { code: error.code, message: error.message, sheet: error.sheet } }
    : {
        ok: false,
        error: { code: null, message: error instanceof Error ? error.message : String(error), sheet: null },
      };
}
parentPort?.postMessage(answer);
