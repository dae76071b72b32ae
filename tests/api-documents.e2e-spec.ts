import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aDoc, aDocx, aJpeg, anXls, anXlsx, aPdf, aPng } from '../libs/read-store/src/testing/document-samples.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import {
  actionEvents,
  createAction,
  expectNothingAppended,
  expectProblem,
  type WrittenAction,
} from './support/api-builders.js';
import { runOversight } from './support/programs.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MB = 1024 * 1024;

/** The document store's rows, read as the database owner. */
async function storedDocuments(api: ApiUnderTest): Promise<{ documents: number; chunks: number }> {
  const [row] = (await api.oversight.readDatabase.query(
    `SELECT (SELECT count(*) FROM oversight_documents)::int AS documents,
            (SELECT count(*) FROM oversight_document_chunks)::int AS chunks`,
  )) as [{ documents: number; chunks: number }];
  return row;
}

/** Runs `act` and checks it kept no document and appended no event. */
async function expectNothingKept<T>(api: ApiUnderTest, act: () => PromiseLike<T>): Promise<T> {
  const before = await storedDocuments(api);
  const result = await expectNothingAppended(api, act);
  expect(await storedDocuments(api)).toEqual(before);
  return result;
}

const BODY = { title: 'CSMT minutes, May 2024', kind: 'minutes', date: '2024-05-14' };

describe('evidence documents: upload, keep once, download checked, verify', () => {
  let api: ApiUnderTest;
  let action: WrittenAction;

  /** POST /actions/:id/evidence/documents as a manager, at the action's revision, with the document. */
  function upload(
    bytes: Buffer,
    fileName: string,
    fields: Record<string, string> = BODY,
    options: { key?: string; ifMatch?: string | null; contentType?: string } = {},
  ) {
    const test = api.http.post(`/actions/${action.id}/evidence/documents`).set(bearer(options.key ?? api.keys.manager));
    const ifMatch = options.ifMatch === undefined ? `"${action.revision}"` : options.ifMatch;
    if (ifMatch !== null) test.set('If-Match', ifMatch);
    for (const [name, value] of Object.entries(fields)) test.field(name, value);
    return test.attach('file', bytes, {
      filename: fileName,
      contentType: options.contentType ?? 'application/octet-stream',
    });
  }

  async function attached(bytes: Buffer, fileName: string, fields: Record<string, string> = BODY) {
    const response = await upload(bytes, fileName, fields);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 201 });
    action = { ...action, revision: response.body.revision };
    return response;
  }

  const download = (location: string, position: number, key = api.keys.inspector) =>
    api.http
      .get(`${location}?waitFor=${position}`)
      .set(bearer(key))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    api = await startApi();
    // Listening on a port of its own, so raw connections can reach it too (supertest uses it as well).
    const server = api.oversight.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    action = await createAction(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps a PDF, records its SHA-256, size, type and name on EvidenceAttached, and gives the same bytes back to an inspector', async () => {
    const pdf = aPdf(700 * 1024); // three chunks of 256 KB
    const response = await attached(pdf, 'CSMT minutes May 2024.pdf');
    const document = {
      sha256: sha256(pdf),
      size: pdf.length,
      mediaType: 'application/pdf',
      fileName: 'CSMT minutes May 2024.pdf',
    };
    expect(response.body).toMatchObject({ events: ['EvidenceAttached'], document });
    expect(response.headers.etag).toBe(`"${action.revision}"`);
    expect(response.headers.location).toBe(`/actions/${action.id}/evidence/${response.body.evidenceId}/document`);
    const event = (await actionEvents(api, action.id)).at(-1)!;
    expect(event.data).toEqual({
      evidenceId: response.body.evidenceId,
      title: BODY.title,
      kind: 'minutes',
      location: { kind: 'document', reference: document.fileName },
      sha256: document.sha256,
      date: BODY.date,
      document,
    });

    const got = await download(response.headers.location!, response.body.position);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(document.sha256);
    expect(got.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="CSMT minutes May 2024.pdf"; filename*=UTF-8''CSMT%20minutes%20May%202024.pdf`,
    });
  });

  it.each([
    [
      'Training log – März 2024.docx',
      aDocx(40_000),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['audit.xlsx', anXlsx(300_000), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['old minutes.doc', aDoc(10_000), 'application/msword'],
    ['old log.xls', anXls(10_000), 'application/vnd.ms-excel'],
    ['whiteboard.png', aPng(5_000), 'image/png'],
    ['photo 50% (copy); 1.jpg', aJpeg(5_000), 'image/jpeg'],
  ])('keeps %s as the type its bytes show, under a safe download name', async (fileName, bytes, mediaType) => {
    const response = await attached(bytes, fileName);
    expect(response.body.document).toMatchObject({ mediaType, fileName, size: bytes.length });
    const got = await download(response.headers.location!, response.body.position, api.keys.auditor);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    expect(got.headers['content-type']).toBe(mediaType);
    const disposition = got.headers['content-disposition'] as string;
    // The quoted name is plain ASCII with no quote; the exact name travels percent-encoded (RFC 5987).
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x21\x23-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(fileName);
  });

  it('keeps the same document attached twice once, each evidence downloading it under its own name', async () => {
    const png = aPng(300_000);
    const before = await storedDocuments(api);
    const first = await attached(png, 'board.png');
    const second = await attached(png, 'the same board.png', { ...BODY, title: 'Again' });
    expect(await storedDocuments(api)).toEqual({ documents: before.documents + 1, chunks: before.chunks + 2 });
    expect(second.body.document.sha256).toBe(first.body.document.sha256);
    const got = await download(second.headers.location!, second.body.position);
    expect(Buffer.compare(got.body as Buffer, png)).toBe(0);
    expect(got.headers['content-disposition']).toContain('filename="the same board.png"');
  });

  it('appends once for a retry under the same Idempotency-Key, naming the same evidence', async () => {
    const pdf = aPdf(2000);
    const first = await upload(pdf, 'retried.pdf').set('Idempotency-Key', 'upload-retry-1');
    expect(first.status).toBe(201);
    const events = (await actionEvents(api, action.id)).length;
    const retry = await upload(pdf, 'retried.pdf').set('Idempotency-Key', 'upload-retry-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ evidenceId: first.body.evidenceId, revision: first.body.revision });
    expect(await actionEvents(api, action.id)).toHaveLength(events);
    action = { ...action, revision: first.body.revision };
  });

  it('refuses a document whose bytes are none of the kinds kept, whatever its name and declared type, naming them (415)', async () => {
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const response = await expectNothingKept(api, () =>
      upload(html, 'minutes.pdf', BODY, { contentType: 'application/pdf' }),
    );
    expectProblem(response, 415, ['file']);
    expect(response.body.detail).toBe(
      'The document is not one of the kinds kept: PDF, Word (.docx), Word 97-2003 (.doc), Excel (.xlsx), Excel 97-2003 (.xls), PNG image, JPEG image',
    );
  });

  it('refuses a document over 25 MB (413), keeping nothing', async () => {
    const response = await expectNothingKept(api, () => upload(aPdf(25 * MB), 'too big.pdf'));
    expectProblem(response, 413, ['file']);
  });

  it('refuses one over 25 MB sent without a length (chunked) as it passes the limit, keeping nothing', async () => {
    const result = await expectNothingKept(api, () => rawUpload(aPdf(25 * MB + 10), { chunked: true }));
    expect(result.status).toBe(413);
  });

  it('keeps nothing of an upload the client abandons half way, and the store goes on serving', async () => {
    const pdf = aPdf(2 * MB);
    const before = await storedDocuments(api);
    await expectNothingAppended(api, async () => {
      await rawUpload(pdf, {
        stopAfter: MB,
        // On a server the upload's transaction is seen open, holding what it has written so far.
        whileOpen: async () => {
          if (api.kind === 'postgres') await eventually(async () => expect(await openTransactions()).toBe(1));
        },
      });
      // The abandoned upload's transaction is rolled back: on a server none stays open; on the
      // embedded store's one connection, this query could not run at all if it were still open.
      await eventually(async () => expect(await openTransactions()).toBe(0));
    });
    expect(await storedDocuments(api)).toEqual(before);
    // The same document sent whole is kept as new, in all its chunks.
    await attached(pdf, 'sent again.pdf');
    const chunks = Math.ceil(pdf.length / (256 * 1024));
    expect(await storedDocuments(api)).toEqual({ documents: before.documents + 1, chunks: before.chunks + chunks });
  });

  it.each([
    ['no title', { kind: 'minutes', date: '2024-05-14' }, ['title']],
    ['a bad kind and date', { title: 'Minutes', kind: 'rumour', date: '14/05/2024' }, ['kind', 'date']],
    ['an unknown field', { ...BODY, colour: 'red' }, ['colour']],
  ])('refuses a form with %s (400 naming the fields), keeping nothing', async (_what, fields, named) => {
    const response = await expectNothingKept(api, () => upload(aPdf(1000), 'minutes.pdf', fields));
    expectProblem(response, 400, named);
  });

  it('refuses a form without its file, or with two, keeping nothing', async () => {
    const none = await expectNothingKept(api, () =>
      api.http
        .post(`/actions/${action.id}/evidence/documents`)
        .set(bearer(api.keys.manager))
        .set('If-Match', `"${action.revision}"`)
        .field('title', 'Minutes')
        .field('kind', 'minutes')
        .field('date', '2024-05-14'),
    );
    expectProblem(none, 400, ['file']);
    const two = await expectNothingKept(api, () =>
      upload(aPdf(1000), 'a.pdf').attach('file', aPdf(1000), { filename: 'b.pdf' }),
    );
    expectProblem(two, 400, ['file']);
  });

  it('asks for If-Match (428), refuses inspectors and auditors (403) and no key (401), keeping nothing', async () => {
    expectProblem(await expectNothingKept(api, () => upload(aPdf(1000), 'a.pdf', BODY, { ifMatch: null })), 428);
    const inspector = await expectNothingKept(api, () =>
      upload(aPdf(1000), 'a.pdf', BODY, { key: api.keys.inspector }),
    );
    expectProblem(inspector, 403);
    expectProblem(
      await expectNothingKept(api, () => upload(aPdf(1000), 'a.pdf', BODY, { key: api.keys.auditor })),
      403,
    );
    const noKey = await expectNothingKept(api, () =>
      api.http.post(`/actions/${action.id}/evidence/documents`).attach('file', aPdf(1000), { filename: 'a.pdf' }),
    );
    expectProblem(noKey, 401);
    const form = await api.http.get(`/actions/${action.id}/evidence/documents/new`).set(bearer(api.keys.inspector));
    expect(form.status).toBe(403);
  });

  describe('from a signed-in browser session', () => {
    let cookie = '';
    let csrfToken = '';

    beforeAll(async () => {
      const signIn = await api.http.post('/sign-in').type('form').send({ apiKey: api.keys.manager });
      cookie = (signIn.headers['set-cookie'] as unknown as string[]).map((value) => value.split(';')[0]).join('; ');
      const form = await api.http.get(`/actions/${action.id}/evidence/documents/new`).set('Cookie', cookie);
      expect(form.status).toBe(200);
      csrfToken = /_csrf=([^"&]+)/.exec(form.text)![1]!;
    });

    const sessionUpload = (path: string, headers: Record<string, string> = {}) =>
      api.http
        .post(path)
        .set({ Cookie: cookie, Accept: 'application/json', 'If-Match': `"${action.revision}"`, ...headers })
        .field('title', BODY.title)
        .field('kind', BODY.kind)
        .field('date', BODY.date)
        .attach('file', aPdf(2000), { filename: 'forged.pdf' });

    it('refuses a multipart POST without the CSRF token, or with another, writing nothing (403)', async () => {
      const path = `/actions/${action.id}/evidence/documents`;
      expectProblem(await expectNothingKept(api, () => sessionUpload(path)), 403);
      // In the body it does not count: the guard cannot read a multipart body, so a token there proves nothing.
      const inBody = await expectNothingKept(api, () => sessionUpload(path).field('_csrf', csrfToken));
      expectProblem(inBody, 403);
      expectProblem(await expectNothingKept(api, () => sessionUpload(`${path}?_csrf=forged`)), 403);
    });

    it('takes the token from the form address or the X-CSRF-Token header', async () => {
      const path = `/actions/${action.id}/evidence/documents`;
      const byAddress = await sessionUpload(`${path}?_csrf=${encodeURIComponent(csrfToken)}`);
      expect(byAddress.status).toBe(201);
      action = { ...action, revision: byAddress.body.revision };
      const byHeader = await sessionUpload(path, { 'X-CSRF-Token': csrfToken });
      expect(byHeader.status).toBe(201);
      action = { ...action, revision: byHeader.body.revision };
    });
  });

  it('refuses a stored document whose bytes were altered or removed, naming it, and oversight verify names both', async () => {
    const altered = aPdf(600 * 1024);
    const removed = aDocx(1000);
    const alteredAt = await attached(altered, 'Audit report 2024.pdf');
    const removedAt = await attached(removed, 'Training log.docx');
    const untouched = await attached(aPng(100), 'untouched.png');
    // Tampering as the database owner can: around the triggers that refuse it to everyone else.
    // A byte is inverted, not overwritten: the documents are random, and a byte overwritten with
    // the value it already had (one time in 256) changed nothing.
    await api.oversight.readDatabase.query(`
      BEGIN;
      ALTER TABLE oversight_document_chunks DISABLE TRIGGER USER;
      ALTER TABLE oversight_documents DISABLE TRIGGER USER;
      UPDATE oversight_document_chunks SET bytes = set_byte(bytes, 99, get_byte(bytes, 99) # 255)
        WHERE seq = 1 AND content_id = (SELECT content_id FROM oversight_documents WHERE sha256 = '${sha256(altered)}');
      DELETE FROM oversight_document_chunks
        WHERE content_id = (SELECT content_id FROM oversight_documents WHERE sha256 = '${sha256(removed)}');
      DELETE FROM oversight_documents WHERE sha256 = '${sha256(removed)}';
      SET CONSTRAINTS ALL IMMEDIATE;
      ALTER TABLE oversight_document_chunks ENABLE TRIGGER USER;
      ALTER TABLE oversight_documents ENABLE TRIGGER USER;
      COMMIT;`);

    const damaged = await download(alteredAt.headers.location!, alteredAt.body.position);
    expect(damaged.status).toBe(500);
    const problemBody = JSON.parse((damaged.body as Buffer).toString());
    expect(problemBody).toMatchObject({
      code: 'DOCUMENT_DAMAGED',
      fileName: 'Audit report 2024.pdf',
      sha256: sha256(altered),
    });
    expect(problemBody.detail).toContain(
      `"Audit report 2024.pdf" (SHA-256 ${sha256(altered)}) no longer matches its SHA-256`,
    );
    // A browser is told the same on a page, and given none of the bytes.
    const page = await api.http
      .get(`${alteredAt.headers.location!}?waitFor=${alteredAt.body.position}`)
      .set({ ...bearer(api.keys.inspector), Accept: 'text/html' });
    expect(page.status).toBe(500);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('This document cannot be given out');
    expect(page.text).toContain(`Audit report 2024.pdf&quot; (SHA-256 ${sha256(altered)})`);
    const gone = await download(removedAt.headers.location!, removedAt.body.position);
    expect(gone.status).toBe(500);
    expect(JSON.parse((gone.body as Buffer).toString()).detail).toContain('is missing from the document store');
    expect((await download(untouched.headers.location!, untouched.body.position)).status).toBe(200);
    // The triggers are back: not even the service's own connection may change a kept document.
    await expect(api.oversight.readDatabase.query('DELETE FROM oversight_document_chunks')).rejects.toThrow(
      'oversight_document_chunks is written once: DELETE refused',
    );
    await expect(api.oversight.readDatabase.query('TRUNCATE oversight_documents CASCADE')).rejects.toThrow(
      'is written once: TRUNCATE refused',
    );

    await api.stop(); // the embedded store is the service's alone while it runs
    const verify = await runOversight(['verify'], api.env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('OK: all');
    expect(verify.stdout).toContain(
      `DOCUMENT BROKEN: "Audit report 2024.pdf" (SHA-256 ${sha256(altered)}), named by stream action-${action.id} revision ${alteredAt.body.revision}, no longer matches its SHA-256`,
    );
    expect(verify.stdout).toContain(
      `DOCUMENT BROKEN: "Training log.docx" (SHA-256 ${sha256(removed)}), named by stream action-${action.id} revision ${removedAt.body.revision}, is missing from the document store`,
    );
    expect(verify.stdout).not.toContain('untouched.png');
  });

  // ------------------------------------------------------------ helpers on the raw connection

  /** Open transactions on the read database other than this query's (a server's; the embedded store's is one connection). */
  async function openTransactions(): Promise<number> {
    if (api.kind !== 'postgres') {
      await api.oversight.readDatabase.query('SELECT 1');
      return 0;
    }
    const [row] = (await api.oversight.readDatabase.query(
      `SELECT count(*)::int AS open FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
    )) as [{ open: number }];
    return row.open;
  }

  /**
   * A multipart upload over a plain connection: `chunked` sends no Content-Length; `stopAfter`
   * sends that many bytes of the file and then drops the connection, as a browser closed mid-upload does.
   */
  function rawUpload(
    file: Buffer,
    options: { chunked?: boolean; stopAfter?: number; whileOpen?: () => Promise<void> },
  ): Promise<{ status: number | null }> {
    const boundary = 'oversight-test-boundary';
    const fields = Object.entries(BODY)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const head = Buffer.from(
      `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="raw.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const { port } = api.oversight.app.getHttpServer().address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${api.keys.manager}`,
        'If-Match': `"${action.revision}"`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      };
      if (!options.chunked) headers['Content-Length'] = String(head.length + file.length + tail.length);
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/actions/${action.id}/evidence/documents`,
        headers,
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? null }));
      });
      request.on('error', (error) => (options.stopAfter ? resolve({ status: null }) : reject(error)));
      request.write(head);
      if (options.stopAfter) {
        request.write(file.subarray(0, options.stopAfter), () => {
          // Long enough for the service to have written chunks of it inside its transaction.
          setTimeout(() => {
            void (options.whileOpen?.() ?? Promise.resolve()).then(
              () => {
                request.destroy();
                resolve({ status: null });
              },
              (error: unknown) => {
                request.destroy();
                reject(error as Error);
              },
            );
          }, 500);
        });
        return;
      }
      for (let at = 0; at < file.length; at += 64 * 1024) request.write(file.subarray(at, at + 64 * 1024));
      request.end(tail);
    });
  }
});

async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
