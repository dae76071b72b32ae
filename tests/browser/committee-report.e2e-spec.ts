/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { CommitteeReport } from '#reporting';
import { useDemoWeb } from './support/demo-web.js';

const words = (value: string) => value.replace(/\s+/g, ' ').trim();

/**
 * The committee report in a real browser on the demo plans: reached from the plan with the
 * keyboard, the same counts as the API's content, the chart, the files as at the same moment,
 * and no accessibility violations.
 */
describe('the web interface: the committee report', () => {
  const demo = useDemoWeb();
  const { expectAccessible, tabTo } = demo;
  let plan: { id: string; title: string };

  beforeAll(async () => {
    plan = await demo.plan('2018');
  });

  it('is reached from the plan with the keyboard, shows the counts the API gives and the chart, and links to the files as at the same moment', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/plans/${plan.id}`);
    await tabTo(page, (element) => element.tag === 'A' && element.text === 'Committee report');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/plans/${plan.id}/report`);
    await tabTo(page, (element) => element.id === 'from-day');
    for (const [n, part] of ['1', '1', '2019', '31', '3', '2019'].entries()) {
      if (n > 0) await page.keyboard.press('Tab');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(part);
    }
    await tabTo(page, (element) => element.tag === 'BUTTON' && element.text === 'Show the report');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?from=2019-01-01&to=2019-03-31');
    await expect(page.locator('h1').innerText()).resolves.toBe(plan.title);

    const docxHref = await page.locator('a', { hasText: 'Download as Word' }).getAttribute('href');
    const asAt = new URL(docxHref!, demo.baseUrl).searchParams.get('asAt')!;
    const content = (
      await demo.api(`/plans/${plan.id}/report?from=2019-01-01&to=2019-03-31&asAt=${encodeURIComponent(asAt)}`)
    ).body as CommitteeReport;
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Actions by status at the start' }),
    });
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText.trim())),
      );
    const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
    expect(rows.slice(0, 5)).toEqual(
      content.counts.rows.map((row) => [
        { blue: 'Blue', red: 'Red', amber: 'Amber', green: 'Green', unrated: 'Not rated' }[row.status],
        String(row.start),
        String(row.end),
        sign(row.change),
      ]),
    );
    await expect(page.locator('.app-report-chart svg title').first().textContent()).resolves.toContain(
      'Actions by status at the start and the end',
    );
    expect(words(await page.locator('#report-provenance').innerText())).toContain(`SHA-256 ${content.sha256}`);

    const docx = await demo.api(docxHref!);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    await expectAccessible(page, 'committee-report');
    // The whole page is very tall (the plan is its appendix): its first screen too, for a person to look at.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/screenshots/committee-report-first-screen.png' });
    await context.close();
  }, 240_000);
});
