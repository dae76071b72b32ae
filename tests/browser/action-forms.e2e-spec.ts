/// <reference lib="dom" />
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { useDemoWeb, type Role } from './support/demo-web.js';
import { CalendarDays } from '#domain';

interface LogEntry {
  type: string;
  reason: string | null;
  revision: number;
  actor: { name: string; role: string };
  origin: string;
  data: Record<string, unknown>;
}
interface ActionRow {
  id: string;
  revision: number;
  completed: boolean;
  withdrawn: boolean;
  description: string;
}

/**
 * Managers change actions in the browser (issue 16): each form validated and carried out by the
 * API's own DTO and command. The journeys run in Chromium with axe; the other forms of each family
 * are sent as a browser sends them (a session cookie, the form's hidden fields) over HTTP.
 */
describe('the web interface: managers change actions with forms', () => {
  const web = useDemoWeb();
  const { api, expectAccessible } = web;
  let actions: ActionRow[];
  let planId: string;
  let otherPlanId: string;
  /** A different demo action for each test, so no test sees another's changes. */
  let next = 0;
  const freshAction = (test: (action: ActionRow) => boolean = (action) => !action.completed && !action.withdrawn) => {
    const found = actions.slice(next).find(test)!;
    next = actions.indexOf(found) + 1;
    return found;
  };

  const log = async (actionId: string): Promise<LogEntry[]> =>
    (await api(`/audit-log?actionId=${actionId}&limit=1000`, {}, 'auditor')).body.entries;
  const revisionOf = async (actionId: string): Promise<number> => (await api(`/actions/${actionId}`)).body.revision;

  beforeAll(async () => {
    const target = await web.plan('2024');
    planId = target.id;
    // A plan no demo action has been through, to carry one into.
    otherPlanId = (
      await api(
        '/plans',
        {
          method: 'POST',
          body: JSON.stringify({
            title: 'Service Development Plan 2026-27',
            periodStart: '2026-04-01',
            periodEnd: '2027-03-31',
          }),
        },
        'manager',
      )
    ).body.id;
    actions = (await api(`/plans/${planId}/state?pageSize=500`)).body.actions;
  });

  /** Sends the form shown on the page by its button; waits for the page that answers. */
  async function send(page: Page, button: string) {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
  }

  describe('in the browser', () => {
    it('a manager changes a status with a reason: the form first refuses it without one, writing nothing', async () => {
      const action = freshAction();
      const before = await log(action.id);
      const context = await web.browser.newContext();
      const page = await web.signIn(context, 'manager', `/actions/${action.id}`);
      await page.getByRole('link', { name: 'Change the BRAG status' }).click();
      await page.waitForURL(`**/actions/${action.id}/forms/status`);
      await expectAccessible(page, 'form-status');

      await page.getByLabel('Red', { exact: true }).check();
      await send(page, 'Change the status');
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.innerText()).resolves.toContain('Enter why the status is changing');
      await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#reason');
      await expect(page.locator('#reason-error').innerText()).resolves.toContain('Enter why the status is changing');
      await expect(page.getByLabel('Red', { exact: true }).isChecked()).resolves.toBe(true); // kept as chosen
      await expectAccessible(page, 'form-status-errors');
      expect(await log(action.id)).toHaveLength(before.length);

      await page.fill('#reason', 'Stuck: waiting on the health partners since the March DLT');
      await send(page, 'Change the status');
      expect(new URL(page.url()).pathname).toBe(`/actions/${action.id}`);
      await expect(page.locator('.govuk-notification-banner--success').innerText()).resolves.toContain(
        'Status changed to red (stuck)',
      );
      await expectAccessible(page, 'form-status-recorded');
      const after = await log(action.id);
      expect(
        after
          .slice(before.length)
          .map((entry) => [entry.type, entry.reason, entry.data.to, entry.actor.role, entry.origin]),
      ).toEqual([
        ['RagStatusChanged', 'Stuck: waiting on the health partners since the March DLT', 'red', 'manager', 'web'],
      ]);
      await expect(page.locator('.moj-timeline__item').last().innerText()).resolves.toContain(
        'From a form in the browser',
      );
      // Once: the next page has no banner.
      await page.reload();
      await expect(page.locator('.govuk-notification-banner').count()).resolves.toBe(0);
      await context.close();
    });

    it('two managers edit the same action: the second sees what the first changed, nothing of theirs written, and applies it on top', async () => {
      const action = freshAction();
      const first = await web.browser.newContext();
      const second = await web.browser.newContext();
      const one = await web.signIn(first, 'manager', `/actions/${action.id}/forms/reassign`);
      const two = await web.signIn(second, 'admin', `/actions/${action.id}/forms/reassign`);
      const start = await revisionOf(action.id);

      await one.fill('#to', 'RG');
      await one.fill('#reason', 'RG leads the audit work from April');
      await send(one, 'Reassign');
      expect(new URL(one.url()).pathname).toBe(`/actions/${action.id}`);

      await two.fill('#to', 'JH');
      await two.fill('#reason', 'JH takes it over from the DTM');
      await send(two, 'Reassign');
      const summary = two.locator('.govuk-error-summary');
      await expect(summary.innerText()).resolves.toContain('Someone else changed this after you opened the form');
      const changed = await two.locator('.oversight-change-since').innerText();
      expect(changed).toContain('demo manager (manager)');
      expect(changed).toContain('RG leads the audit work from April');
      expect(changed).toContain('RG'); // after
      await expect(two.locator('#to').inputValue()).resolves.toBe('JH'); // what they typed, kept
      await expect(two.locator('#reason').inputValue()).resolves.toBe('JH takes it over from the DTM');
      await expect(two.locator('input[name=revision]').inputValue()).resolves.toBe(String(start + 1));
      await expectAccessible(two, 'form-reassign-conflict');
      expect((await log(action.id)).filter((entry) => entry.revision > start).map((entry) => entry.data.to)).toEqual([
        'RG',
      ]);

      await send(two, 'Reassign');
      expect(new URL(two.url()).pathname).toBe(`/actions/${action.id}`);
      await expect(two.locator('.govuk-notification-banner--success').innerText()).resolves.toContain(
        'Reassigned to JH',
      );
      const since = (await log(action.id)).filter((entry) => entry.revision > start);
      expect(since.map((entry) => [entry.type, entry.data.to, entry.actor.role])).toEqual([
        ['ActionReassigned', 'RG', 'manager'],
        ['ActionReassigned', 'JH', 'admin'],
      ]);
      expect(since[1]!.data.from).toBe('RG'); // applied on top of the first
      await first.close();
      await second.close();
    });

    it('a double submit appends once and both land on the action page; a forged POST without the token writes nothing', async () => {
      const action = freshAction();
      const context = await web.browser.newContext();
      const page = await web.signIn(context, 'manager', `/actions/${action.id}/forms/comment`);
      const before = (await log(action.id)).length;
      await page.fill('#text', 'January: audit of written plans completed, findings to March DLT');
      // The same form sent twice, as a second click or a retry after a lost answer sends it.
      const answers = await page.evaluate(async () => {
        const body = new URLSearchParams(
          new FormData(document.querySelector('form[method=post]:not(.oversight-inline-form)')!) as never,
        );
        const sent = await Promise.all([1, 2].map(() => fetch(location.pathname, { method: 'POST', body })));
        return sent.map((answer) => ({ status: answer.status, url: answer.url }));
      });
      expect(answers.map((answer) => [answer.status, new URL(answer.url).pathname])).toEqual([
        [200, `/actions/${action.id}`],
        [200, `/actions/${action.id}`],
      ]);
      const comments = (await log(action.id)).slice(before);
      expect(comments.map((entry) => [entry.type, entry.data.text])).toEqual([
        ['CommentAdded', 'January: audit of written plans completed, findings to March DLT'],
      ]);

      // The same form with other words (shown again from the history, say) is another change: it is not taken for the first.
      const reworded = await page.evaluate(async () => {
        const form = new FormData(document.querySelector('form[method=post]:not(.oversight-inline-form)')!);
        form.set('text', 'February: findings agreed');
        form.set('revision', String(Number(form.get('revision')) + 1));
        const answer = await fetch(location.pathname, { method: 'POST', body: new URLSearchParams(form as never) });
        return new URL(answer.url).pathname;
      });
      expect(reworded).toBe(`/actions/${action.id}`);
      expect((await log(action.id)).slice(before).map((entry) => entry.data.text)).toEqual([
        'January: audit of written plans completed, findings to March DLT',
        'February: findings agreed',
      ]);

      const forged = await page.evaluate(async () => {
        const form = new FormData(document.querySelector('form[method=post]:not(.oversight-inline-form)')!);
        form.delete('_csrf');
        form.set('idempotencyKey', 'forged-1');
        form.set('text', 'Forged');
        const answer = await fetch(location.pathname, { method: 'POST', body: new URLSearchParams(form as never) });
        return answer.status;
      });
      expect(forged).toBe(403);
      expect((await log(action.id)).length).toBe(before + 2);
      await context.close();
    });

    it('an inspector sees no forms, is refused one (403), and a POST from their session writes nothing', async () => {
      const action = freshAction();
      const context = await web.browser.newContext();
      const page = await web.signIn(context, 'inspector', `/actions/${action.id}`);
      await expect(page.locator('#change').count()).resolves.toBe(0);
      await expect(page.locator('a[href*="/forms/"]').count()).resolves.toBe(0);
      const before = (await log(action.id)).length;
      const answers = await page.evaluate(
        async ({ id, revision }) => {
          const token = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
          const shown = await fetch(`/actions/${id}/forms/status`);
          const body = new URLSearchParams({
            _csrf: token,
            revision: String(revision),
            idempotencyKey: 'inspector-1',
            to: 'red',
            reason: 'Not mine to change',
          });
          const sent = await fetch(`/actions/${id}/forms/status`, { method: 'POST', body });
          return [shown.status, sent.status];
        },
        { id: action.id, revision: await revisionOf(action.id) },
      );
      expect(answers).toEqual([403, 403]);
      expect((await log(action.id)).length).toBe(before);
      await context.close();
    });

    /** Each form empty, then sent with errors (empty where it allows, a day that is no date where it asks when): zero axe violations. */
    async function checkForms(forms: string[]) {
      const context = await web.browser.newContext();
      const page = await web.signIn(context, 'manager', forms[0]);
      for (const path of forms) {
        await page.goto(`${web.baseUrl}${path}`);
        const name = `form${path.replace(/\/[0-9a-f-]{36}/g, '').replace(/\//g, '-')}`;
        await expectAccessible(page, name);
        if (await page.locator('#effective-day').count()) await page.fill('#effective-day', '45');
        for (const field of await page
          .locator('textarea:visible, input[type=text]:not([name^=effective]):visible, input[type=url]:visible')
          .all())
          await field.fill('');
        await send(page, await page.locator('form:not(.oversight-inline-form) button').innerText());
        await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
        // Every link of the summary leads to a field on the page.
        for (const href of await page
          .locator('.govuk-error-summary a')
          .evaluateAll((links) => links.map((link) => link.getAttribute('href')!)))
          await expect(page.locator(href).count()).resolves.toBe(1);
        await expectAccessible(page, `${name}-errors`);
      }
      await context.close();
    }

    it('every form changing an action passes axe empty and with errors (WCAG 2.2 AA), writing nothing', async () => {
      const completed = freshAction((candidate) => candidate.completed && !candidate.withdrawn);
      const action = freshAction();
      const before = [(await log(action.id)).length, (await log(completed.id)).length];
      await checkForms([
        ...[
          'status',
          'comment',
          'reassign',
          'due-date',
          'amend',
          'evidence',
          'complete',
          'carry-forward',
          'withdraw',
        ].map((slug) => `/actions/${action.id}/forms/${slug}`),
        ...['retain', 'reopen'].map((slug) => `/actions/${completed.id}/forms/${slug}`),
      ]);
      expect([(await log(action.id)).length, (await log(completed.id)).length]).toEqual(before);
    }, 150_000);

    it('every form creating a plan, a source, a recommendation or an action passes axe empty and with errors', async () => {
      const source = (await api('/sources')).body.groups[0].sources[0].source.id as string;
      const plans = (await web.plans()).length;
      await checkForms([
        '/plans/forms/new',
        '/sources/forms/new',
        `/plans/${planId}/forms/action`,
        `/sources/${source}/forms/recommendation`,
      ]);
      expect((await web.plans()).length).toBe(plans);
    }, 90_000);
  });

  describe('over HTTP, as a browser sends each form', () => {
    /** A signed-in session: its cookie, and a form's hidden fields read from the page as shown. */
    async function session(role: Role) {
      const signIn = await fetch(`${web.baseUrl}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ apiKey: web.keys[role] }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const get = (path: string) =>
        fetch(`${web.baseUrl}${path}`, { headers: { Cookie: cookie, Accept: 'text/html' }, redirect: 'manual' });
      const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
      const submitRaw = async (path: string, body: URLSearchParams) => {
        const answer = await fetch(`${web.baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Cookie: cookie, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
        return { status: answer.status, location: answer.headers.get('location'), html: await answer.text() };
      };
      return {
        get,
        submitRaw,
        /** Shows the form, then sends it with these fields, as the browser would. */
        async submit(path: string, fields: Record<string, string>) {
          const html = await (await get(path)).text();
          const sent = Object.fromEntries(
            ['_csrf', 'revision', 'idempotencyKey']
              .map((name) => [name, hidden(html, name)])
              .filter(([, v]) => v !== ''),
          );
          return submitRaw(path, new URLSearchParams({ ...sent, ...fields }));
        },
      };
    }

    it('each change to an action is written by its command, with its reason, and ends on the action page', async () => {
      const manager = await session('manager');
      const action = freshAction();
      const at = (slug: string) => `/actions/${action.id}/forms/${slug}`;
      const today = new Date();
      const [d, m, y] = [today.getUTCDate(), today.getUTCMonth() + 1, today.getUTCFullYear()].map(String);
      // Changes are offered on the action as it stands, never on a view of the past.
      expect(await (await manager.get(`/actions/${action.id}`)).text()).toContain(at('status'));
      const day = today.toISOString().slice(0, 10);
      expect(await (await manager.get(`/actions/${action.id}?asOf=${day}`)).text()).not.toContain('/forms/');
      const steps: [string, Record<string, string>, string, unknown][] = [
        [
          'comment',
          { text: 'May 2024: first audit done', 'effective-day': '1', 'effective-month': '4', 'effective-year': y },
          'CommentAdded',
          'May 2024: first audit done',
        ],
        [
          'due-date',
          { 'due-kind': 'text', 'due-text': 'June and March 2025', reason: 'Board asked for two reviews' },
          'DueDateChanged',
          { kind: 'text', text: 'June and March 2025' },
        ],
        [
          'due-date',
          { 'due-kind': 'date', 'due-day': '31', 'due-month': '5', 'due-year': '2025', reason: 'One review' },
          'DueDateChanged',
          { kind: 'date', date: '2025-05-31' },
        ],
        [
          'amend',
          {
            description: action.description,
            successMeasure: 'Audits show plans are SMART',
            reason: 'Measure agreed at DLT',
          },
          'ActionAmended',
          [{ field: 'successMeasure', to: 'Audits show plans are SMART' }],
        ],
        [
          'evidence',
          {
            title: 'DLT minutes, March 2024',
            kind: 'minutes',
            'location-kind': 'link',
            url: 'https://intranet.example.gov.uk/dlt/2024-03.pdf',
            'date-day': '27',
            'date-month': '3',
            'date-year': '2024',
          },
          'EvidenceAttached',
          'DLT minutes, March 2024',
        ],
        [
          'complete',
          { reason: '', 'effective-day': d, 'effective-month': m, 'effective-year': y },
          'ActionCompleted',
          null,
        ],
        ['retain', { reason: 'Ofsted recommendation: kept in to retain oversight' }, 'RetainedForOversight', null],
        ['reopen', { status: 'amber', reason: 'Re-audit found gaps' }, 'ActionReopened', null],
        [
          'carry-forward',
          { toPlanId: otherPlanId, reason: 'Retained for continuity' },
          'ActionCarriedForward',
          otherPlanId,
        ],
        ['withdraw', { reason: 'Superseded by the new front door action' }, 'ActionWithdrawn', null],
      ];
      for (const [slug, fields, type, data] of steps) {
        const before = (await log(action.id)).length;
        const answer = await manager.submit(at(slug), fields);
        expect({ slug, status: answer.status, location: answer.location }).toEqual({
          slug,
          status: 303,
          location: `/actions/${action.id}`,
        });
        const written = (await log(action.id)).slice(before);
        expect({ slug, type: written[0]?.type }).toEqual({ slug, type });
        const entry = written[0]!;
        if (fields.reason) expect(entry.reason).toBe(fields.reason);
        if (slug === 'comment')
          // The day given begins at London midnight (TIME_ZONE's default): 1 April is in summer time.
          expect([
            entry.data.text,
            new CalendarDays('Europe/London').dayOf((entry as unknown as { effectiveAt: string }).effectiveAt),
          ]).toEqual([data, `${y}-04-01`]);
        if (slug === 'due-date') expect(entry.data.to).toEqual(data);
        if (slug === 'amend')
          expect(
            (entry.data.changes as { field: string; to: unknown }[]).map(({ field, to }) => ({ field, to })),
          ).toEqual(data);
        if (slug === 'evidence')
          expect([entry.data.title, entry.data.location]).toEqual([
            data,
            { kind: 'link', url: 'https://intranet.example.gov.uk/dlt/2024-03.pdf' },
          ]);
        if (slug === 'carry-forward') expect(entry.data.toPlanId).toBe(data);
      }
      // A withdrawn action offers no change, and refuses one with the domain's words, writing nothing.
      const page = await (await manager.get(`/actions/${action.id}`)).text();
      expect(page).not.toContain('/forms/');
      const before = (await log(action.id)).length;
      const refused = await manager.submit(at('comment'), { text: 'Too late' });
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('A withdrawn action cannot be changed');
      expect((await log(action.id)).length).toBe(before);
    });

    it('a plan, a source, a recommendation and an action are created by their forms, each once however often sent', async () => {
      const manager = await session('manager');
      // Where a writer finds the forms.
      expect(await (await manager.get('/plans')).text()).toContain('href="/plans/forms/new"');
      expect(await (await manager.get(`/plans/${planId}`)).text()).toContain(`href="/plans/${planId}/forms/action"`);
      const sourcesPage = await (await manager.get('/sources')).text();
      expect(sourcesPage).toContain('href="/sources/forms/new"');
      expect(sourcesPage).toMatch(/href="\/sources\/[0-9a-f-]{36}\/forms\/recommendation"/);
      const plan = await manager.submit('/plans/forms/new', {
        title: 'Service Development Plan 2025-26',
        'periodStart-day': '1',
        'periodStart-month': '4',
        'periodStart-year': '2025',
        'periodEnd-day': '31',
        'periodEnd-month': '3',
        'periodEnd-year': '2026',
        owner: 'Head of Service',
        board: '',
        reviewFrequency: 'Quarterly',
      });
      expect(plan.status).toBe(303);
      const newPlanId = /^\/plans\/([0-9a-f-]{36})$/.exec(plan.location!)![1]!;
      expect((await api(`/plans/${newPlanId}/state`)).body.plan).toMatchObject({
        title: 'Service Development Plan 2025-26',
        periodStart: '2025-04-01',
        periodEnd: '2026-03-31',
        owner: 'Head of Service',
        board: null,
      });

      const refused = await manager.submit('/sources/forms/new', { kind: '', title: '' });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('href="#kind"');
      expect(refused.html).toContain('Enter the source as people name it');
      const source = await manager.submit('/sources/forms/new', {
        kind: 'staff-feedback',
        title: 'Feedback from Duty workers, 2025',
        'date-day': '',
        'date-month': '',
        'date-year': '',
      });
      expect([source.status, source.location]).toEqual([303, '/sources']);
      const sources = (await api('/sources')).body.groups.flatMap(
        (group: { sources: { source: { id: string; title: string } }[] }) => group.sources.map((entry) => entry.source),
      );
      const created = sources.filter((entry: { title: string }) => entry.title === 'Feedback from Duty workers, 2025');
      expect(created).toHaveLength(1);

      const recommendation = await manager.submit(`/sources/${created[0].id}/forms/recommendation`, {
        reference: '',
        text: 'Duty workers want fewer handovers',
        level: 'service',
      });
      expect(recommendation.status).toBe(303);
      expect(recommendation.location).toMatch(/^\/recommendations\/[0-9a-f-]{36}$/);
      const recommendationId = recommendation.location!.split('/')[2]!;

      const path = `/plans/${newPlanId}/forms/action`;
      const html = await (await manager.get(path)).text();
      // The recommendation just recorded is offered as what the action answers.
      expect(html).toContain(`value="${created[0].id}/${recommendationId}"`);
      const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
      const body = new URLSearchParams({
        _csrf: hidden('_csrf'),
        idempotencyKey: hidden('idempotencyKey'),
        answers: `${created[0].id}/${recommendationId}`,
        description: 'Fewer handovers at the front door',
        owner: 'DTM',
        'due-kind': 'text',
        'due-text': 'April-June',
      });
      const twice = await Promise.all([1, 2].map(() => manager.submitRaw(path, body)));
      expect(twice.map((answer) => answer.status)).toEqual([303, 303]);
      expect(twice[0]!.location).toBe(twice[1]!.location);
      const state = (await api(`/plans/${newPlanId}/state`)).body;
      expect(
        state.actions.map(
          (entry: { description: string; owner: string; currentDue: unknown; recommendationId: string }) => [
            entry.description,
            entry.owner,
            entry.currentDue,
            entry.recommendationId,
          ],
        ),
      ).toEqual([['Fewer handovers at the front door', 'DTM', { kind: 'text', text: 'April-June' }, recommendationId]]);
    });

    it('an amendment sent again after a conflict changes only what its author changed, never undoing the other change', async () => {
      const manager = await session('manager');
      const action = freshAction();
      const path = `/actions/${action.id}/forms/amend`;
      const unescape = (text: string) =>
        text.replace(
          /&(amp|lt|gt|quot|#39);/g,
          (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!,
        );
      const fieldsOf = (html: string) =>
        Object.fromEntries(
          [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
            match[1]!,
            unescape(match[2]!),
          ]),
        );
      const shown = fieldsOf(await (await manager.get(path)).text());
      // Someone else rewords what it does meanwhile, through the API.
      const other = await api(
        `/actions/${action.id}/amend`,
        {
          method: 'POST',
          headers: { 'If-Match': `"${shown.revision}"` },
          body: JSON.stringify({ changes: { description: 'Reworded by the admin' }, reason: 'Clearer wording' }),
        },
        'admin',
      );
      expect(other.status).toBe(200);
      const typed = {
        description: shown['was-description']!,
        successMeasure: 'Audits show plans are SMART',
        experienceOfChildren: shown['was-experienceOfChildren']!,
        reason: 'Measure agreed at DLT',
      };
      const conflict = await manager.submitRaw(path, new URLSearchParams({ ...shown, ...typed }));
      expect(conflict.status).toBe(409);
      expect(conflict.html).toContain('Reworded by the admin');
      const again = await manager.submitRaw(path, new URLSearchParams({ ...fieldsOf(conflict.html), ...typed }));
      expect(again.status).toBe(303);
      const entries = await log(action.id);
      expect(
        (entries.at(-1)!.data.changes as { field: string; to: unknown }[]).map(({ field, to }) => ({ field, to })),
      ).toEqual([{ field: 'successMeasure', to: 'Audits show plans are SMART' }]);
      expect((await api(`/actions/${action.id}`)).body.description).toBe('Reworded by the admin');
    });

    it('an inspector and an auditor are refused every form (403), and their POSTs write nothing', async () => {
      const action = freshAction();
      const before = (await log(action.id)).length;
      for (const role of ['inspector', 'auditor'] as const) {
        const reader = await session(role);
        for (const path of [
          `/actions/${action.id}/forms/comment`,
          '/plans/forms/new',
          `/plans/${planId}/forms/action`,
        ]) {
          expect({ role, path, status: (await reader.get(path)).status }).toEqual({ role, path, status: 403 });
        }
        for (const path of ['/plans', `/plans/${planId}`, '/sources', `/actions/${action.id}`])
          expect({ role, path, forms: (await (await reader.get(path)).text()).includes('/forms/') }).toEqual({
            role,
            path,
            forms: false,
          });
        const page = await (await reader.get(`/actions/${action.id}`)).text();
        const token = /name="_csrf" value="([^"]*)"/.exec(page)![1]!;
        const answer = await reader.submitRaw(
          `/actions/${action.id}/forms/comment`,
          new URLSearchParams({
            _csrf: token,
            revision: String(await revisionOf(action.id)),
            idempotencyKey: `${role}-1`,
            text: 'Not mine to write',
          }),
        );
        expect({ role, status: answer.status }).toEqual({ role, status: 403 });
      }
      expect((await log(action.id)).length).toBe(before);
    });
  });
});
