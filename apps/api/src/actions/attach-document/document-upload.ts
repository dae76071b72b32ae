import busboy from 'busboy';
import type { Request } from 'express';
import { MAX_EVIDENCE_DOCUMENT_BYTES } from '#domain';
import { DocumentTooLargeError, type DocumentStore, type DocumentUpload } from '#read-store';

/** Bounds on everything in the form besides the document: a handful of short fields. */
const LIMITS = { files: 1, fields: 20, parts: 22, fieldNameSize: 100, fieldSize: 10_000, headerPairs: 20 };
/**
 * How long an upload may send nothing before it is given up (and rolled back): its transaction
 * holds a connection (on the embedded store, the only one) while it lasts.
 */
export const UPLOAD_IDLE_MS = 60_000;
/** What the form's other fields and the multipart framing may add to the document's size. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

/** The form was not one this route takes: the message names what to send instead. */
export class UploadFormError extends Error {
  override readonly name = 'UploadFormError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export interface ReceivedDocument {
  /** The form's other fields, as sent (the last of a repeated one). */
  fields: Record<string, string>;
  /** Null when the form held no file. */
  file: { upload: DocumentUpload; fileName: string } | null;
}

/** The name to record: the file's own name, without any folder a browser sent with it, nor control characters. */
export function safeFileName(name: string | undefined): string {
  const bare = (name ?? '')
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return bare || 'document';
}

/**
 * Reads a multipart/form-data body as it arrives: its short fields, and the one file (field
 * `file`) written straight into a document upload of the store, a chunk at a time, never held
 * whole. Whatever goes wrong (too large, a broken form, the client going away), the upload is
 * rolled back before this rejects, so nothing of it is left. On success the caller owns the
 * upload: commit or abort it.
 */
export function receiveDocument(request: Request, store: DocumentStore): Promise<ReceivedDocument> {
  const declared = Number(request.header('content-length') ?? NaN);
  // Known too large before a byte is read: refused at once, without reading what follows.
  if (declared > MAX_EVIDENCE_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES)
    return Promise.reject(new DocumentTooLargeError(MAX_EVIDENCE_DOCUMENT_BYTES));
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // One byte past the limit is enough to know it is too large; busboy discards the rest.
      limits: { ...LIMITS, fileSize: MAX_EVIDENCE_DOCUMENT_BYTES + 1 },
      defParamCharset: 'utf8',
    });
  } catch {
    return Promise.reject(new UploadFormError('Send the document as multipart/form-data, in the field "file"', 'file'));
  }
  return new Promise<ReceivedDocument>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let received: Promise<ReceivedDocument['file']> = Promise.resolve(null);
    let failure: Error | null = null;
    const fail = (error: Error) => {
      failure ??= error;
      parser.destroy(error); // ends the file stream too, so the upload loop stops and rolls back
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated)
        return fail(new UploadFormError(`${name} must be at most ${LIMITS.fieldSize} characters`, name));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(new UploadFormError(`Send the document in the field "file", not "${name}"`, 'file'));
      }
      // A browser sends the file input even when nothing was chosen: a part with no name and no bytes.
      if (!info.filename) return void stream.resume();
      received = (async () => {
        const upload = await store.beginUpload();
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) await upload.write(chunk);
          if ((stream as { truncated?: boolean }).truncated)
            throw new DocumentTooLargeError(MAX_EVIDENCE_DOCUMENT_BYTES);
          return { upload, fileName: safeFileName(info.filename) };
        } catch (error) {
          await upload.abort();
          stream.resume();
          throw error;
        }
      })();
      received.catch((error: Error) => fail(error));
    });
    for (const limit of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
      parser.on(limit, () => fail(new UploadFormError('Send one document and the form fields only', 'file')));
    }
    const settle = () => {
      received.then(
        (file) => {
          if (!failure) return resolve({ fields, file });
          void file?.upload.abort();
          reject(failure);
        },
        (error: Error) => reject(failure ?? error),
      );
    };
    const idle = setTimeout(
      () => fail(new UploadFormError('The upload stopped arriving for a minute; send it again', 'file')),
      UPLOAD_IDLE_MS,
    );
    let ended = false;
    const stopWatching = () => {
      ended = true;
      clearTimeout(idle);
    };
    request.on('data', () => {
      if (!ended) idle.refresh();
    });
    parser.on('close', stopWatching);
    parser.on('error', stopWatching);
    parser.on('close', settle);
    parser.on('error', (error: Error) => {
      failure ??= error.message.includes('Unexpected end of form')
        ? new UploadFormError('The form ended before the document did: send it again', 'file')
        : error;
      settle();
    });
    // A client that goes away mid-upload: the form never ends, so end it here and roll back.
    request.on('close', () => {
      if (!request.complete) fail(new UploadFormError('The upload was interrupted before it ended', 'file'));
    });
    request.pipe(parser);
  });
}
