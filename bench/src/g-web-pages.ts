import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createPool, PostgresEventStore } from '#event-store';
import { seededRandom } from '../../libs/domain/src/testing/index.js';
import { appendGeneratedPlan, randomDays } from './generated-plan.js';
import { now, p95Row, percentile, type BenchOptions, type Results } from './harness.js';
import { startServiceProcess } from './stores.js';

export const PLAN_PAGE_GOAL_MS = 100;
export const PAST_PLAN_PAGE_GOAL_MS = 150;
export const PAGE_WEIGHT_GOAL_KB = 150;

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they crossed the wire (compressed when the server compressed them). */
  sent: Buffer;
}

/**
 * g. The web interface as a browser meets it, over HTTP from the service's own process: a plan's
 * page with 100 actions on one page (p95; goal < 100 ms), the same page as it stood on a random
 * past day over 20,000 events (p95; goal < 150 ms), and the page's weight, HTML with the CSS and
 * JavaScript it loads, as sent to a browser that accepts gzip (goal < 150 KB). The raw figures: a
 * SELECT of the plan's 100 action rows, and of its audit-log rows up to the day.
 */
export async function webPagesBenchmark(options: BenchOptions, results: Results): Promise<void> {
  const actions = options.quick ? 20 : 100;
  const events = options.quick ? 2_000 : 20_000;
  const runs = options.quick ? 30 : 200;
  const service = await startServiceProcess('postgres', options.serverUrl);
  const pool = createPool({ connectionString: service.url!, max: 4 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const store = await PostgresEventStore.open(pool, { backend: 'postgres', listen: false });
    const random = seededRandom(17);
    const { planId, written } = await appendGeneratedPlan(store, random, { actions, events });
    const head = await store.headPosition();
    await store.close();
    const get = (path: string, headers: Record<string, string> = {}) => fetchRaw(agent, service.baseUrl, path, headers);
    // The service's own projector catches up; a read-your-writes query answers once it has.
    const caughtUp = await get(`/plans/${planId}/state?waitFor=${head}&pageSize=1`, {
      Authorization: `Bearer ${service.managerKey}`,
    });
    if (caughtUp.status !== 200) throw new Error(`The plan's read model did not catch up: ${caughtUp.status}`);

    const cookie = await signIn(agent, service.baseUrl, service.managerKey);
    const browser = { Accept: 'text/html,application/xhtml+xml', 'Accept-Encoding': 'gzip', Cookie: cookie };
    const pagePath = `/plans/${planId}?pageSize=${actions}`;
    const dates = randomDays(random, runs);
    for (let n = 0; n < 20; n++)
      await get(`${pagePath}${n % 2 ? `&asOf=${dates[n]!.toISOString().slice(0, 10)}` : ''}`, browser);

    const present = { page: [] as number[], raw: [] as number[] };
    const past = { page: [] as number[], raw: [] as number[] };
    for (const day of dates) {
      let start = now();
      const page = await get(pagePath, browser);
      present.page.push(now() - start);
      if (page.status !== 200 || !String(page.headers['content-type']).startsWith('text/html'))
        throw new Error(`The plan page answered ${page.status} ${page.headers['content-type']}`);
      start = now();
      await pool.query(`SELECT * FROM rm_actions WHERE $1 = ANY(plan_ids) ORDER BY ref LIMIT $2`, [planId, actions]);
      present.raw.push(now() - start);

      start = now();
      const then = await get(`${pagePath}&asOf=${day.toISOString().slice(0, 10)}`, browser);
      past.page.push(now() - start);
      if (then.status !== 200) throw new Error(`The plan page as it stood answered ${then.status}`);
      start = now();
      await pool.query(
        `SELECT action_id, type, data, revision, effective_at FROM rm_audit_log WHERE plan_id = $1 AND effective_at <= $2`,
        [planId, day],
      );
      past.raw.push(now() - start);
    }

    const weight = await pageWeight(get, pagePath, browser);
    results.add(
      p95Row(
        'g',
        `plan page in a browser (HTML, ${actions} actions on one page, signed in), over HTTP: p95 of ${runs} (p50 ${percentile(present.page, 50).toFixed(1)} ms)`,
        present.page,
        { samples: present.raw, what: "p95 SELECT of the plan's action rows" },
        PLAN_PAGE_GOAL_MS,
      ),
    );
    results.add(
      p95Row(
        'g',
        `plan page as it stood (asOf a random day), ${actions} actions, ${written.toLocaleString('en-GB')} events, over HTTP: p95 of ${runs} (p50 ${percentile(past.page, 50).toFixed(1)} ms)`,
        past.page,
        { samples: past.raw, what: "p95 SELECT of the plan's audit-log rows up to the day" },
        PAST_PLAN_PAGE_GOAL_MS,
      ),
    );
    results.add({
      benchmark: 'g',
      measure: `plan page weight, ${actions} actions: HTML + CSS + JS as sent (gzip); uncompressed ${kb(weight.uncompressed)} KB (HTML ${kb(weight.html)} KB)`,
      value: Math.round(weight.sent / 102.4) / 10,
      unit: 'KB',
      raw: null,
      ratio: null,
      goal: `< ${PAGE_WEIGHT_GOAL_KB} KB`,
      met: weight.sent / 1024 < PAGE_WEIGHT_GOAL_KB,
    });
    results.note(
      'g',
      `the page's files: ${weight.files.map((file) => `${file.path} ${kb(file.sent)} KB sent`).join(', ')}. The service in its own process as \`npm start\` runs it, on PostgreSQL; one client.`,
    );
  } finally {
    agent.destroy();
    await pool.end();
    await service.close();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The page and every stylesheet and script it loads (with the modules they import), as sent. */
async function pageWeight(
  get: (path: string, headers?: Record<string, string>) => Promise<Fetched>,
  pagePath: string,
  browser: Record<string, string>,
) {
  const page = await get(pagePath, browser);
  const html = decoded(page).toString('utf8');
  const files: { path: string; sent: number; size: number }[] = [
    { path: 'the page', sent: page.sent.length, size: decoded(page).length },
  ];
  const queue = [
    ...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g),
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
  ].map((match) => match[1]!);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const file = await get(path, { 'Accept-Encoding': 'gzip', Cookie: browser.Cookie! });
    if (file.status !== 200) throw new Error(`${path} answered ${file.status}`);
    const text = decoded(file);
    files.push({ path, sent: file.sent.length, size: text.length });
    if (path.endsWith('.js'))
      for (const match of text.toString('utf8').matchAll(/\bimport\s[^'"]*['"](\/[^'"]+)['"]/g)) queue.push(match[1]!);
  }
  return {
    files,
    sent: files.reduce((sum, file) => sum + file.sent, 0),
    uncompressed: files.reduce((sum, file) => sum + file.size, 0),
    html: files[0]!.size,
  };
}

function decoded(fetched: Fetched): Buffer {
  return fetched.headers['content-encoding'] === 'gzip' ? gunzipSync(fetched.sent) : fetched.sent;
}

/** A GET on one keep-alive socket, answering the bytes as sent: no decompression, no parsing. */
function fetchRaw(agent: http.Agent, baseUrl: string, path: string, headers: Record<string, string>): Promise<Fetched> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, hostname, port, method: 'GET', path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, sent: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** Signs in as a person does, through the form: the session cookie the pages are then asked with. */
function signIn(agent: http.Agent, baseUrl: string, apiKey: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  const body = new URLSearchParams({ apiKey, returnTo: '/plans' }).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        hostname,
        port,
        method: 'POST',
        path: '/sign-in',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(body)),
          Accept: 'text/html',
        },
      },
      (response) => {
        response.resume();
        const cookie = (response.headers['set-cookie'] ?? [])
          .map((line) => line.split(';')[0]!)
          .find((pair) => pair.startsWith('oversight_session='));
        response.on('end', () =>
          cookie ? resolve(cookie) : reject(new Error(`Sign-in answered ${response.statusCode} without a session`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
