/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { buildXlsx, sdpPlan, sdpRow, SDP_HEADER } from '../../libs/importer/src/testing/workbook.builders.js';
import { fixtureBytes, FIXTURES } from '../../libs/importer/src/write/testing/workbook-versions.js';
import { RESTATED, RESTATING_PLAN_FILE, restatingPlan2019 } from '../../libs/importer/src/testing/restating-plan.js';
import { useDemoWeb, type Role } from './support/demo-web.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface AuditEntry {
  type: string;
  actionId: string | null;
  planId: string | null;
  origin: string;
  data: Record<string, unknown>;
}
interface ChangedLine {
  id: string;
  row: number;
  ref: string | null;
  changes: { field: string; before: string; after: string }[];
}

/**
 * The 2024-25 plan under a name of its own (the demo already holds the real one), as the test
 * edits it: `older` the copy a manager imported last quarter, rows 13 and 63 not yet written and
 * rows 9 and 10 worded otherwise; the fixture itself is the workbook brought up to date since.
 */
async function the2024Plan(edit: (sheet: ExcelJS.Worksheet) => void = () => undefined): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fixtureBytes(FIXTURES.sdp2024) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  sheet.getCell('A1').value = 'Appendix 1: Early Help Development Plan 2024-5';
  edit(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
/** A plan with a column Oversight does not know ("Notes for the board") holding text. */
const boardWorkbook = (note: string) =>
  buildXlsx([
    sdpPlan(
      [[...sdpRow({ why: 'Ofsted 2020: plans', who: 'HoS', what: 'Audit written plans', rag: 'Green' }), note]],
      [...SDP_HEADER, 'Notes for the board'],
    ),
  ]);
const OLDER_DESCRIPTION = 'Kinship care strategy to be updated.';
const OLDER_MEASURE = 'Young carer offer agreed.';
const older = () =>
  the2024Plan((sheet) => {
    for (const row of [13, 63]) for (const column of 'ABCDEFGH') sheet.getCell(`${column}${row}`).value = null;
    sheet.getCell('C9').value = OLDER_DESCRIPTION;
    sheet.getCell('E10').value = OLDER_MEASURE;
  });

/**
 * Managers import a workbook in the browser (issue 16): the API's dry run shown as a preview
 * before anything is written, Confirm applying exactly that, Cancel nothing. The journey runs in
 * Chromium with axe; the edges are sent as a browser sends them, over HTTP with a session cookie.
 */
describe('the web interface: importing a workbook', () => {
  const web = useDemoWeb();
  const { expectAccessible } = web;

  /** The API's POST /imports, as a script sends it. */
  async function apiImport(bytes: Buffer, name: string, query = '', role: Role = 'manager') {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), name);
    const answer = await fetch(`${web.baseUrl}/imports${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${web.keys[role]}` },
      body: form,
    });
    return { status: answer.status, body: await answer.json() };
  }

  /** Every event the audit log holds recorded since a moment (the read model the pages read). */
  async function writtenSince(from: string): Promise<AuditEntry[]> {
    return (await web.api(`/audit-log?from=${encodeURIComponent(from)}&limit=1000`, {}, 'auditor')).body.entries;
  }

  /** A signed-in session over HTTP: its cookie, its CSRF token, and the moves a browser makes. */
  async function session(role: Role) {
    const signIn = await fetch(`${web.baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ apiKey: web.keys[role] }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (path: string) => {
      const answer = await fetch(`${web.baseUrl}${path}`, {
        headers: { Cookie: cookie, Accept: 'text/html' },
        redirect: 'manual',
      });
      return { status: answer.status, location: answer.headers.get('location'), html: await answer.text() };
    };
    const plans = await get('/plans');
    const csrf = /name="_csrf" value="([^"]*)"/.exec(plans.html)![1]!;
    return {
      csrf,
      get,
      async upload(bytes: Buffer, name: string, token: string | null = csrf, headers: Record<string, string> = {}) {
        const form = new FormData();
        form.set('file', new Blob([new Uint8Array(bytes)]), name);
        const answer = await fetch(
          `${web.baseUrl}/imports/uploads${token ? `?_csrf=${encodeURIComponent(token)}` : ''}`,
          {
            method: 'POST',
            redirect: 'manual',
            headers: { Cookie: cookie, Accept: 'text/html', ...headers },
            body: form,
          },
        );
        return { status: answer.status, location: answer.headers.get('location'), html: await answer.text() };
      },
      async post(path: string, fields: Record<string, string>) {
        const answer = await fetch(`${web.baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Cookie: cookie, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, ...fields }),
        });
        return { status: answer.status, location: answer.headers.get('location'), html: await answer.text() };
      },
      /** The upload's page once its dry run has finished (the progress page until then). */
      async settled(path: string) {
        for (const until = Date.now() + 30_000; ;) {
          const page = await get(path);
          if (!page.html.includes('Reading the workbook') || Date.now() > until) return page;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      },
    };
  }

  /** A table's body rows, each as its cells' texts. */
  const tableRows = (page: Page, id: string): Promise<string[][]> =>
    page
      .locator(`#${id} tbody tr`)
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td, th')].map((cell) => (cell as HTMLElement).innerText.trim())),
      );

  let newer: Buffer;
  beforeAll(async () => {
    newer = await the2024Plan();
    const last = await apiImport(await older(), 'early-help-plan-2024-25.xlsx');
    expect(last).toMatchObject({ status: 201, body: { outcome: 'appended', summary: { plan: { new: true } } } });
  });

  it('the 2024-25 plan over an older copy: the preview shows exactly the rows that will change, and Confirm appends exactly those events', async () => {
    // What the API's dry run plans, to hold the page and the store to.
    const dry = (await apiImport(newer, 'early-help-plan-2024-25.xlsx', '?dryRun=true')).body;
    const planned = dry.summary;
    expect(planned.plan.new).toBe(false);
    expect(planned.actions.new.map((line: { row: number }) => line.row)).toEqual([13, 63]);
    expect(planned.actions.changed.map((line: ChangedLine) => line.row)).toEqual([9, 10]);

    const context = await web.browser.newContext();
    const page = await web.signIn(context, 'manager', '/plans');
    await page.getByRole('link', { name: 'import a workbook' }).click();
    await page.waitForURL('**/imports/new');
    await expectAccessible(page, 'import-upload-empty');

    // No file: the error summary, nothing kept.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Select a workbook to import');
    await expectAccessible(page, 'import-upload-no-file');

    // A workbook with errors: each at its file and sheet, on the upload page again.
    await page.setInputFiles('#file', {
      name: 'words.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('just,some\nwords,here\n'),
    });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await page.locator('#workbook-errors').waitFor({ timeout: 30_000 });
    await expect(page.locator('#workbook-errors tbody td').first().innerText()).resolves.toBe('words.csv');
    await expectAccessible(page, 'import-upload-workbook-errors');

    // A column it cannot map: the choice of field for it; Cancel discards the upload.
    await page.setInputFiles('#file', {
      name: 'board.xlsx',
      mimeType: XLSX,
      buffer: await boardWorkbook('May: audit.'),
    });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await page.getByRole('heading', { name: 'Columns it could not map' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'import-preview-column-choices');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cancel' }).click()]);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'Nothing was imported: board.xlsx was discarded',
    );

    await page.setInputFiles('#file', { name: 'early-help-plan-2024-25.xlsx', mimeType: XLSX, buffer: newer });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await page.getByRole('heading', { name: 'Check the import before it is written' }).waitFor({ timeout: 30_000 });
    const previewUrl = page.url();

    // Exactly the rows that will change: the two rows the older copy lacked, and each reworded field before and after.
    expect((await tableRows(page, 'actions-to-create')).map((cells) => Number(cells[0]))).toEqual([13, 63]);
    expect(await tableRows(page, 'actions-to-change')).toEqual(
      planned.actions.changed.flatMap((line: ChangedLine) =>
        line.changes.map((change) => [
          String(line.row),
          line.ref ?? '–',
          expect.any(String),
          change.before || '–',
          change.after || '–',
        ]),
      ),
    );
    const changedRows = await tableRows(page, 'actions-to-change');
    expect(changedRows).toContainEqual([
      '9',
      '–',
      'What it does',
      OLDER_DESCRIPTION,
      expect.stringContaining('kinship care strategy'),
    ]);
    expect(changedRows).toContainEqual(['10', '–', 'How we will know', OLDER_MEASURE, 'Young carer offer on website.']);
    await expect(page.locator('#actions-unchanged').innerText()).resolves.toBe(
      `Actions unchanged: ${planned.actions.unchanged}.`,
    );
    await expectAccessible(page, 'import-preview');

    // Confirm: exactly the events the dry run planned, at the rows it named; a second Confirm appends nothing.
    const confirmFields = await page.evaluate(() =>
      Object.fromEntries(new FormData(document.querySelector('form[action$="/confirm"]') as HTMLFormElement) as never),
    );
    const from = new Date().toISOString();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm and import' }).click()]);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      `Imported early-help-plan-2024-25.xlsx: ${planned.events} changes recorded`,
    );
    await expect(page.getByRole('link', { name: 'View the plan' }).getAttribute('href')).resolves.toBe(
      `/plans/${planned.plan.id}`,
    );
    await expectAccessible(page, 'import-result');
    const appended = await writtenSince(from);
    expect(appended).toHaveLength(planned.events);
    const plannedActions = [...planned.actions.new, ...planned.actions.changed].map((line: { id: string }) => line.id);
    expect(new Set(appended.flatMap((entry) => (entry.actionId ? [entry.actionId] : [])))).toEqual(
      new Set(plannedActions),
    );
    expect(appended.every((entry) => entry.origin.startsWith('import:early-help-plan-2024-25.xlsx#'))).toBe(true);
    const amended = appended.filter((entry) => entry.type === 'ActionAmended');
    expect(amended.flatMap((entry) => entry.data.changes as unknown[])).toEqual(
      planned.actions.changed.flatMap((line: ChangedLine) =>
        line.changes.map((change) => expect.objectContaining({ field: change.field, to: change.after })),
      ),
    );

    const again = await page.evaluate(
      async ({ url, fields }) => {
        const answer = await fetch(`${url}/confirm`, { method: 'POST', body: new URLSearchParams(fields) });
        return new URL(answer.url).pathname;
      },
      { url: previewUrl, fields: confirmFields },
    );
    expect(again).toBe(new URL(previewUrl).pathname);
    expect(await writtenSince(from)).toHaveLength(planned.events);
    await context.close();
  });

  it('when the plan changed after the preview so that the import would write something else, Confirm writes nothing and previews again', async () => {
    const manager = await session('manager');
    const sent = await manager.upload(
      await the2024Plan((sheet) => (sheet.getCell('C9').value = 'Moved words')),
      'moved.xlsx',
    );
    const preview = await manager.settled(sent.location!);
    const fields = (html: string) => ({
      idempotencyKey: /name="idempotencyKey" value="([^"]*)"/.exec(html)![1]!,
      digest: /name="digest" value="([^"]*)"/.exec(html)![1]!,
    });
    // Meanwhile a script rewords row 10 through the API: the workbook would now also put it back.
    const meanwhile = await apiImport(
      await the2024Plan((sheet) => (sheet.getCell('E10').value = 'Reworded meanwhile')),
      'script.xlsx',
    );
    expect(meanwhile.body.outcome).toBe('appended');
    const from = new Date().toISOString();
    const refused = await manager.post(`${sent.location}/confirm`, fields(preview.html));
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('The plan changed after your preview');
    expect(refused.html).toContain('Reworded meanwhile');
    expect(await writtenSince(from)).toEqual([]);
    // Confirmed again on the new preview, it is written.
    const confirmed = await manager.post(`${sent.location}/confirm`, fields(refused.html));
    expect(confirmed).toMatchObject({ status: 303, location: sent.location });
    const written = await writtenSince(from);
    expect(written.filter((entry) => entry.type === 'ActionAmended').map((entry) => entry.data.changes)).toEqual([
      [expect.objectContaining({ field: 'description', to: 'Moved words' })],
      [expect.objectContaining({ field: 'successMeasure', from: 'Reworded meanwhile' })],
    ]);
  });

  it('Cancel writes nothing and discards the upload', async () => {
    const manager = await session('manager');
    const from = new Date().toISOString();
    const sent = await manager.upload(
      await the2024Plan((sheet) => (sheet.getCell('C9').value = 'Cancelled words')),
      'plan.xlsx',
    );
    expect(sent.status).toBe(303);
    const preview = await manager.settled(sent.location!);
    expect(preview.html).toContain('Cancelled words');
    const cancelled = await manager.post(`${sent.location}/cancel`, {});
    expect(cancelled).toMatchObject({ status: 303, location: '/imports/new' });
    expect((await manager.get('/imports/new')).html).toContain('Nothing was imported: plan.xlsx was discarded');
    expect((await manager.get(sent.location!)).status).toBe(404);
    expect((await manager.post(`${sent.location}/confirm`, {})).status).toBe(404);
    expect(await writtenSince(from)).toEqual([]);
  });

  it('a multipart POST without the session CSRF token is refused (403) and writes nothing; the header carries it too', async () => {
    const manager = await session('manager');
    const from = new Date().toISOString();
    const bytes = await the2024Plan((sheet) => (sheet.getCell('C9').value = 'Forged words'));
    expect((await manager.upload(bytes, 'forged.xlsx', null)).status).toBe(403);
    expect((await manager.upload(bytes, 'forged.xlsx', 'not-the-token')).status).toBe(403);
    expect((await manager.upload(bytes, 'forged.xlsx', null, { 'X-CSRF-Token': 'not-the-token' })).status).toBe(403);
    const byHeader = await manager.upload(bytes, 'header.xlsx', null, { 'X-CSRF-Token': manager.csrf });
    expect(byHeader.status).toBe(303);
    await manager.settled(byHeader.location!);
    await manager.post(`${byHeader.location}/cancel`, {});
    expect(await writtenSince(from)).toEqual([]);
  });

  it('an inspector never sees the link, and is refused the page and the upload (403)', async () => {
    const inspector = await session('inspector');
    expect((await inspector.get('/plans')).html).not.toContain('/imports/new');
    expect((await inspector.get('/imports/new')).status).toBe(403);
    const from = new Date().toISOString();
    expect((await inspector.upload(newer, 'plan.xlsx')).status).toBe(403);
    expect(await writtenSince(from)).toEqual([]);
  });

  it('refuses the wrong type, too large a file and a workbook with errors on the upload page, naming the file, sheet, row and column', async () => {
    const manager = await session('manager');
    const from = new Date().toISOString();
    const wrongType = await manager.upload(Buffer.from('minutes'), 'minutes.txt');
    expect(wrongType.status).toBe(400);
    expect(wrongType.html).toContain('The selected file must be an .xlsx or .csv workbook');

    const tooLarge = await manager.upload(Buffer.alloc(20 * 1024 * 1024 + 1, 0x41), 'huge.csv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.html).toContain('The selected file must be smaller than 20 MB');
    expect(tooLarge.html).toContain('href="#file"');

    const notAWorkbook = await manager.upload(Buffer.from('PK\u0003\u0004 not really a zip'), 'broken.xlsx');
    const refused = await manager.settled(notAWorkbook.location!);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('What stops the workbook being imported');
    expect(refused.html).toMatch(/<td class="govuk-table__cell">broken\.xlsx<\/td>/);

    const noHeader = await manager.upload(Buffer.from('just,some\nwords,here\n'), 'words.csv');
    const noHeaderPage = await manager.settled(noHeader.location!);
    expect(noHeaderPage.status).toBe(400);
    expect(noHeaderPage.html).toMatch(/<td class="govuk-table__cell">words\.csv<\/td>/);
    expect(await writtenSince(from)).toEqual([]);
  });

  it('asks what an unknown column holds, and remembers the choice for the next workbook laid out the same way', async () => {
    const manager = await session('manager');
    const workbook = boardWorkbook;
    const first = await manager.settled(
      (await manager.upload(await workbook('May: first audit done.'), 'board.xlsx')).location!,
    );
    expect(first.html).toContain('Columns it could not map');
    expect(first.html).not.toContain('Confirm and import');
    const path = /action="(\/imports\/uploads\/[^"/]+)\/columns"/.exec(first.html)![1]!;
    const unchosen = await manager.post(`${path}/columns`, {});
    expect(unchosen.status).toBe(400);
    expect(unchosen.html).toContain('Choose what column');
    const chosen = await manager.post(`${path}/columns`, { 'column-0': 'comments' });
    expect(chosen.status).toBe(303);
    const previewed = await manager.settled(path);
    expect(previewed.html).toContain('Comments on progress (your choice)');
    expect(previewed.html).toContain('Confirm and import');
    await manager.post(`${path}/cancel`, {});

    // Next quarter's copy of the same layout: the choice is made already.
    const next = await manager.settled(
      (await manager.upload(await workbook('June: second audit.'), 'board-q2.xlsx')).location!,
    );
    expect(next.html).toContain('Comments on progress (your choice)');
    expect(next.html).toContain('Confirm and import');
  });

  it('shows each recommendation it recognised with a choice to keep it apart; kept apart, it is recorded as a recommendation of its own', async () => {
    // The demo holds the 2018-19 plan, whose July 2016 Ofsted recommendations this later plan restates.
    const context = await web.browser.newContext();
    const page = await web.signIn(context, 'manager', '/imports/new');
    await page.setInputFiles('#file', { name: RESTATING_PLAN_FILE, mimeType: XLSX, buffer: await restatingPlan2019() });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await page.getByRole('heading', { name: 'Recommendations it recognised' }).waitFor({ timeout: 30_000 });
    const boxes = page.locator('#recommendations-recognised ~ form .govuk-checkboxes__input');
    await expect(boxes.count()).resolves.toBe(4);
    await expect(
      boxes.evaluateAll((inputs) => inputs.some((input) => (input as HTMLInputElement).checked)),
    ).resolves.toBe(false);
    await expectAccessible(page, 'import-preview-recognised');
    const newRecommendations = async () =>
      Number(/^(\d+)/.exec(await page.locator('#counts dd').nth(5).innerText())![1]);
    const before = await newRecommendations();

    // Recommendation 3 was recognised by its words alone: the manager keeps it apart.
    await page.getByLabel(`Keep apart: “${RESTATED.r3}”`).check();
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Preview again with these choices' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Recommendations it recognised' }).waitFor({ timeout: 30_000 });
    await expect(page.getByLabel(`Keep apart: “${RESTATED.r3}”`).isChecked()).resolves.toBe(true);
    await expect(newRecommendations()).resolves.toBe(before + 1);
    await expectAccessible(page, 'import-preview-kept-apart');

    const from = new Date().toISOString();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm and import' }).click()]);
    const recorded = (await writtenSince(from)).filter((entry) => entry.type === 'RecommendationRecorded');
    expect(recorded.map((entry) => entry.data.text)).toContain(RESTATED.r3);
    expect(recorded.map((entry) => entry.data.text)).not.toContain(RESTATED.r1);
    await context.close();
  });
});
