/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionMovement } from '#read-store';
import { useDemoWeb } from './support/demo-web.js';
import { CalendarDays } from '#domain';

const STATUS_WORDS: Record<string, string> = { blue: 'Complete', red: 'Stuck', amber: 'Needs work', green: 'On track' };
const statusWords = (status: string | null) => STATUS_WORDS[status ?? ''] ?? 'Not rated';
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const dueWords = (due: { kind: 'date'; date: string } | { kind: 'text'; text: string } | null) =>
  !due ? 'Not given' : due.kind === 'date' ? LONG.format(new Date(`${due.date}T00:00:00Z`)) : due.text;
const words = (value: string) => value.replace(/\s+/g, ' ').trim();

/** An action's movement as the JSON API answers it (the reader's own type). */
type Movement = ActionMovement & { due: { before: any; after: any } };

/**
 * The committee's page of what changed in a plan over a period, in a real browser on the demo
 * plans: the actions the API's report lists for a period, with before and after; the last full
 * quarter by default; dates typed with the keyboard; a period that ends before it starts.
 */
describe('the web interface: what changed in a plan over a period', () => {
  const demo = useDemoWeb();
  const { expectAccessible, tabTo } = demo;
  let plan: { id: string; title: string };

  beforeAll(async () => {
    plan = (await demo.plans()).find((candidate) => candidate.periodStart.startsWith('2018'))!;
  });

  it("lists exactly the actions the API's report lists for December 2018 to January 2019, each with its status, owner and due date before and after", async () => {
    // The demo's workbooks were all recorded today: what happened in the winter of 2018-19 is placed by when it took effect.
    const query = 'since=2018-12-01&until=2019-01-31&basis=effective';
    const report = (await demo.api(`/plans/${plan.id}/changes?${query}`)).body as {
      summary: Record<string, number>;
      actions: Movement[];
      changes: unknown[];
    };
    expect(report.actions.length).toBeGreaterThan(0);
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/plans/${plan.id}/changes?${query}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Changes from 1 December 2018 to 31 January 2019');

    const shown = await page.locator('table.oversight-moved-actions tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const text = (selector: string) =>
          (row.querySelector(selector) as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
        return {
          ref: text('td:nth-child(1)'),
          href: row.querySelector('td:nth-child(2) > a')!.getAttribute('href'),
          description: text('td:nth-child(2) > a'),
          before: row.querySelector('.oversight-before') ? text('.oversight-before') : null,
          after: text('.oversight-after'),
          owner: text('td:nth-child(4)'),
          due: text('td:nth-child(5)'),
        };
      }),
    );
    const change = <T>(from: T, to: T, isNew: boolean, say: (value: T) => string) =>
      !isNew && JSON.stringify(from) !== JSON.stringify(to) ? `${say(from)} to ${say(to)}` : say(to);
    const expected = report.actions.map((action) => ({
      ref: action.ref ?? '',
      href: `/actions/${action.actionId}?asOf=2019-01-31`,
      description: words(action.description),
      before: action.isNew
        ? 'Not in the plan'
        : action.status.before !== action.status.after
          ? statusWords(action.status.before)
          : null,
      after: statusWords(action.status.after),
      owner: change(action.owner.before, action.owner.after, action.isNew, (owner) => owner ?? 'Not given'),
      due: change(action.due.before, action.due.after, action.isNew, dueWords),
    }));
    const byHref = (a: { href: string | null }, b: { href: string | null }) => a.href!.localeCompare(b.href!);
    expect(shown.sort(byHref)).toEqual(expected.sort(byHref));
    const summary = await page.locator('.oversight-changes-summary').innerText();
    expect(words(summary)).toContain(
      `Actions that moved ${report.summary.actionsMoved} New to the plan ${report.summary.newActions} Completed ${report.summary.completed} Changed status ${report.summary.statusChanges}`,
    );
    await expect(page.locator('.oversight-changes-details summary').innerText()).resolves.toBe(
      `Every change in the period (${report.changes.length})`,
    );
    await expect(page.locator('table.oversight-changes tbody tr').count()).resolves.toBe(report.changes.length);
    await expectAccessible(page, 'plan-changes');
    await page.locator('.oversight-changes-details summary').click();
    await expectAccessible(page, 'plan-changes-events-open');
    await context.close();
  }, 240_000);

  it('shows the last full calendar quarter when no period is chosen, and says which', async () => {
    const now = new Date();
    const quarterMonth = now.getUTCMonth() - (now.getUTCMonth() % 3);
    const [first, last] = [
      new Date(Date.UTC(now.getUTCFullYear(), quarterMonth - 3, 1)),
      new Date(Date.UTC(now.getUTCFullYear(), quarterMonth, 0)),
    ];
    const period = `${first.getUTCFullYear() === last.getUTCFullYear() ? DAY_MONTH.format(first) : LONG.format(first)} to ${LONG.format(last)}`;
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/plans/${plan.id}/changes`);
    await expect(page.locator('h1').innerText()).resolves.toBe(`Changes from ${period}`);
    const values = await Promise.all(
      ['since-day', 'since-month', 'since-year', 'until-day', 'until-month', 'until-year'].map((id) =>
        page.locator(`#${id}`).inputValue(),
      ),
    );
    const parts = (day: Date) => day.toISOString().slice(0, 10).split('-').reverse();
    expect(values).toEqual([...parts(first), ...parts(last)]);
    const report = (await demo.api(`/plans/${plan.id}/changes`)).body;
    // The quarter's days are London's (TIME_ZONE's default): it begins and ends at London midnight.
    const london = new CalendarDays('Europe/London');
    expect(report.period).toEqual({
      since: london.startOf(first.toISOString().slice(0, 10)).toISOString(),
      until: london.startOfNext(last.toISOString().slice(0, 10)).toISOString(),
      basis: 'recorded',
    });
    await expect(page.locator('table.oversight-moved-actions tbody tr').count()).resolves.toBe(report.actions.length);
    if (report.actions.length === 0)
      await expect(page.locator('main').innerText()).resolves.toContain(
        "Nothing was recorded on this plan's actions in this period.",
      );
    await expectAccessible(page, 'plan-changes-last-quarter');
    await context.close();
  });

  it('is reached from the plan, and takes the period typed with the keyboard alone into its address', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/plans/${plan.id}`);
    await tabTo(page, (element) => element.tag === 'A' && element.text === 'What changed in a period');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/plans/${plan.id}/changes`);
    await tabTo(page, (element) => element.id === 'since-day');
    for (const [n, part] of ['1', '12', '2018', '31', '1', '2019'].entries()) {
      if (n > 0) await page.keyboard.press('Tab');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(part);
    }
    await tabTo(page, (element) => element.name === 'basis');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (element) => element.tag === 'BUTTON' && element.text === 'Show the changes');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?since=2018-12-01&until=2019-01-31&basis=effective');
    await expect(page.locator('h1').innerText()).resolves.toBe('Changes from 1 December 2018 to 31 January 2019');
    await expect(page.locator('#since-day').inputValue()).resolves.toBe('01');
    await expect(page.locator('input[name="basis"][value="effective"]').isChecked()).resolves.toBe(true);
    await context.close();
  });

  it('refuses a period that ends before it starts, naming until', async () => {
    const context = await demo.browser.newContext();
    const page = await demo.signIn(context, 'inspector', `/plans/${plan.id}`);
    const refused = await page.goto(`${demo.baseUrl}/plans/${plan.id}/changes?since=2019-01-31&until=2018-12-01`);
    expect(refused!.status()).toBe(400);
    await expect(page.locator('h1').innerText()).resolves.toBe('There is a problem');
    await expect(page.locator('main li').allInnerTexts()).resolves.toEqual(['until: until must be after since']);
    await expectAccessible(page, 'plan-changes-until-before-since');
    await context.close();
  });
});
