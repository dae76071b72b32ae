import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openStores, readStoreBackends, type StoresUnderTest } from '../testing/read-store-backends.js';
import { aPdf, aPng } from '../testing/document-samples.js';
import {
  DOCUMENT_CHUNK_BYTES,
  DocumentDamagedError,
  DocumentStore,
  DocumentTooLargeError,
  UnsupportedDocumentTypeError,
} from './document-store.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Writes `bytes` to a new upload in pieces of `piece` bytes, as a request's body arrives. */
async function put(documents: DocumentStore, bytes: Buffer, piece = 64 * 1024, maxBytes?: number) {
  const upload = await documents.beginUpload(maxBytes);
  try {
    for (let at = 0; at < bytes.length; at += piece) await upload.write(bytes.subarray(at, at + piece));
    return await upload.commit();
  } catch (error) {
    await upload.abort();
    throw error;
  }
}

async function readAll(documents: DocumentStore, hash: string): Promise<Buffer> {
  const opened = await documents.open(hash);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.chunks) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe.each(readStoreBackends())('the document store on %s', (kind) => {
  let stores: StoresUnderTest;
  let documents: DocumentStore;
  const counts = async () =>
    (
      (await stores.readDatabase.query(
        `SELECT (SELECT count(*) FROM oversight_documents)::int AS documents,
                (SELECT count(*) FROM oversight_document_chunks)::int AS chunks`,
      )) as [{ documents: number; chunks: number }]
    )[0];

  beforeAll(async () => {
    stores = await openStores(kind);
    documents = new DocumentStore(stores.readDatabase);
  });
  afterAll(async () => {
    await stores?.dispose();
  });

  it('keeps a document in chunks of 256 KB whatever pieces it arrived in, and gives back the same bytes', async () => {
    const pdf = aPdf(3 * DOCUMENT_CHUNK_BYTES + 5);
    const kept = await put(documents, pdf, 1000);
    expect(kept).toEqual({ sha256: sha256(pdf), size: pdf.length, mediaType: 'application/pdf', alreadyKept: false });
    const [row] = (await stores.readDatabase.query(
      `SELECT array_agg(length(bytes) ORDER BY seq) AS lengths FROM oversight_document_chunks
        WHERE content_id = (SELECT content_id FROM oversight_documents WHERE sha256 = $1)`,
      [kept.sha256],
    )) as [{ lengths: number[] }];
    expect(row.lengths).toEqual([
      DOCUMENT_CHUNK_BYTES,
      DOCUMENT_CHUNK_BYTES,
      DOCUMENT_CHUNK_BYTES,
      pdf.length - 3 * DOCUMENT_CHUNK_BYTES,
    ]);
    expect(Buffer.compare(await readAll(documents, kept.sha256), pdf)).toBe(0);
    expect(await documents.check(kept.sha256)).toBeNull();
  });

  it('keeps the same bytes once, even sent by several uploads at the same time', async () => {
    const png = aPng(DOCUMENT_CHUNK_BYTES);
    const before = await counts();
    const results = await Promise.all([1, 2, 3].map(() => put(documents, png)));
    expect(results.filter((result) => !result.alreadyKept)).toHaveLength(1);
    expect(new Set(results.map((result) => result.sha256))).toEqual(new Set([sha256(png)]));
    expect(await counts()).toEqual({ documents: before.documents + 1, chunks: before.chunks + 2 });
  });

  it('leaves nothing of an upload refused for its size or its type, or abandoned', async () => {
    const before = await counts();
    await expect(put(documents, aPdf(DOCUMENT_CHUNK_BYTES * 2), 64 * 1024, DOCUMENT_CHUNK_BYTES)).rejects.toThrow(
      DocumentTooLargeError,
    );
    await expect(put(documents, Buffer.alloc(DOCUMENT_CHUNK_BYTES * 2, 'x'))).rejects.toThrow(
      UnsupportedDocumentTypeError,
    );
    const abandoned = await documents.beginUpload();
    await abandoned.write(aPdf(DOCUMENT_CHUNK_BYTES * 2));
    await abandoned.abort();
    expect(await counts()).toEqual(before);
  });

  it('refuses an UPDATE, DELETE or TRUNCATE of a kept document', async () => {
    for (const statement of [
      `UPDATE oversight_documents SET media_type = 'text/html'`,
      `UPDATE oversight_document_chunks SET bytes = '\\x00'`,
      'DELETE FROM oversight_document_chunks',
      'DELETE FROM oversight_documents',
      'TRUNCATE oversight_document_chunks',
    ])
      await expect(stores.readDatabase.query(statement)).rejects.toThrow(
        /is written once: (UPDATE|DELETE|TRUNCATE) refused/,
      );
  });

  it('names what is wrong with a document whose bytes were changed around the triggers, and refuses to open it', async () => {
    const pdf = aPdf(DOCUMENT_CHUNK_BYTES + 100);
    const kept = await put(documents, pdf);
    await stores.readDatabase.query(`
      BEGIN;
      ALTER TABLE oversight_document_chunks DISABLE TRIGGER USER;
      UPDATE oversight_document_chunks SET bytes = substring(bytes FROM 2)
        WHERE seq = 1 AND content_id = (SELECT content_id FROM oversight_documents WHERE sha256 = '${kept.sha256}');
      ALTER TABLE oversight_document_chunks ENABLE TRIGGER USER;
      COMMIT;`);
    expect(await documents.check(kept.sha256)).toMatch(
      /^no longer matches its SHA-256: its bytes hash to [0-9a-f]{64} \(\d+ bytes\)$/,
    );
    await expect(documents.open(kept.sha256)).rejects.toThrow(DocumentDamagedError);
    expect(await documents.check('0'.repeat(64))).toBe('is missing from the document store');
  });
});
