/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { CalendarDays } from '#domain';
import { EVENT_TYPE_WORDS } from '../../apps/api/src/web/event-descriptions.js';
import { screenshot } from './support/browser.js';
import { useDemoWeb, type Role } from './support/demo-web.js';
import { csvRecords } from '../support/csv.js';

interface Entry {
  position: number;
  type: string;
  recordedAt: string;
  data: Record<string, any>;
  actor: { id: string; name: string; role: string };
  planId: string | null;
  actionId: string | null;
}

/** A row as the page shows it: its entry number, the moment in its <time>, what happened in words. */
interface ShownRow {
  position: number;
  recordedAt: string;
  what: string;
}

/** What the page should say happened, from the API's entry: the type in words (evidence by its title). */
const whatOf = (entry: Entry): string =>
  entry.type === 'EvidenceAttached'
    ? `Evidence: ${entry.data.title}`
    : (EVENT_TYPE_WORDS as Record<string, string>)[entry.type]!;
const expectedRows = (entries: Entry[]): ShownRow[] =>
  entries.map((entry) => ({ position: entry.position, recordedAt: entry.recordedAt, what: whatOf(entry) }));

/**
 * The audit log in a real browser (Debian's Chromium), on the embedded store with its demo plans:
 * an auditor reaches it by keyboard, filters it, pages it, downloads it, and follows an entry to
 * the plan as it stood just after; managers and inspectors are refused it. Every state is checked
 * by axe at WCAG 2.2 AA and screenshotted.
 */
describe('the web interface: the audit log, for auditors and admins', () => {
  const web = useDemoWeb();
  const { signIn, tabTo, expectAccessible } = web;
  /** The comment a manager writes before the journeys: an entry by someone other than the demo import. */
  let comment: { text: string; actionId: string; planId: string; position: number };
  const api = (path: string, init: RequestInit = {}, role: Role = 'auditor') => web.api(path, init, role);
  const log = async (query: string) =>
    (await api(`/audit-log?${query}`)).body as { entries: Entry[]; nextAfter: number | null };

  beforeAll(async () => {
    const plan = await web.plan('2024');
    const [action] = (await api(`/plans/${plan.id}/state?pageSize=1&sort=ref`)).body.actions;
    const etag = (await api(`/actions/${action.id}`)).headers.get('etag')!;
    const text = `Checked by the audit spec at ${new Date().toISOString()}`;
    const written = await api(
      `/actions/${action.id}/comments`,
      { method: 'POST', headers: { 'If-Match': etag }, body: JSON.stringify({ text }) },
      'manager',
    );
    expect(written.status).toBe(201);
    comment = { text, actionId: action.id, planId: plan.id, position: written.body.position };
    await api(`/audit-log?limit=1&waitFor=${comment.position}`);
  });

  /** The rows the page shows, as ShownRow. */
  const shownRows = (page: Page): Promise<ShownRow[]> =>
    page.locator('table.oversight-audit-log tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        position: Number((row.querySelector('td') as HTMLElement).innerText.trim()),
        recordedAt: row.querySelector('time')!.getAttribute('datetime')!,
        what: (row.querySelector('.oversight-what') as HTMLElement).innerText.trim(),
      })),
    );

  it('an auditor reaches it by keyboard from the navigation, filters by who (kept on reload), and sees the entries the API answers, page by page', async () => {
    // The actor with the most entries in the demo data, as the API names them.
    const everything = await log('limit=1000');
    const counts = new Map<string, number>();
    for (const entry of everything.entries) counts.set(entry.actor.name, (counts.get(entry.actor.name) ?? 0) + 1);
    const [actor] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(counts.size).toBeGreaterThan(1); // the manager's comment is by someone else, so the filter has something to leave out

    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor');
    await tabTo(page, (element) => element.tag === 'A' && element.text === 'Audit log');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/audit-log');
    await expect(page.locator('h1').innerText()).resolves.toBe('Audit log');
    await expect(page.title()).resolves.toBe('Audit log - Oversight');
    expect(await shownRows(page)).toEqual(expectedRows((await log('')).entries));
    await expectAccessible(page, 'audit-log');

    await tabTo(page, (element) => element.id === 'actor');
    await page.keyboard.type(actor);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('actor') === actor);
    expect(new URL(page.url()).search).not.toMatch(/(actionId|planId|from|to)=/); // the empty fields are left out of the address
    await page.reload();
    await expect(page.locator('#actor').inputValue()).resolves.toBe(actor);
    const first = await log(`actor=${encodeURIComponent(actor)}`);
    expect(first.nextAfter).not.toBeNull();
    expect(await shownRows(page)).toEqual(expectedRows(first.entries));
    expect((await page.locator('table.oversight-audit-log tbody').innerText()).includes(comment.text)).toBe(false);
    await expect(page.locator('#shown').innerText()).resolves.toBe(
      `Showing ${first.entries.length} entries, oldest first. There are more on the next page.`,
    );
    await expectAccessible(page, 'audit-log-filtered');

    await page.getByRole('link', { name: /Next page/ }).click();
    await page.waitForURL((url) => url.searchParams.get('after') === String(first.nextAfter));
    expect(new URL(page.url()).searchParams.get('actor')).toBe(actor);
    const second = await log(`actor=${encodeURIComponent(actor)}&after=${first.nextAfter}`);
    expect(await shownRows(page)).toEqual(expectedRows(second.entries));
    expect(second.entries[0]!.position).toBeGreaterThan(first.entries.at(-1)!.position);
    await expectAccessible(page, 'audit-log-page-2');

    await page.getByRole('link', { name: /First page/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('after') && url.searchParams.get('actor') === actor);
    expect(await shownRows(page)).toEqual(expectedRows(first.entries));
    await context.close();
    // Three checks by axe of a hundred-row table take most of this on a busy machine.
  }, 240_000);

  it('the CSV download holds exactly the entries shown, with the same filters', async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor', '/audit-log');
    // Who imported the demo plans, as the API names them.
    const actor = (await log(`actionId=${comment.actionId}&type=ActionCreated`)).entries[0]!.actor.name;
    await page.fill('#actor', actor);
    await page.getByLabel('Plan opened').check();
    await page.getByLabel('Retained for oversight').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.getAll('type').length === 2);
    const filtered = await log(`actor=${encodeURIComponent(actor)}&type=PlanOpened&type=RetainedForOversight`);
    expect(filtered.nextAfter).toBeNull(); // it fits on one page
    const shown = await shownRows(page);
    expect(shown).toEqual(expectedRows(filtered.entries));
    expect(new Set(shown.map((row) => row.what))).toEqual(new Set(['Plan opened', 'Retained for oversight']));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('audit-log.csv');
    const [header, ...records] = csvRecords(readFileSync((await download.path())!, 'utf8'));
    const column = (name: string) => header!.indexOf(name);
    const fromCsv = records.map((record) => ({
      position: Number(record[column('position')]),
      recordedAt: record[column('recordedAt')]!,
      type: record[column('type')]!,
      actor: record[column('actorName')]!,
    }));
    expect(fromCsv).toHaveLength(shown.length);
    expect(
      fromCsv.map(({ position, recordedAt, type }) => ({
        position,
        recordedAt,
        what: (EVENT_TYPE_WORDS as Record<string, string>)[type],
      })),
    ).toEqual(shown);
    expect(new Set(fromCsv.map((row) => row.actor))).toEqual(new Set([actor]));

    // The same file through the session, as a script in the page would fetch it.
    const fetched = await page.request.get(
      `${web.baseUrl}${await page.getByRole('link', { name: /Download CSV/ }).getAttribute('href')}`,
    );
    expect(fetched.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(
      csvRecords(await fetched.text())
        .slice(1)
        .map((record) => Number(record[column('position')])),
    ).toEqual(shown.map((row) => row.position));
    await context.close();
  });

  it("an entry's link opens the plan as it stood just after it, the entry included, under the past banner", async () => {
    const entry = (await log(`actionId=${comment.actionId}&type=CommentAdded`)).entries.find(
      (candidate) => candidate.position === comment.position,
    );
    expect(entry).toMatchObject({ planId: comment.planId, data: { text: comment.text }, actor: { role: 'manager' } });
    // asAt at the entry's own moment holds the entry; a millisecond before, it does not.
    const lastCommentAt = async (asAt: string) =>
      (
        (await api(`/plans/${comment.planId}/state?pageSize=500&asAt=${encodeURIComponent(asAt)}`)).body.actions as {
          id: string;
          lastComment: { text: string } | null;
        }[]
      ).find((action) => action.id === comment.actionId)!.lastComment?.text;
    expect(await lastCommentAt(entry!.recordedAt)).toBe(comment.text);
    expect(await lastCommentAt(new Date(Date.parse(entry!.recordedAt) - 1).toISOString())).not.toBe(comment.text);

    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor', `/audit-log?actionId=${comment.actionId}`);
    const row = page.locator('table.oversight-audit-log tbody tr', { hasText: comment.text });
    await row.getByRole('link', { name: /The plan as it stood just after/ }).click();
    await page.waitForURL(
      (url) => url.pathname === `/plans/${comment.planId}` && url.searchParams.get('asAt') === entry!.recordedAt,
    );
    // The banner names the moment to the second, in London (TIME_ZONE's default) with its zone's
    // name: the plan just after the entry, not at the end of its day.
    const recordedInLondon = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZone: 'Europe/London',
      timeZoneName: 'short',
    }).format(new Date(entry!.recordedAt));
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      `as the system showed it on ${Number(new CalendarDays('Europe/London').dayOf(entry!.recordedAt).slice(8, 10))} `,
    );
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(`at ${recordedInLondon}`);
    await expect(page.getByText(comment.text).count()).resolves.toBe(1);
    await expectAccessible(page, 'audit-log-plan-just-after');
    await context.close();
  });

  it("from an action's page, the audit log opens with the action's id filled in and its entries only", async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor', `/actions/${comment.actionId}`);
    await page.getByRole('link', { name: "This action's entries in the audit log" }).click();
    await page.waitForURL(
      (url) => url.pathname === '/audit-log' && url.searchParams.get('actionId') === comment.actionId,
    );
    await expect(page.locator('#actionId').inputValue()).resolves.toBe(comment.actionId);
    expect(await shownRows(page)).toEqual(expectedRows((await log(`actionId=${comment.actionId}`)).entries));
    await context.close();
  });

  it('says when nothing matches, refuses an impossible day naming the field, and prints the table without the filters', async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor', '/audit-log');
    const tomorrow = new Date(Date.now() + 86_400_000);
    await page.fill('#from-day', String(tomorrow.getUTCDate()));
    await page.fill('#from-month', String(tomorrow.getUTCMonth() + 1));
    await page.fill('#from-year', String(tomorrow.getUTCFullYear()));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === tomorrow.toISOString().slice(0, 10));
    expect((await log(`from=${tomorrow.toISOString().slice(0, 10)}`)).entries).toEqual([]);
    await expect(page.locator('#shown').innerText()).resolves.toBe('No entries match these filters.');
    await expect(page.locator('table.oversight-audit-log').count()).resolves.toBe(0);
    await expect(page.locator('#from-day').inputValue()).resolves.toBe(String(tomorrow.getUTCDate()).padStart(2, '0'));
    await expectAccessible(page, 'audit-log-empty');

    await page.fill('#from-day', '31');
    await page.fill('#from-month', '2');
    await page.fill('#from-year', '2025');
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).searchParams.get('from') === '2025-02-31'),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ]);
    expect(response.status()).toBe(400);
    await expect(page.locator('h1').innerText()).resolves.toBe('There is a problem');
    await expect(page.locator('main').innerText()).resolves.toMatch(/from: from must be a real date/);
    await expectAccessible(page, 'audit-log-error');

    await page.goto(`${web.baseUrl}/audit-log?limit=5`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.oversight-filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('.govuk-service-navigation').isVisible()).resolves.toBe(false);
    await expect(page.locator('.oversight-audit-log-download').isVisible()).resolves.toBe(false);
    await expect(page.locator('.govuk-pagination').isVisible()).resolves.toBe(false);
    await expect(page.locator('table.oversight-audit-log').isVisible()).resolves.toBe(true);
    await expect(page.locator('table.oversight-audit-log tbody tr').count()).resolves.toBe(5);
    await screenshot(page, 'audit-log-print');
    await context.close();
  });

  it('managers and inspectors have no audit log: no navigation item, and a 403 page', async () => {
    for (const role of ['manager', 'inspector'] as const) {
      const context = await web.browser.newContext();
      const page = await signIn(context, role);
      await expect(
        page.locator('.govuk-service-navigation').getByRole('link', { name: 'Plans' }).count(),
      ).resolves.toBe(1);
      await expect(
        page.locator('.govuk-service-navigation').getByRole('link', { name: 'Audit log' }).count(),
      ).resolves.toBe(0);
      const response = await page.goto(`${web.baseUrl}/audit-log`);
      expect({ role, status: response!.status() }).toEqual({ role, status: 403 });
      await expect(page.locator('h1').innerText()).resolves.toBe('You cannot do this');
      await expectAccessible(page, `audit-log-forbidden-${role}`);
      expect((await api('/audit-log', {}, role)).status).toBe(403);
      await context.close();
    }
    const admins = await web.browser.newContext();
    const admin = await signIn(admins, 'admin');
    await expect(
      admin.locator('.govuk-service-navigation').getByRole('link', { name: 'Audit log' }).count(),
    ).resolves.toBe(1);
    await admins.close();
  }, 120_000);
});
