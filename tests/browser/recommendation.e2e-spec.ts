/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { useDemoWeb } from './support/demo-web.js';

const STATUS_WORDS: Record<string, string> = { blue: 'Complete', red: 'Stuck', amber: 'Needs work', green: 'On track' };
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dueWords = (due: { kind: 'date'; date: string } | { kind: 'text'; text: string } | null) =>
  !due ? 'Not given' : due.kind === 'date' ? LONG.format(new Date(`${due.date}T00:00:00Z`)) : due.text;

interface HistoryAction {
  actionId: string;
  planIds: string[];
  state: {
    ref: string | null;
    description: string;
    owner: string | null;
    status: string | null;
    currentDue: any;
    lastComment: { text: string } | null;
    completed: boolean;
  };
  events: { type: string; effectiveAt: string; position: number; data: any }[];
}

/**
 * A recommendation's page in a real browser, on the demo plans: every action on it across the
 * 2018-19 and 2024-25 plans, carry-forwards linked both ways, what happened to it, as it stood,
 * reached from an action with the keyboard alone. What it shows is compared with the API's
 * history of the same recommendation.
 */
describe('the web interface: a recommendation across plans', () => {
  const demo = useDemoWeb();
  const { expectAccessible, tabTo } = demo;
  let older: { id: string; title: string };
  let newer: { id: string; title: string };
  let recommendationId: string;
  let carriedId: string;

  beforeAll(async () => {
    const plans = await demo.plans();
    older = plans.find((plan) => plan.periodStart.startsWith('2018'))!;
    newer = plans.find((plan) => plan.periodStart.startsWith('2024'))!;
    const olderActions = (await demo.api(`/plans/${older.id}/state?pageSize=500`)).body.actions as {
      id: string;
      recommendationId: string | null;
      carriedForwardTo: string | null;
      completed: boolean;
      withdrawn: boolean;
    }[];
    const carried = olderActions.find((action) => action.recommendationId && action.carriedForwardTo === newer.id);
    if (carried) {
      [recommendationId, carriedId] = [carried.recommendationId!, carried.id];
    } else {
      // The demo workbooks carry nothing from 2018-19 into 2024-25, so a manager carries one action
      // forward through the API, as the service would be used, and moves its status in the new plan.
      const candidate = olderActions.find(
        (action) => action.recommendationId && !action.completed && !action.withdrawn,
      )!;
      [recommendationId, carriedId] = [candidate.recommendationId!, candidate.id];
      const etag = (await demo.api(`/actions/${carriedId}`)).headers.get('etag')!;
      const moved = await demo.api(
        `/actions/${carriedId}/carry-forward`,
        {
          method: 'POST',
          headers: { 'If-Match': etag },
          body: JSON.stringify({
            toPlanId: newer.id,
            reason: 'Not finished in 2018-19',
            effectiveAt: '2024-04-01T09:00:00Z',
          }),
        },
        'manager',
      );
      expect(moved.status).toBe(200);
      const status = await demo.api(
        `/actions/${carriedId}/status`,
        {
          method: 'POST',
          headers: { 'If-Match': `"${moved.body.revision}"` },
          body: JSON.stringify({ to: 'red', reason: 'Stalled again', effectiveAt: '2024-06-03T09:00:00Z' }),
        },
        'manager',
      );
      expect(status.status).toBe(200);
      await demo.api(`/recommendations/${recommendationId}/history?waitFor=${status.body.position}`);
    }
  });

  const history = async (query = '') =>
    (await demo.api(`/recommendations/${recommendationId}/history${query}`)).body as {
      recommendation: { text: string; reference: string | null };
      events: HistoryAction['events'];
      actions: HistoryAction[];
    };

  /** Expects the row of an action under a plan to say what the API says of the action (as it stood then). */
  async function expectRowAsTheApiSays(page: Page, planId: string, actionId: string, state: HistoryAction['state']) {
    const words = (value: string) => value.replace(/\s+/g, ' ').trim();
    const text = words(await page.locator(`[id="plan-${planId}-action-${actionId}"]`).innerText());
    expect(text).toContain(words(state.description));
    expect(text).toContain(state.owner ?? 'Not given');
    expect(text).toContain(STATUS_WORDS[state.status ?? ''] ?? 'Not rated');
    expect(text).toContain(dueWords(state.currentDue));
    if (state.ref) expect(text.startsWith(state.ref)).toBe(true);
    if (state.lastComment) expect(text).toContain(words(state.lastComment.text.slice(0, 60)));
    else expect(text).toContain('None yet');
  }

  it('shows every action on it plan by plan in period order, as the API tells its history, with carry-forwards linked both ways', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/recommendations/${recommendationId}`);
    const now = await history();
    await expect(page.locator('h1').innerText()).resolves.toBe(now.recommendation.text);
    await expect(page.locator('.oversight-plan-section h3').allInnerTexts()).resolves.toEqual([
      older.title,
      newer.title,
    ]);
    await expect(page.locator('.oversight-plan-section h3 a').first().getAttribute('href')).resolves.toBe(
      `/plans/${older.id}`,
    );

    const carried = now.actions.find((action) => action.actionId === carriedId)!;
    expect(carried.planIds).toEqual([older.id, newer.id]);
    for (const planId of [older.id, newer.id]) {
      const listed = await page
        .locator(`[id^="plan-${planId}-action-"]`)
        .evaluateAll((rows) => rows.map((row) => row.id));
      expect(listed.sort()).toEqual(
        now.actions
          .filter((action) => action.planIds.includes(planId))
          .map((action) => `plan-${planId}-action-${action.actionId}`)
          .sort(),
      );
    }
    for (const action of now.actions)
      await expectRowAsTheApiSays(page, action.planIds.at(-1)!, action.actionId, action.state);
    // Under the plan it left, the carried action as it stood the moment before it was carried.
    const carry = carried.events.find((event) => event.type === 'ActionCarriedForward')!;
    const asItLeft = (await history(`?asOf=${new Date(Date.parse(carry.effectiveAt) - 1).toISOString()}`)).actions.find(
      (action) => action.actionId === carriedId,
    )!;
    await expectRowAsTheApiSays(page, older.id, carriedId, asItLeft.state);

    // What happened: every event of the recommendation and of every action, in the order it took effect.
    const events = [...now.events, ...now.actions.flatMap((action) => action.events)].sort(
      (a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.position - b.position,
    );
    await expect(
      page
        .locator('table.oversight-history tbody time')
        .evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
    ).resolves.toEqual(events.map((event) => event.effectiveAt));
    const happened = await page.locator('table.oversight-history tbody tr').allInnerTexts();
    expect(happened.filter((row) => row.includes('Carried forward'))).toHaveLength(
      now.actions.flatMap((action) => action.events).filter((event) => event.type === 'ActionCarriedForward').length,
    );
    await expectAccessible(page, 'recommendation');

    await page
      .getByRole('link', { name: newer.title, exact: true })
      .and(page.locator('.oversight-carried-into a'))
      .click();
    expect(new URL(page.url()).hash).toBe(`#plan-${newer.id}-action-${carriedId}`);
    await page.locator(`[id="plan-${newer.id}-action-${carriedId}"] .oversight-carried-from a`).click();
    expect(new URL(page.url()).hash).toBe(`#plan-${older.id}-action-${carriedId}`);
    await context.close();
  });

  it('is reached from an action page with the keyboard alone, and its carry-forward link followed the same way', async () => {
    const now = await history();
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/actions/${carriedId}`);
    await tabTo(page, (element) => element.tag === 'A' && element.text === now.recommendation.text);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/recommendations/${recommendationId}`);
    // Onwards by Tab to the carry-forward link of the carried action's row under the plan it left.
    const carryLink = page.locator(`[id="plan-${older.id}-action-${carriedId}"] .oversight-carried-into a`);
    for (let n = 0; n < 200 && !(await carryLink.evaluate((link) => link === document.activeElement)); n++)
      await page.keyboard.press('Tab');
    await expect(carryLink.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash === `#plan-${newer.id}-action-${carriedId}`);
    await context.close();
  });

  it('as it stood on a past day: a banner, only what had happened by then (as the API says), and links that keep the day', async () => {
    const then = await history('?asOf=2019-01-31');
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'auditor', `/recommendations/${recommendationId}?asOf=2019-01-31`);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
      'as it stood on 31 January 2019',
    );
    await expect(page.locator('.oversight-plan-section h3').allInnerTexts()).resolves.toEqual([older.title]);
    const events = [...then.events, ...then.actions.flatMap((action) => action.events)].sort(
      (a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.position - b.position,
    );
    const shown = await page
      .locator('table.oversight-history tbody time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime')!));
    expect(shown).toEqual(events.map((event) => event.effectiveAt));
    expect(shown.every((at) => at <= '2019-01-31T23:59:59.999Z')).toBe(true);
    await expect(page.getByText('Carried forward into').count()).resolves.toBe(0);
    for (const action of then.actions) await expectRowAsTheApiSays(page, older.id, action.actionId, action.state);
    const links = await page
      .locator('main a[href^="/actions/"], main a[href^="/plans/"]')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')!));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((href) => !href.endsWith('?asOf=2019-01-31'))).toEqual([]);
    await expectAccessible(page, 'recommendation-as-it-stood');

    // From a past action page, the recommendation opens as it stood that day too.
    await page.goto(`${demo.baseUrl}/actions/${carriedId}?asOf=2019-01-31`);
    await expect(page.getByRole('link', { name: then.recommendation.text }).getAttribute('href')).resolves.toBe(
      `/recommendations/${recommendationId}?asOf=2019-01-31`,
    );
    await context.close();
  });

  it('an unknown recommendation is the GOV.UK 404 page', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', '/plans');
    const missing = await page.goto(`${demo.baseUrl}/recommendations/00000000-0000-4000-8000-000000000000`);
    expect(missing!.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    await expectAccessible(page, 'recommendation-not-found');
    await context.close();
  });
});
