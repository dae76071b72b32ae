/// <reference lib="dom" />
import { describe, expect, it } from '@jest/globals';
import { useDemoWeb } from './support/demo-web.js';

/**
 * The web interface in a real browser (Debian's Chromium), on the embedded store with its demo
 * plans, as a person meets it: signed out, signing in with a key, the plans, a plan, its past.
 * Every page is checked by axe at WCAG 2.2 AA. Browser journeys run once, on this one store.
 */
describe('the web interface: plans, for an inspector', () => {
  const web = useDemoWeb();
  const { api, plans, signIn, tabTo, expectAccessible } = web;

  it('signed out, a page asks for sign-in and then shows the page asked for; a wrong key is told so beside the field', async () => {
    const context = await web.browser.newContext();
    const page = await context.newPage();
    const plan = (await plans()).find((p) => p.periodStart.startsWith('2018'))!;
    const response = await page.goto(`${web.baseUrl}/plans/${plan.id}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
    await expect(page.title()).resolves.toBe('Sign in - Oversight');
    await expectAccessible(page, 'sign-in');

    await page.fill('#api-key', 'ovk_not_a_real_key');
    await page.click('button:has-text("Sign in")');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
      'The API key is not valid or has been revoked',
    );
    await expect(page.title()).resolves.toBe('Error: Sign in - Oversight');
    await expectAccessible(page, 'sign-in-error');

    // With the keyboard alone: to the field, the key, Enter.
    await page.goto(`${web.baseUrl}/plans/${plan.id}`);
    await tabTo(page, (element) => element.id === 'api-key');
    await page.keyboard.type(web.keys.inspector);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/plans/${plan.id}`);
    await expect(page.locator('h1').innerText()).resolves.toBe(plan.title);
    const cookie = (await context.cookies()).find((c) => c.name === 'oversight_session')!;
    expect({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({ httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });

  it('lists every plan with its period and its actions by status, in words, as the API counts them', async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'inspector');
    await expectAccessible(page, 'plans');
    for (const plan of await plans()) {
      const row = page.locator('tbody tr', { has: page.getByRole('link', { name: plan.title }) });
      const counts = (await api(`/plans/${plan.id}/state?pageSize=1`)).body.counts;
      const text = await row.innerText();
      for (const [status, words] of [
        ['blue', 'Complete'],
        ['red', 'Stuck'],
        ['amber', 'Needs work'],
        ['green', 'On track'],
        ['unrated', 'Not rated'],
      ] as const) {
        if (counts[status] > 0) expect(text).toMatch(new RegExp(`${words}\\s+${counts[status]}\\b`));
        else expect(text).not.toContain(words);
      }
      expect(text).toContain(`${counts.total} actions`);
    }
    await context.close();
  });

  it('a plan: its actions by section, filtered by status in the address (kept on reload), paged, opened with the keyboard', async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'inspector');
    const plan = (await plans()).find((p) => p.periodStart.startsWith('2018'))!;
    await tabTo(page, (element) => element.tag === 'A' && element.text === plan.title);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/plans/${plan.id}`);
    await expectAccessible(page, 'plan');
    const state = (await api(`/plans/${plan.id}/state?pageSize=100`)).body;
    await expect(page.locator('#shown').innerText()).resolves.toBe(
      `Showing actions 1 to ${Math.min(50, state.counts.total)} of ${state.counts.total}.`,
    );
    const captions = await page.locator('table.oversight-actions caption').allInnerTexts();
    expect(captions.length).toBeGreaterThan(1);
    expect(new Set(captions).size).toBe(captions.length);

    await page.selectOption('#status', 'green');
    await page.click('button:has-text("Apply filters")');
    await page.waitForURL((url) => url.searchParams.get('status') === 'green');
    expect(new URL(page.url()).search).not.toMatch(/owner=(&|$)/); // empty fields left out of the address
    await page.reload();
    const tags = await page
      .locator('table.oversight-actions tbody td strong.govuk-tag:not(.govuk-tag--red):not(.govuk-tag--purple)')
      .allInnerTexts();
    expect(tags.length).toBe(state.counts.green);
    expect(new Set(tags)).toEqual(new Set(['On track']));
    await expect(page.locator('#status').inputValue()).resolves.toBe('green');
    await expectAccessible(page, 'plan-filtered');

    await page.goto(`${web.baseUrl}/plans/${plan.id}?pageSize=10&page=2`);
    await expect(page.locator('#shown').innerText()).resolves.toBe(
      `Showing actions 11 to 20 of ${state.counts.total}.`,
    );
    await expect(page.locator('.govuk-pagination__link[aria-current="page"]').innerText()).resolves.toContain('2');
    await context.close();
  });

  it('the plan as it stood on a past day says so in a banner, and shows what was true then', async () => {
    const context = await web.browser.newContext();
    const page = await signIn(context, 'auditor');
    const plan = (await plans()).find((p) => p.periodStart.startsWith('2018'))!;
    const then = (await api(`/plans/${plan.id}/state?asOf=2018-12-31&pageSize=1`)).body.counts;
    await page.goto(`${web.baseUrl}/plans/${plan.id}?asOf=2018-12-31`);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'as it stood on 31 December 2018',
    );
    const text = await page.locator('.oversight-counts').innerText();
    for (const [status, words] of [
      ['blue', 'Complete'],
      ['unrated', 'Not rated'],
    ] as const)
      expect(text).toMatch(new RegExp(`${words}\\s+${then[status]}\\b`));
    await expectAccessible(page, 'plan-as-it-stood');
    await context.close();
  });

  it('an action: every field, what it answers, and its evidence timeline in order of effect, with who, when, why and where from', async () => {
    const plan = (await plans()).find((p) => p.periodStart.startsWith('2018'))!;
    const [action] = (await api(`/plans/${plan.id}/state?pageSize=1&sort=lastMoved&order=desc`)).body.actions;
    const context = await web.browser.newContext();
    const page = await signIn(context, 'inspector', `/plans/${plan.id}?sort=lastMoved&order=desc&pageSize=1`);
    await tabTo(page, (element) => element.tag === 'A' && element.text === action.description);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/actions/${action.id}`);
    await expect(page.locator('h1').innerText()).resolves.toBe(action.description);
    await expectAccessible(page, 'action');

    const log = (await api(`/audit-log?actionId=${action.id}&limit=1000`, {}, 'auditor')).body.entries as {
      type: string;
      effectiveAt: string;
      position: number;
      origin: string;
    }[];
    const inEffectOrder = [...log].sort(
      (a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.position - b.position,
    );
    const titles = await page.locator('.moj-timeline__title').allInnerTexts();
    expect(titles).toHaveLength(log.length);
    const expectedTitles: Record<string, RegExp> = {
      ActionCreated: /^Action created$/,
      CommentAdded: /^Progress comment$/,
      RagStatusChanged: /^Status changed$/,
      ActionCompleted: /^Completed$/,
      RetainedForOversight: /^Retained for oversight$/,
    };
    inEffectOrder.forEach((entry, n) =>
      expect({ n, title: titles[n] }).toEqual({ n, title: expect.stringMatching(expectedTitles[entry.type] ?? /./) }),
    );
    const origin = /^import:(.*)#(.*)!(\d+)$/.exec(inEffectOrder[0]!.origin)!;
    await expect(page.locator('.moj-timeline__description').first().innerText()).resolves.toContain(
      `From the workbook ${origin[1]}, sheet "${origin[2]}", row ${origin[3]}`,
    );
    await expect(page.locator('.moj-timeline__date').first().innerText()).resolves.toMatch(
      /^Took effect \d+ \w+ \d{4}; recorded /,
    );

    // As it stood before the workbook's day: its status then, and none of the later entries.
    await page.goto(`${web.baseUrl}/actions/${action.id}?asOf=2018-12-31`);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'as it stood on 31 December 2018',
    );
    const then = inEffectOrder.filter((entry) => entry.effectiveAt <= '2018-12-31T23:59:59.999Z');
    await expect(page.locator('.moj-timeline__item').count()).resolves.toBe(then.length);
    await expectAccessible(page, 'action-as-it-stood');
    await context.close();
  });

  it('admins see who signed in, who was refused and from where; an inspector is refused that page', async () => {
    const refused = await web.browser.newContext();
    const attempt = await refused.newPage();
    await attempt.goto(`${web.baseUrl}/sign-in`);
    await attempt.fill('#api-key', 'ovk_guessed_key');
    await attempt.click('button:has-text("Sign in")');
    await refused.close();

    const context = await web.browser.newContext();
    const inspector = await signIn(context, 'inspector');
    const forbidden = await inspector.goto(`${web.baseUrl}/sign-ins`);
    expect(forbidden!.status()).toBe(403);
    await expectAccessible(inspector, 'forbidden');
    await context.close();

    const admins = await web.browser.newContext();
    const page = await signIn(admins, 'admin', '/sign-ins');
    const rows = await page.locator('tbody tr').allInnerTexts();
    const recorded = (await api('/sign-ins', {}, 'admin')).body as { outcome: string; holder: string | null }[];
    expect(rows).toHaveLength(recorded.length);
    expect(rows[0]).toMatch(/Signed in\s+demo admin \(admin\)/);
    expect(rows.some((row) => /Refused\s+Unknown key/.test(row))).toBe(true);
    expect(rows.some((row) => /Signed in\s+demo inspector \(inspector\)/.test(row))).toBe(true);
    expect(rows.join('\n')).not.toContain('ovk_guessed_key');
    await expectAccessible(page, 'sign-ins');
    expect((await api('/sign-ins')).status).toBe(403);
    await admins.close();
  });

  it('shows what a manager wrote as text, never as markup; an unknown plan is a GOV.UK 404; sign out ends the session', async () => {
    const plan = (await plans()).find((p) => p.periodStart.startsWith('2024'))!;
    const [action] = (await api(`/plans/${plan.id}/state?pageSize=1&sort=ref`)).body.actions;
    const etag = (await api(`/actions/${action.id}`)).headers.get('etag')!;
    const written = await api(
      `/actions/${action.id}/comments`,
      {
        method: 'POST',
        headers: { 'If-Match': etag },
        body: JSON.stringify({ text: '<script>alert(1)</script><b>bold?</b>' }),
      },
      'manager',
    );
    expect(written.status).toBe(201);
    await api(`/plans/${plan.id}/state?waitFor=${written.body.position}`);

    const context = await web.browser.newContext();
    const page = await signIn(context, 'inspector', `/plans/${plan.id}?sort=ref`);
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    await page.reload();
    await expect(page.getByText('<script>alert(1)</script><b>bold?</b>').count()).resolves.toBe(1);
    await expect(page.locator('main b').count()).resolves.toBe(0);
    expect(dialogs).toBe(0);

    const missing = await page.goto(`${web.baseUrl}/plans/00000000-0000-4000-8000-000000000000`);
    expect(missing!.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    await expectAccessible(page, 'not-found');

    await page.goto(`${web.baseUrl}/plans`);
    await page.click('button:has-text("Sign out")');
    await page.waitForURL('**/sign-in');
    await page.goto(`${web.baseUrl}/plans`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
