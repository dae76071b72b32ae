/// <reference lib="dom" />
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { groupOfSourceKind, SOURCE_KIND_GROUPS, SOURCE_KIND_WORDS, sourceKindsNamed, type SourceKind } from '#domain';
import { screenshot } from './support/browser.js';
import type { SourceAccountability } from '#read-store';
import { useDemoWeb } from './support/demo-web.js';

/** A source's row as the JSON API answers it (the reader's own type). */
type Accountability = SourceAccountability & { source: { kind: SourceKind } };
const BRAG_STATUSES = ['blue', 'red', 'amber', 'green', 'unrated'] as const;
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
// A moment is shown as its day in London (TIME_ZONE's default); a day as itself.
const LONG_DATE_IN_LONDON = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const longDate = (value: string) =>
  value.length === 10 ? LONG_DATE.format(new Date(`${value}T00:00:00Z`)) : LONG_DATE_IN_LONDON.format(new Date(value));

/**
 * The Sources page in a real browser, on the embedded store with the demo plans: accountability
 * to each source as the JSON API answers it, grouped by kind, with its chart of actions by status
 * drawn on the server (and so there with JavaScript off), filtered by group of kinds, printed on A4.
 */
describe('the web interface: sources, for an inspector', () => {
  const demo = useDemoWeb();
  const { expectAccessible, tabTo } = demo;
  const accountability = async (query = '') =>
    (
      (await demo.api(`/sources/accountability${query}`)).body.groups as { kind: string; sources: Accountability[] }[]
    ).flatMap((group) => group.sources);

  /** Every number the page gives a source, in its two tables and its bar, equals the API's. */
  async function expectSourceAsTheApiSays(page: Page, entry: Accountability) {
    const id = entry.source.id;
    const row = page.locator(`table.oversight-sources tr[data-source-id="${id}"]`);
    const heading = await row.locator('th').innerText();
    expect(heading).toContain(entry.source.title);
    expect(heading).toContain(
      `${SOURCE_KIND_WORDS[entry.source.kind]}, ${entry.source.date ? longDate(entry.source.date) : 'not dated'}`,
    );
    const cells = await row.locator('td').allInnerTexts();
    expect({ id, cells }).toEqual({
      id,
      cells: [entry.recommendations, entry.actions, entry.complete, entry.stuck, entry.overdue, entry.withdrawn]
        .map(String)
        .concat(entry.lastMovedAt ? longDate(entry.lastMovedAt) : 'Not yet'),
    });
    const bragCells = await page.locator(`table.oversight-brag-table tr[data-source-id="${id}"] td`).allInnerTexts();
    expect({ id, bragCells }).toEqual({ id, bragCells: BRAG_STATUSES.map((status) => String(entry.brag[status])) });

    // Its bar: one segment a status it has actions at, each labelled with its count; nothing for a zero.
    const bar = page.locator(`svg.oversight-chart g.oversight-chart__bar[data-source-id="${id}"]`);
    await expect(bar.count()).resolves.toBe(1);
    for (const status of BRAG_STATUSES) {
      const labels = await bar.locator(`text.oversight-chart__count[data-status="${status}"]`).allTextContents();
      const segments = await bar.locator(`rect.oversight-chart__segment[data-status="${status}"]`).count();
      expect({ id, status, labels, segments }).toEqual({
        id,
        status,
        labels: entry.brag[status] > 0 ? [String(entry.brag[status])] : [],
        segments: entry.brag[status] > 0 ? 1 : 0,
      });
    }
    const total = BRAG_STATUSES.reduce((sum, status) => sum + entry.brag[status], 0);
    await expect(bar.locator('text.oversight-chart__total').textContent()).resolves.toBe(
      total > 0 ? String(total) : 'No actions',
    );

    // Its title leads to the newest plan its actions are in, filtered to its group of kinds; any older plan is named after it.
    const links = await row
      .locator('th a')
      .evaluateAll((anchors) => anchors.map((anchor) => [anchor.textContent!.trim(), anchor.getAttribute('href')]));
    const group = groupOfSourceKind(entry.source.kind).name;
    expect({ id, links }).toEqual({
      id,
      links: entry.plans.map((plan, n) => [
        n === 0 ? entry.source.title : plan.title,
        `/plans/${plan.id}?sourceKind=${group}`,
      ]),
    });
  }

  it('an inspector reaches Sources with the keyboard from the navigation; every source, grouped by kind, has the numbers the API gives it', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector');
    await tabTo(page, (element) => element.tag === 'A' && element.text === 'Sources');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/sources');
    await expect(page.title()).resolves.toBe('Sources - Oversight');
    await expect(page.locator('.govuk-service-navigation a[aria-current]').innerText()).resolves.toBe('Sources');
    await expectAccessible(page, 'sources');

    const sources = await accountability();
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.some((entry) => entry.plans.length > 1)).toBe(true); // so a row naming an older plan is checked too
    // GET /sources is the same use case: the API answers it with the same JSON.
    expect((await demo.api('/sources')).body).toEqual((await demo.api('/sources/accountability')).body);
    await expect(page.locator('#shown').innerText()).resolves.toBe(`${sources.length} sources.`);

    // Every group of kinds, in the committee's order; each source in its own group's table.
    const groups = await page
      .locator('section.oversight-source-group')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-group')));
    expect(groups).toEqual(SOURCE_KIND_GROUPS.map((group) => group.name));
    await expect(page.locator('table.oversight-sources tbody tr').count()).resolves.toBe(sources.length);
    for (const group of SOURCE_KIND_GROUPS) {
      const ids = await page
        .locator(`section[data-group="${group.name}"] table.oversight-sources tbody tr`)
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-source-id')));
      expect({ group: group.name, ids: [...ids].sort() }).toEqual({
        group: group.name,
        ids: sources
          .filter((entry) => groupOfSourceKind(entry.source.kind) === group)
          .map((entry) => entry.source.id)
          .sort(),
      });
    }
    for (const entry of sources) await expectSourceAsTheApiSays(page, entry);
    await context.close();
  });

  it('draws the chart on the server as an image with its title and description, one bar a source, no inline style or script', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', '/sources');
    const sources = await accountability();
    await expect(page.locator('svg.oversight-chart g.oversight-chart__bar').count()).resolves.toBe(sources.length);
    for (const chart of await page.locator('svg.oversight-chart').all()) {
      await expect(chart.getAttribute('role')).resolves.toBe('img');
      const titleId = await chart.locator('title').first().getAttribute('id');
      const descId = await chart.locator('desc').getAttribute('id');
      expect(await chart.getAttribute('aria-labelledby')).toBe(titleId);
      expect(await chart.getAttribute('aria-describedby')).toBe(descId);
      await expect(chart.locator('desc').textContent()).resolves.toContain(
        'The table after the chart has the same numbers',
      );
      // The legend in words, in the order of the segments.
      await expect(chart.locator('.oversight-chart__legend text').allTextContents()).resolves.toEqual([
        'Complete',
        'Stuck',
        'Needs work',
        'On track',
        'Not rated',
      ]);
    }
    // The one with the longest title keeps it whole in the tables, cut on the axis.
    const longest = sources.reduce((a, b) => (b.source.title.length > a.source.title.length ? b : a));
    const axis = await page
      .locator(`g.oversight-chart__bar[data-source-id="${longest.source.id}"] text.oversight-chart__title`)
      .textContent();
    if (longest.source.title.length > 32) expect(axis).toMatch(/…$/);
    await expect(
      page.locator(`table.oversight-brag-table tr[data-source-id="${longest.source.id}"] th`).innerText(),
    ).resolves.toBe(longest.source.title);
    // The CSP forbids inline styles, and scripts but the layout's own with its nonce: the page has none to be blocked.
    await expect(page.locator('[style]').count()).resolves.toBe(0);
    await expect(page.locator('script:not([src]):not([nonce])').count()).resolves.toBe(0);
    await expect(page.locator('main script').count()).resolves.toBe(0);
    await context.close();
  });

  it('every signed-in role has Sources in its navigation', async () => {
    for (const role of ['manager', 'auditor', 'admin'] as const) {
      const context = await demo.browser.newContext();
      const page = await demo.signIn(context, role, '/plans');
      await expect(
        page.locator('.govuk-service-navigation a', { hasText: 'Sources' }).getAttribute('href'),
      ).resolves.toBe('/sources');
      await context.close();
    }
  });

  it('filters by group of kinds in the address; a filter that finds nothing says so', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', '/sources');
    await page.selectOption('#kind', 'ofsted');
    await page.click('button:has-text("Apply filter")');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'ofsted');
    await page.reload();
    await expect(page.locator('#kind').inputValue()).resolves.toBe('ofsted');
    await expect(page.title()).resolves.toBe('Sources: Ofsted - Oversight');
    const ofsted = await accountability('?kind=ofsted');
    expect(ofsted.length).toBeGreaterThan(0);
    expect(ofsted.every((entry) => sourceKindsNamed('ofsted').includes(entry.source.kind))).toBe(true);
    const everyOfsted = (await accountability()).filter((entry) => entry.source.kind.startsWith('ofsted-'));
    expect(ofsted.map((entry) => entry.source.id).sort()).toEqual(everyOfsted.map((entry) => entry.source.id).sort());
    await expect(
      page
        .locator('section.oversight-source-group')
        .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-group'))),
    ).resolves.toEqual(['ofsted']);
    const rows = await page
      .locator('table.oversight-sources tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-source-id')));
    expect([...rows].sort()).toEqual(ofsted.map((entry) => entry.source.id).sort());
    await expect(page.locator('g.oversight-chart__bar').count()).resolves.toBe(ofsted.length);
    for (const entry of ofsted) await expectSourceAsTheApiSays(page, entry);
    await expectAccessible(page, 'sources-ofsted');

    // One kind still filters (the API's kind), and here finds no source: the page says so.
    expect(await accountability('?kind=self-evaluation')).toEqual([]);
    await page.goto(`${demo.baseUrl}/sources?kind=self-evaluation`);
    await expect(page.locator('#shown').innerText()).resolves.toBe('Self-evaluation only: 0 sources.');
    await expect(page.locator('main').innerText()).resolves.toContain('No sources of this kind yet.');
    await expect(page.locator('svg.oversight-chart').count()).resolves.toBe(0);
    await expect(page.locator('#kind').inputValue()).resolves.toBe('self-evaluation');
    await expectAccessible(page, 'sources-empty');

    // Clearing the filter is a link back to every source; an unknown kind is refused, naming the field.
    await page.click('a:has-text("Clear filter")');
    await page.waitForURL((url) => url.pathname === '/sources' && url.search === '');
    const refused = await page.goto(`${demo.baseUrl}/sources?kind=gossip`);
    expect(refused!.status()).toBe(400);
    await expect(page.locator('main').innerText()).resolves.toContain('kind');
    await expectAccessible(page, 'sources-bad-kind');
    await context.close();
  });

  it("a source's title opens the plan filtered to its group of kinds", async () => {
    const entry = (await accountability('?kind=ofsted')).find((candidate) => candidate.plans.length > 0)!;
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', '/sources?kind=ofsted');
    await tabTo(page, (element) => element.tag === 'A' && element.text === entry.source.title);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/plans/${entry.plans[0]!.id}`);
    await expect(page.locator('#sourceKind').inputValue()).resolves.toBe('ofsted');
    await context.close();
  });

  it('with JavaScript off, the page and its chart are all there', async () => {
    const context = await demo.browser.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await demo.signIn(context, 'inspector', '/sources');
    const sources = await accountability();
    const withSources = new Set(sources.map((entry) => groupOfSourceKind(entry.source.kind).name));
    await expect(page.locator('svg.oversight-chart').count()).resolves.toBe(withSources.size);
    await expect(page.locator('g.oversight-chart__bar').count()).resolves.toBe(sources.length);
    const entry = sources.find((candidate) => candidate.actions > 0)!;
    await expectSourceAsTheApiSays(page, entry);
    // The chart is drawn, not merely present: its bars have a size on the page.
    const box = await page
      .locator(`g.oversight-chart__bar[data-source-id="${entry.source.id}"] rect`)
      .first()
      .boundingBox();
    expect(box!.width).toBeGreaterThan(0);
    await screenshot(page, 'sources-no-javascript');
    await context.close();
  });

  it('prints on A4: no navigation or form, the charts and tables within the page width', async () => {
    const context = await demo.browser.browser.newContext({ viewport: { width: 680, height: 1000 } }); // A4 less 15 mm margins, at 96 px an inch
    const page = await demo.signIn(context, 'inspector', '/sources');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.govuk-service-navigation').isVisible()).resolves.toBe(false);
    await expect(page.locator('form.oversight-filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('svg.oversight-chart').first().isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(
      () =>
        [
          ...document.querySelectorAll('svg.oversight-chart, table.oversight-sources, table.oversight-brag-table'),
        ].filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length,
    );
    expect(overflow).toBe(0);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'sources-print');
    await context.close();
  });
});
