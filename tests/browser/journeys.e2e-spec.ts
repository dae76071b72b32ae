/// <reference lib="dom" />
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { useDemoWeb } from './support/demo-web.js';

interface ActionRow {
  id: string;
  description: string;
  status: string | null;
  lastComment: { text: string; effectiveAt: string } | null;
}

/**
 * The journeys, each done with the keyboard alone, in a real browser, on the demo plans:
 * the inspector's, the auditor's in the past, and a manager's edit reaching the inspector.
 */
describe('the web interface: journeys with the keyboard alone', () => {
  const web = useDemoWeb();
  const { api, plan, tabTo, expectAccessible } = web;

  /** Signs in with the keyboard alone: tab to the key, type it, Enter. */
  async function signInByKeyboard(page: Page, role: 'inspector' | 'auditor', path: string) {
    await page.goto(`${web.baseUrl}${path}`);
    await tabTo(page, (element) => element.id === 'api-key');
    await page.keyboard.type(web.keys[role]);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === path);
  }

  /** Fills a GOV.UK date input with the keyboard: day, Tab, month, Tab, year. */
  async function typeDate(page: Page, name: string, [day, month, year]: [string, string, string]) {
    await tabTo(page, (element) => element.name === `${name}-day`);
    for (const [n, part] of [day, month, year].entries()) {
      if (n > 0) await page.keyboard.press('Tab');
      await page.keyboard.type(part);
    }
  }

  it('an inspector opens the 2024-25 plan, filters to Ofsted, opens an action and reads its timeline in the order things took effect', async () => {
    const target = await plan('2024');
    const ofsted = (await api(`/plans/${target.id}/state?sourceKind=ofsted&pageSize=500`)).body;
    expect(ofsted.actions.length).toBeGreaterThan(0);
    const all = (await api(`/plans/${target.id}/state?pageSize=1`)).body;
    expect(ofsted.actions.length).toBeLessThan(all.counts.total);

    const context = await web.browser.newContext();
    const page = await context.newPage();
    await signInByKeyboard(page, 'inspector', '/plans');
    await tabTo(page, (element) => element.tag === 'A' && element.text === target.title);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/plans/${target.id}`);

    await tabTo(page, (element) => element.id === 'sourceKind');
    await page.keyboard.type('Ofsted');
    await expect(page.locator('#sourceKind').inputValue()).resolves.toBe('ofsted');
    await tabTo(page, (element) => element.tag === 'BUTTON' && element.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('sourceKind') === 'ofsted');
    await expectAccessible(page, 'journey-plan-ofsted');
    const shown = await page.locator('table.oversight-actions tbody td:nth-child(2) > a').allInnerTexts();
    expect(shown.sort()).toEqual(
      (ofsted.actions as ActionRow[])
        .slice(0, 50)
        .map((action) => action.description)
        .sort(),
    );

    const first = (ofsted.actions as ActionRow[]).find((action) => action.description === shown[0])!;
    await tabTo(page, (element) => element.tag === 'A' && element.text === first.description, 200);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/actions/${first.id}`);
    const log = (await api(`/audit-log?actionId=${first.id}&limit=1000`, {}, 'auditor')).body.entries as {
      effectiveAt: string;
      position: number;
    }[];
    const dates = await page
      .locator('.moj-timeline__item')
      .evaluateAll((items) => items.map((item) => item.querySelector('time')?.getAttribute('datetime') ?? ''));
    expect(dates).toHaveLength(log.length);
    expect(dates).toEqual(
      [...log]
        .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.position - b.position)
        .map((entry) => entry.effectiveAt),
    );
    await context.close();
  });

  it("an auditor opens the 2018-19 plan as it stood on 31 January 2019: January's comments, none later; then as the system showed it before an edit made now", async () => {
    const target = await plan('2018');
    const januarys = (
      (await api(`/plans/${target.id}/state?asOf=2019-01-31&pageSize=500`)).body.actions as ActionRow[]
    ).filter((action) => action.lastComment?.effectiveAt.startsWith('2019-01'));
    expect(januarys.length).toBeGreaterThan(0);
    // A comment that took effect in March, written today: the plan as it stood in January must not show it.
    const march = januarys[0]!;
    const marchEtag = (await api(`/actions/${march.id}`)).headers.get('etag')!;
    const marchComment = await api(
      `/actions/${march.id}/comments`,
      {
        method: 'POST',
        headers: { 'If-Match': marchEtag },
        body: JSON.stringify({ text: 'March: the panel met again', effectiveAt: '2019-03-01T10:00:00Z' }),
      },
      'manager',
    );
    expect(marchComment.status).toBe(201);
    const then = (
      await api(`/plans/${target.id}/state?asOf=2019-01-31&pageSize=500&waitFor=${marchComment.body.position}`)
    ).body;
    const now = (await api(`/plans/${target.id}/state?pageSize=500`)).body;
    expect((now.actions as ActionRow[]).find((action) => action.id === march.id)!.lastComment!.text).toBe(
      'March: the panel met again',
    );

    const context = await web.browser.newContext();
    const page = await context.newPage();
    await signInByKeyboard(page, 'auditor', `/plans/${target.id}`);
    await tabTo(page, (element) => element.text === 'See the plan as it stood on a past date');
    await page.keyboard.press('Enter');
    await typeDate(page, 'asOf', ['31', '1', '2019']);
    await tabTo(page, (element) => element.tag === 'BUTTON' && element.text === 'Show the plan then');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('asOf') === '2019-01-31');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'as it stood on 31 January 2019',
    );
    const commentDates = await page
      .locator('.oversight-comment-date time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
    expect(commentDates.length).toBeGreaterThan(0);
    expect(commentDates.filter((date) => date > '2019-01-31T23:59:59.999Z')).toEqual([]);
    const shownThen = (then.actions as ActionRow[]).slice(0, 50);
    expect(commentDates.filter((date) => date.startsWith('2019-01')).length).toBe(
      shownThen.filter((action) => action.lastComment?.effectiveAt.startsWith('2019-01')).length,
    );
    await expect(page.getByText('March: the panel met again').count()).resolves.toBe(0);
    // A view of the past offers nothing that writes.
    await expect(page.locator('main form[method="post" i]').count()).resolves.toBe(0);
    await expectAccessible(page, 'journey-plan-as-it-stood-2019-01-31');

    // A manager changes an action now; the system as it showed the plan just before still has the old status.
    const action = (now.actions as ActionRow[]).find((candidate) => candidate.status !== 'red')!;
    const before = new Date();
    const etag = (await api(`/actions/${action.id}`)).headers.get('etag')!;
    const changed = await api(
      `/actions/${action.id}/status`,
      {
        method: 'POST',
        headers: { 'If-Match': etag },
        body: JSON.stringify({ to: 'red', reason: 'Stuck: the journey test' }),
      },
      'manager',
    );
    expect(changed.status).toBe(200);
    await api(`/plans/${target.id}/state?waitFor=${changed.body.position}`);
    const earlier = new Date(before.getTime() - 1).toISOString();

    await page.goto(`${web.baseUrl}/plans/${target.id}?asAt=${encodeURIComponent(earlier)}&pageSize=500`);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'as the system showed it on',
    );
    const row = page.locator('table.oversight-actions tbody tr', {
      has: page.getByRole('link', { name: action.description, exact: true }),
    });
    await expect(row.locator('strong.govuk-tag').first().innerText()).resolves.not.toBe('Stuck');
    await expectAccessible(page, 'journey-plan-as-the-system-showed-it');
    await page.goto(`${web.baseUrl}/plans/${target.id}?pageSize=500`);
    await expect(row.locator('strong.govuk-tag').first().innerText()).resolves.toBe('Stuck');
    await context.close();
  });

  it("a manager's edit through the API appears on the inspector's pages: the plan's status and last comment, the action's timeline", async () => {
    const target = await plan('2024');
    const [action] = (await api(`/plans/${target.id}/state?pageSize=1&sort=ref`)).body.actions as ActionRow[];
    const context = await web.browser.newContext();
    const page = await context.newPage();
    await signInByKeyboard(page, 'inspector', `/actions/${action!.id}`);
    const entriesBefore = await page.locator('.moj-timeline__item').count();

    const etag = (await api(`/actions/${action!.id}`)).headers.get('etag')!;
    const text = `Reviewed at the December panel ${Date.now()}`;
    const written = await api(
      `/actions/${action!.id}/comments`,
      { method: 'POST', headers: { 'If-Match': etag }, body: JSON.stringify({ text }) },
      'manager',
    );
    expect(written.status).toBe(201);
    await api(`/plans/${target.id}/state?waitFor=${written.body.position}`);

    await page.reload();
    await expect(page.locator('.moj-timeline__item').count()).resolves.toBe(entriesBefore + 1);
    await expect(page.locator('.moj-timeline__item').last().innerText()).resolves.toContain(text);
    await expect(page.locator('.moj-timeline__item').last().innerText()).resolves.toContain('demo manager');
    await page.goto(`${web.baseUrl}/plans/${target.id}?sort=ref`);
    await expect(page.locator('table.oversight-actions tbody tr').first().innerText()).resolves.toContain(text);
    await context.close();
  });

  it('a session that has ended (timed out, or the service restarted) goes to sign-in, then back to the page asked for, filters and all', async () => {
    const target = await plan('2018');
    const context = await web.browser.newContext();
    // The cookie of a session the service no longer holds: what a browser keeps after a timeout.
    await context.addCookies([
      {
        name: 'oversight_session',
        value: 'a-session-that-has-ended',
        url: web.baseUrl,
        httpOnly: true,
        sameSite: 'Lax',
      },
    ]);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/plans/${target.id}?status=green&sort=due`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await tabTo(page, (element) => element.id === 'api-key');
    await page.keyboard.type(web.keys.auditor);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/plans/${target.id}`);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ status: 'green', sort: 'due' });
    await expect(page.locator('#status').inputValue()).resolves.toBe('green');
    await context.close();
  });

  it('prints on A4 without the navigation, the forms or the footer, and nothing wider than the page', async () => {
    const target = await plan('2018');
    const context = await web.browser.newContext();
    const page = await web.signIn(context, 'inspector', `/plans/${target.id}`);
    await page.emulateMedia({ media: 'print' });
    // A4 is 210 mm wide; less 15 mm margins each side, 180 mm at 96 dpi is 680 px.
    await page.setViewportSize({ width: 680, height: 1000 });
    const hidden = await page.evaluate(() =>
      ['.govuk-service-navigation', '.govuk-footer', 'form', '.govuk-breadcrumbs', '.oversight-signed-in'].map(
        (selector) => ({
          selector,
          shown: [...document.querySelectorAll(selector)].filter(
            (element) => getComputedStyle(element).display !== 'none',
          ).length,
        }),
      ),
    );
    expect(hidden.filter((item) => item.shown > 0)).toEqual([]);
    await expect(page.locator('h1').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(680);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
