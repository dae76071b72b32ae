/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ImportResult } from '#importer';
import { RESTATED, RESTATING_PLAN_FILE, restatingPlan2019 } from '../../libs/importer/src/testing/restating-plan.js';
import { useDemoWeb } from './support/demo-web.js';

/**
 * A recommendation's page once a later plan has restated it and a person has linked another to
 * it: each plan's own words, the linked recommendation both ways, the link and why in what
 * happened, and the page as it stood before the link without it. Axe on each.
 */
describe('the web interface: one recommendation, many wordings, linked by hand', () => {
  const demo = useDemoWeb();
  const { expectAccessible } = demo;
  let survivorId: string;
  let joinerId: string;
  let beforeLink: string;

  beforeAll(async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await restatingPlan2019())]), RESTATING_PLAN_FILE);
    const imported = await fetch(`${demo.baseUrl}/imports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.keys.manager}` },
      body: form,
    });
    expect(imported.status).toBe(201);
    const result = (await imported.json()) as ImportResult;
    survivorId = result.summary.recommendations.matched.find((match) => match.text === RESTATED.r1)!.recommendationId;
    joinerId = result.summary.recommendations.new.find((rec) => rec.text === RESTATED.lookAlike)!.id;
    beforeLink = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await demo.api(`/recommendations/${joinerId}/history?waitFor=${result.position}`)).status).toBe(200);
    const linked = await demo.api(
      `/recommendations/${joinerId}/link`,
      {
        method: 'POST',
        headers: { 'If-Match': '"0"' }, // the import recorded it: its one event
        body: JSON.stringify({ survivorId, reason: 'The 2019-20 plan numbered R1 again as R5' }),
      },
      'manager',
    );
    expect({ status: linked.status, events: linked.body.events }).toEqual({
      status: 200,
      events: ['RecommendationsLinked'],
    });
    await demo.api(`/recommendations/${survivorId}/history?waitFor=${linked.body.position}`);
  });

  it('shows each plan’s words, the recommendation linked to it, and the link with its reason', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/recommendations/${survivorId}`);
    const wordings = await page.locator('.oversight-wordings tbody tr').allInnerTexts();
    expect(wordings).toHaveLength(2);
    expect(wordings[0]).toMatch(/Ofsted recommendation 1: Further improve the quality/);
    expect(wordings[1]).toContain('Service Development Plan 2019-20');
    expect(wordings[1]).toContain(RESTATED.r1);
    expect(wordings[1]).toContain('Restated in this plan');
    await expect(page.locator('.oversight-linked li').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('R5 (ILACS July 2016)'),
    ]);
    const sections = await page.locator('.oversight-plan-section h3').allInnerTexts();
    expect(sections).toContain('Service Development Plan 2019-20');
    await expect(page.locator('.oversight-actions').last().innerText()).resolves.toContain(
      'Decision records template rolled out.',
    );
    const happened = await page.locator('.oversight-history').innerText();
    expect(happened).toContain('Linked: one recommendation');
    expect(happened).toContain('The 2019-20 plan numbered R1 again as R5');
    expect(happened).toContain('Restated by a plan');
    await expectAccessible(page, 'recommendation-linked-survivor');
    await context.close();
  });

  it('the linked one says which it is one with, and leads there', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/recommendations/${joinerId}`);
    const inset = page.locator('.oversight-linked-to');
    await expect(inset.innerText()).resolves.toMatch(
      /^Linked: this recommendation is one with Ofsted recommendation 1/,
    );
    await expectAccessible(page, 'recommendation-linked-joiner');
    await inset.locator('a').click();
    await page.waitForURL((url) => url.pathname === `/recommendations/${survivorId}`);
    await context.close();
  });

  it('as the system showed it before the link, shows them apart', async () => {
    const context = await demo.browser.newContext();
    const path = `/recommendations/${survivorId}?asAt=${encodeURIComponent(beforeLink)}`;
    const page = await demo.signIn(context, 'auditor', path);
    await expect(page.locator('.oversight-linked').count()).resolves.toBe(0);
    await expect(page.locator('.oversight-history').innerText()).resolves.not.toContain('Linked: one recommendation');
    await expectAccessible(page, 'recommendation-before-link');
    await context.close();
  });
});
