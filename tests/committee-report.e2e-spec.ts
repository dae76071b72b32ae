import { CalendarDays } from '#domain';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { SqlReadModels } from '#read-store';
import { readProvenance, verifyCommitteeReport, type CommitteeReport } from '#reporting';
import { fixtureBytes, FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';
import { postUpdate } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

const FORMATS = ['docx', 'pdf', 'json'] as const;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const STATUS_ROWS = [
  ['Blue', 'blue'],
  ['Red', 'red'],
  ['Amber', 'amber'],
  ['Green', 'green'],
  ['Not rated', 'unrated'],
] as const;
/** Where the PDF's pages are drawn as PNGs, for a person to look at after the run. */
const RENDERINGS = join(process.cwd(), 'test-results', 'report');

type Counts = Record<(typeof STATUS_ROWS)[number][1] | 'total' | 'overdue', number>;
type StateAction = {
  id: string;
  revision: number;
  status: string | null;
  overdue: boolean;
  withdrawn: boolean;
  completed: boolean;
};

/** GET as bytes, whatever the type. */
const download = (api: ApiUnderTest, path: string) =>
  api.http
    .get(path)
    .set(bearer(api.keys.inspector))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
/** Text with every run of white space as one space: table cells read in order, whatever the format's line breaks. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
/** The calendar quarter a day is in, as its first and last days. */
function quarterOf(day: string): { from: string; to: string } {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const first = Math.floor((month - 1) / 3) * 3;
  return {
    from: new Date(Date.UTC(year, first, 1)).toISOString().slice(0, 10),
    to: new Date(Date.UTC(year, first + 3, 0)).toISOString().slice(0, 10),
  };
}

describe('the committee report', () => {
  let api: ApiUnderTest;
  /** The moment after both imports: the report "as at" it is the past once anything more is recorded. */
  let importedAt: string;
  const plans = new Map<
    string,
    { id: string; title: string; period: { from: string; to: string }; snapshot: string }
  >();

  beforeAll(async () => {
    rmSync(RENDERINGS, { recursive: true, force: true });
    mkdirSync(RENDERINGS, { recursive: true });
    api = await startApi();
    let position = 0;
    for (const name of [FIXTURES.sip2018, FIXTURES.sdp2024]) {
      const response = await api.http
        .post('/imports')
        .set(bearer(api.keys.manager))
        .attach('file', fixtureBytes(name), name);
      expect(response.status).toBe(201);
      const { plan, asOf } = response.body.summary;
      // The quarter the workbook describes: its statuses and completions took effect in it.
      plans.set(name, { id: plan.id, title: plan.title, period: quarterOf(asOf.date), snapshot: asOf.date });
      position = Math.max(position, response.body.position);
    }
    expect(await api.oversight.projector.waitFor(position, 60_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    importedAt = new Date().toISOString();
  }, 300_000);
  afterAll(async () => {
    await api?.close();
  });

  const reportPath = (name: string, query: Record<string, string>) =>
    `/plans/${plans.get(name)!.id}/report?${new URLSearchParams(query).toString()}`;

  /** The figures the read models give through the API, at the report's dates: what every form must show. */
  async function readModelFigures(name: string, query: { from: string; to: string; asAt: string }) {
    const { id } = plans.get(name)!;
    const state = async (asOf: string) => {
      const response = await api.http
        .get(`/plans/${id}/state?asOf=${asOf}&asAt=${encodeURIComponent(query.asAt)}&pageSize=500`)
        .set(bearer(api.keys.inspector));
      expect(response.status).toBe(200);
      return response.body as { counts: Counts; actions: StateAction[] };
    };
    const [start, end] = [await state(dayBefore(query.from)), await state(query.to)];
    const changes = await api.http
      .get(`/plans/${id}/changes?since=${query.from}&until=${query.to}&basis=effective`)
      .set(bearer(api.keys.inspector));
    expect(changes.status).toBe(200);
    return { start, end, changes: changes.body as { summary: CommitteeReport['changes']['summary'] } };
  }

  for (const name of [FIXTURES.sip2018, FIXTURES.sdp2024]) {
    describe(name, () => {
      let content: CommitteeReport;
      let figures: Awaited<ReturnType<typeof readModelFigures>>;
      let query: { from: string; to: string; asAt: string };

      beforeAll(async () => {
        query = { ...plans.get(name)!.period, asAt: importedAt };
        const response = await api.http
          .get(reportPath(name, { ...query, format: 'json' }))
          .set(bearer(api.keys.inspector));
        expect(response.status).toBe(200);
        content = JSON.parse(response.text);
        writeFileSync(join(RENDERINGS, `${name}.json`), response.text);
        figures = await readModelFigures(name, query);
      }, 120_000);

      it('counts by status at the start and the end of the period, what changed and what is stuck, as the read models give them', () => {
        for (const [, status] of STATUS_ROWS) {
          const row = content.counts.rows.find((candidate) => candidate.status === status)!;
          expect(row).toEqual({
            status,
            start: figures.start.counts[status],
            end: figures.end.counts[status],
            change: figures.end.counts[status] - figures.start.counts[status],
          });
        }
        expect(content.counts.end.total).toBe(figures.end.counts.total);
        expect(content.counts.end.overdue).toBe(figures.end.counts.overdue);
        expect(content.changes.summary).toEqual(figures.changes.summary);
        expect(content.changes.summary.events).toBeGreaterThan(0);
        expect(content.achievements).toHaveLength(figures.changes.summary.completed);
        const stuck = figures.end.actions.filter((a) => !a.withdrawn && (a.status === 'red' || a.overdue));
        expect(content.stuck).toHaveLength(stuck.length);
        const live = figures.end.actions.filter((a) => !a.withdrawn).length;
        const accounted = content.accountability.flatMap((kind) => kind.sources).reduce((sum, s) => sum + s.actions, 0);
        expect(accounted).toBe(live);
        expect(content.appendix.rows.filter((row) => row.kind === 'action')).toHaveLength(live);
        expect(content.position).toBeGreaterThan(0);
        expect(content.sha256).toMatch(/^[0-9a-f]{64}$/);
      });

      it('the Word file has the council headings as Word headings, real tables, and the same figures', async () => {
        const response = await download(api, reportPath(name, { ...query, format: 'docx' }));
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(DOCX);
        const buffer = response.body as Buffer;
        writeFileSync(join(RENDERINGS, `${name}.docx`), buffer);
        const text = flat((await mammoth.extractRawText({ buffer })).value);
        const html = (await mammoth.convertToHtml({ buffer })).value;
        for (const heading of ['Summary', 'Recommendation', 'Main report', 'Appendices'])
          expect(html).toContain(`<h1>${heading}</h1>`);
        for (const heading of ['Actions by status', 'Key achievements in the period', 'Stuck and overdue actions'])
          expect(html).toContain(`<h2>${heading}</h2>`);
        expect(html).toContain('<table>');
        for (const label of [
          'Committee:',
          'Dated:',
          'Subject:',
          'Public:',
          'Report of:',
          'Report author:',
          'For information:',
        ])
          expect(text).toContain(label);
        expect(text).toContain('[Date of meeting]');
        expectFigures(text, figures);
        expect(readProvenance(buffer)).toMatchObject({ sha256: content.sha256, position: content.position });
      });

      it('the PDF is A4 with the title and page number on every page, the same figures, and is drawn for a person to look at', async () => {
        const response = await download(api, reportPath(name, { ...query, format: 'pdf' }));
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        const buffer = response.body as Buffer;
        const file = join(RENDERINGS, `${name}.pdf`);
        writeFileSync(file, buffer);
        const pdf = await getDocumentProxy(new Uint8Array(buffer));
        const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
        expect(totalPages).toBeGreaterThan(2);
        pages.forEach((page, index) => {
          expect(flat(page)).toContain(`Page ${index + 1} of ${totalPages}`);
          expect(flat(page)).toContain(plans.get(name)!.title);
        });
        const first = await pdf.getPage(1);
        const [, , width, height] = first.view;
        expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]);
        expectFigures(flat(pages.join(' ')), figures);
        const { info } = await getMeta(new Uint8Array(buffer));
        expect(info.Subject).toContain(content.sha256);
        expect(readProvenance(buffer)).toMatchObject({ sha256: content.sha256, position: content.position });
        // Every page as a PNG beside the PDF (poppler-utils' pdftoppm), for a person to look at.
        execFileSync('pdftoppm', ['-png', '-r', '60', file, join(RENDERINGS, name.replace(/\.xlsx$/, ''))]);
        const drawn = readdirSync(RENDERINGS).filter(
          (entry) => entry.startsWith(name.replace(/\.xlsx$/, '')) && entry.endsWith('.png'),
        );
        expect(drawn).toHaveLength(totalPages);
      });

      it('the web page shows the same figures, the chart as SVG, and links to the files as at the same moment', async () => {
        const response = await api.http
          .get(reportPath(name, query))
          .set(bearer(api.keys.inspector))
          .set('Accept', 'text/html');
        expect(response.status).toBe(200);
        expect(response.type).toBe('text/html');
        expect(response.text).toContain('<svg');
        expect(response.text).toContain(`asAt=${encodeURIComponent(importedAt)}&amp;format=docx`);
        const text = flat(response.text.replace(/<[^>]+>/g, ' '));
        expectFigures(text, figures);
        expect(readProvenance(Buffer.from(response.text))).toMatchObject({ sha256: content.sha256 });

        // Asked for as HTML by an API client (as the command writes it): a page of its own, the same report.
        const file = await api.http.get(reportPath(name, { ...query, format: 'html' })).set(bearer(api.keys.inspector));
        expect(file.status).toBe(200);
        expect(file.text.startsWith('<!DOCTYPE html>')).toBe(true);
        expectFigures(flat(file.text.replace(/<[^>]+>/g, ' ')), figures);
        expect(readProvenance(Buffer.from(file.text))).toMatchObject({ sha256: content.sha256 });
      });
    });
  }

  /** Each status's row of the counts table (start, end, change) and the summary's counts appear in the text. */
  function expectFigures(text: string, figures: Awaited<ReturnType<typeof readModelFigures>>) {
    for (const [word, status] of STATUS_ROWS) {
      const [start, end] = [figures.start.counts[status], figures.end.counts[status]];
      expect(text).toContain(`${word} ${start} ${end} ${signed(end - start)}`);
    }
    expect(text).toContain(
      `${figures.changes.summary.statusChanges} status changes, ${figures.changes.summary.completed} completions`,
    );
  }

  it('says when nothing moved in the period, instead of an empty table', async () => {
    const name = FIXTURES.sip2018;
    // The plan ran May 2018 to April 2019: nothing took effect on it two years on.
    const query = { from: '2021-01-01', to: '2021-03-31', asAt: importedAt };
    const figures = await readModelFigures(name, query);
    expect(figures.changes.summary.events).toBe(0);
    const json = await api.http.get(reportPath(name, { ...query, format: 'json' })).set(bearer(api.keys.inspector));
    const content = JSON.parse(json.text) as CommitteeReport;
    expect(content.changes.rows).toEqual([]);
    expect(content.achievements).toEqual([]);
    const docx = await download(api, reportPath(name, { ...query, format: 'docx' }));
    const text = flat((await mammoth.extractRawText({ buffer: docx.body as Buffer })).value);
    expect(text).toContain('Nothing on the plan moved between 1 January to 31 March 2021');
    expect(text).toContain('No action was completed in the period.');
    expect(text).not.toContain('Each action that moved');
  });

  it('refuses a period that ends before it starts, naming both, and an asAt still to come', async () => {
    const response = await api.http
      .get(reportPath(FIXTURES.sdp2024, { from: '2025-03-31', to: '2025-01-01' }))
      .set(bearer(api.keys.inspector));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['from', 'to']);
    expect(response.body.detail).toContain('2025-03-31');
    expect(response.body.detail).toContain('2025-01-01');
    const future = await api.http
      .get(reportPath(FIXTURES.sdp2024, { asAt: '2999-01-01' }))
      .set(bearer(api.keys.inspector));
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('asAt');
  });

  it('as at a past moment is the same bytes every time, and differs from today once a later change is recorded; --verify holds for it', async () => {
    const name = FIXTURES.sdp2024;
    const { id, period } = plans.get(name)!;
    const past = { ...period, asAt: importedAt };
    const files = async () =>
      Promise.all(
        FORMATS.map(async (format) => (await download(api, reportPath(name, { ...past, format }))).body as Buffer),
      );
    const first = await files();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // any clock inside a file would have moved
    const second = await files();
    const same = (a: Buffer[], b: Buffer[]) => FORMATS.map((format, n) => ({ format, same: a[n]!.equals(b[n]!) }));
    expect(same(first, second)).toEqual(FORMATS.map((format) => ({ format, same: true })));

    // A later change that took effect in the period: an action rated red on the quarter's last day.
    const state = await api.http.get(`/plans/${id}/state?pageSize=500`).set(bearer(api.keys.inspector));
    const target = (state.body.actions as StateAction[]).find(
      (a) => !a.withdrawn && !a.completed && a.status !== 'red',
    )!;
    const changed = await postUpdate(
      api,
      target.id,
      'status',
      { to: 'red', reason: 'Stuck: no capacity in the team', effectiveAt: `${period.to}T12:00:00Z` },
      target.revision,
    );
    expect(changed.status).toBe(200);
    expect(await api.oversight.projector.waitFor(changed.body.position, 30_000)).toBe(true);

    const today = JSON.parse(
      (await download(api, reportPath(name, { ...period, format: 'json' }))).body.toString(),
    ) as CommitteeReport;
    const then = JSON.parse(first[2]!.toString()) as CommitteeReport;
    expect(today.sha256).not.toBe(then.sha256);
    expect(today.counts.end.red).toBe(then.counts.end.red + 1);
    const again = await files();
    expect(same(first, again)).toEqual(FORMATS.map((format) => ({ format, same: true })));

    // The auditor's check: each file's line, recomputed at its position, still matches; a forged hash does not.
    const readModels = new SqlReadModels(api.oversight.readDatabase);
    for (const bytes of first) {
      const provenance = readProvenance(bytes)!;
      expect(provenance).toMatchObject({ planId: id, asAt: importedAt, sha256: then.sha256 });
      expect((await verifyCommitteeReport(readModels, provenance, new CalendarDays('Europe/London'))).outcome).toBe(
        'matches',
      );
    }
    const forged = { ...readProvenance(first[0]!)!, sha256: today.sha256! };
    expect(await verifyCommitteeReport(readModels, forged, new CalendarDays('Europe/London'))).toMatchObject({
      outcome: 'differs',
    });
  });
});
