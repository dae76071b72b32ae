/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '#event-store';
import { aDocx, aPdf } from '../../libs/read-store/src/testing/document-samples.js';
import { runOversight } from '../support/programs.js';
import { useDemoWeb } from './support/demo-web.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A manager attaches the minutes that evidence an action through the form; an inspector
 * downloads them from the action's page and gets the very same bytes.
 */
describe('evidence documents in the browser', () => {
  const web = useDemoWeb();

  it('a manager attaches a document through the form (errors first), and an inspector downloads the same bytes', async () => {
    const plan = await web.plan('2024');
    const [target] = (await web.api(`/plans/${plan.id}/state?pageSize=1`)).body.actions as { id: string }[];
    const actionPath = `/actions/${target!.id}`;
    const pdf = aPdf(300 * 1024);
    const fileName = 'DLT minutes – March 2024.pdf';

    const managerContext = await web.browser.newContext();
    const manager = await web.signIn(managerContext, 'manager', actionPath);
    await manager.getByRole('link', { name: 'Attach a document' }).click();
    await manager.waitForURL(`**${actionPath}/evidence/documents/new`);
    await expect(manager.locator('h1').innerText()).resolves.toBe('Attach a document');
    await web.expectAccessible(manager, 'attach-document-empty');

    // Sent with nothing filled in: every missing field is named at the top and beside it; nothing written.
    const before = (await web.api(`${actionPath}/timeline`)).body.entries.length as number;
    expect(before).toBeGreaterThan(0);
    await manager.getByRole('button', { name: 'Attach the document' }).click();
    await manager.waitForSelector('.govuk-error-summary');
    await expect(manager.title()).resolves.toMatch(/^Error: Attach a document/);
    const summary = await manager.locator('.govuk-error-summary__list a').allInnerTexts();
    expect(summary[0]).toBe('Choose the document to attach');
    expect(summary.length).toBe(3); // the file, what it is, and its date
    await web.expectAccessible(manager, 'attach-document-errors');

    // A page of HTML named as a PDF is refused by what its bytes are; what was typed is kept.
    await manager.fill('#title', 'DLT minutes, March 2024');
    await manager.selectOption('#kind', 'minutes');
    await manager.fill('#date-day', '27');
    await manager.fill('#date-month', '3');
    await manager.fill('#date-year', '2024');
    await manager.setInputFiles('#file', {
      name: 'minutes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<!doctype html><script>alert(1)</script>'),
    });
    await manager.getByRole('button', { name: 'Attach the document' }).click();
    await manager.waitForSelector('.govuk-error-summary');
    await expect(manager.locator('.govuk-error-summary__list').innerText()).resolves.toContain(
      'The document must be a PDF, Word (.docx)',
    );
    await expect(manager.locator('#title').inputValue()).resolves.toBe('DLT minutes, March 2024');
    await expect(manager.locator('#date-year').inputValue()).resolves.toBe('2024');
    await web.expectAccessible(manager, 'attach-document-wrong-type');
    expect((await web.api(`${actionPath}/timeline`)).body.entries).toHaveLength(before);

    await manager.setInputFiles('#file', { name: fileName, mimeType: 'application/pdf', buffer: pdf });
    await manager.getByRole('button', { name: 'Attach the document' }).click();
    await manager.waitForURL((url) => url.pathname === actionPath);
    const link = manager.getByRole('link', { name: `DLT minutes, March 2024: ${fileName}` });
    await expect(link.count()).resolves.toBe(1);
    await web.expectAccessible(manager, 'action-with-document');

    // The event written: the document's hash, size, type and name, by the manager.
    const timeline = (await web.api(`${actionPath}/timeline`)).body.entries as {
      type: string;
      data: { document?: unknown };
      actor: { role: string };
    }[];
    const attached = timeline.filter((entry) => entry.type === 'EvidenceAttached' && entry.data.document);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({
      actor: { role: 'manager' },
      data: {
        title: 'DLT minutes, March 2024',
        date: '2024-03-27',
        document: { sha256: sha256(pdf), size: pdf.length, mediaType: 'application/pdf', fileName },
      },
    });

    // The inspector sees the document, no upload link, and downloads exactly what was attached.
    const inspectorContext = await web.browser.newContext();
    const inspector = await web.signIn(inspectorContext, 'inspector', actionPath);
    await expect(inspector.getByRole('link', { name: 'Attach a document' }).count()).resolves.toBe(0);
    const [download] = await Promise.all([
      inspector.waitForEvent('download'),
      inspector.getByRole('link', { name: `DLT minutes, March 2024: ${fileName}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(fileName);
    const downloaded = readFileSync((await download.path())!);
    expect(sha256(downloaded)).toBe(sha256(pdf));
    expect(downloaded.length).toBe(pdf.length);

    await managerContext.close();
    await inspectorContext.close();
  });

  it('a stored document changed behind the service is refused to the inspector by name, and oversight verify names it', async () => {
    const plan = await web.plan('2018');
    const [target] = (await web.api(`/plans/${plan.id}/state?pageSize=1`)).body.actions as { id: string }[];
    const actionPath = `/actions/${target!.id}`;
    const docx = aDocx(20_000);
    const fileName = 'Audit report 2018.docx';

    // Attached by a manager's script, as the API takes it.
    const revision = (await web.api(actionPath)).headers.get('etag')!;
    const form = new FormData();
    form.set('title', 'Independent audit report');
    form.set('kind', 'audit-result');
    form.set('date', '2018-11-30');
    form.set('file', new Blob([new Uint8Array(docx)]), fileName);
    const attached = await fetch(`${web.baseUrl}${actionPath}/evidence/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${web.keys.manager}`, 'If-Match': revision },
      body: form,
    });
    expect(attached.status).toBe(201);
    const { position } = (await attached.json()) as { position: number };
    await web.api(`${actionPath}?waitFor=${position}`);

    // Someone with the database's owner rights changes a byte around the triggers, while the service is stopped
    // (inverted, so that it changes whatever it was: the document's bytes are random).
    let verify = { code: null as number | null, stdout: '' };
    await web.restartAround(async (env) => {
      const embedded = await startEmbeddedPostgres(join(env.DATA_DIR!, 'pglite'));
      const client = new pg.Client({ connectionString: embedded.url });
      try {
        await client.connect();
        await client.query(`
          BEGIN;
          ALTER TABLE oversight_document_chunks DISABLE TRIGGER USER;
          UPDATE oversight_document_chunks SET bytes = set_byte(bytes, 199, get_byte(bytes, 199) # 255)
            WHERE content_id = (SELECT content_id FROM oversight_documents WHERE sha256 = '${sha256(docx)}');
          ALTER TABLE oversight_document_chunks ENABLE TRIGGER USER;
          COMMIT;`);
      } finally {
        await client.end();
        await embedded.stop();
      }
      verify = await runOversight(['verify'], env);
    });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`DOCUMENT BROKEN: "${fileName}" (SHA-256 ${sha256(docx)})`);

    const context = await web.browser.newContext();
    const inspector = await web.signIn(context, 'inspector', actionPath);
    await inspector.getByRole('link', { name: `Independent audit report: ${fileName}` }).click();
    await inspector.waitForSelector('h1');
    await expect(inspector.locator('h1').innerText()).resolves.toBe('This document cannot be given out');
    await expect(inspector.locator('main').innerText()).resolves.toContain(
      `The stored document "${fileName}" (SHA-256 ${sha256(docx)}) no longer matches its SHA-256`,
    );
    await web.expectAccessible(inspector, 'document-damaged');
    await context.close();
  });
});
