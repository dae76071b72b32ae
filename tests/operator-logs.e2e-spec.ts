import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runOversight, startService, type RunningService } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

interface LogLine {
  level: string;
  context?: string;
  message: unknown;
}

/** The service's JSON log lines (one object per line); anything else on its output fails the parse. */
const logLines = (service: RunningService): LogLine[] =>
  service
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);

const messagesOf = (service: RunningService, context: string) =>
  logLines(service)
    .filter((line) => line.context === context)
    .map((line) => line.message as Record<string, unknown>);

async function eventually<T>(what: string, read: () => T, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  for (const until = Date.now() + ms; ;) {
    const value = read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The service as an operator runs it: JSON logs with one access line per request and the
 * security events, failed authentication throttled per address, and a shutdown that finishes
 * or cuts off the requests in flight within SHUTDOWN_TIMEOUT_MS.
 */
describe('the service for an operator', () => {
  let runStore: RunStore;
  let service: RunningService;
  let key: string;
  let managerKey: string;
  beforeAll(async () => {
    runStore = await createRunStore();
    const issue = async (role: string) => {
      const created = await runOversight(
        ['keys', 'create', '--name', `Operator ${role}`, '--role', role],
        runStore.env,
      );
      return /^(ovk_\S+)$/m.exec(created.stdout)![1]!;
    };
    key = await issue('auditor');
    managerKey = await issue('manager');
    service = await startService({ ...runStore.env, LOG_FORMAT: 'json', SHUTDOWN_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await service?.stop();
    await runStore?.dispose();
  });

  it('writes every log line as JSON, one access line per request with its route, status, actor and request id, never the key', async () => {
    const response = await fetch(`${service.baseUrl}/plans/00000000-0000-4000-8000-000000000000?status=red`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(404);
    const requestId = response.headers.get('x-request-id');
    const line = await eventually(
      'the access line',
      () => messagesOf(service, 'Access').find((message) => message.requestId === requestId),
      (found) => found !== undefined,
    );
    expect(line).toMatchObject({
      event: 'request',
      method: 'GET',
      route: '/plans/:planId',
      path: '/plans/00000000-0000-4000-8000-000000000000',
      status: 404,
      actorId: expect.stringMatching(/^[0-9a-f]{32}$/),
      durationMs: expect.any(Number),
    });
    expect(service.output()).not.toContain(key);
    expect(service.output()).not.toContain('status=red');
  });

  it('logs a failed authentication as a security event, and refuses an address after 30 failures (429, Retry-After) for a while', async () => {
    const wrong = `ovk_${'0'.repeat(32)}_${'A'.repeat(43)}`;
    const statuses: number[] = [];
    for (let n = 0; n < 31; n++) {
      statuses.push(
        (await fetch(`${service.baseUrl}/plans`, { headers: { Authorization: `Bearer ${wrong}` } })).status,
      );
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await fetch(`${service.baseUrl}/plans`, { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Without a key (a public page, liveness) the address is still answered.
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    const security = messagesOf(service, 'Security');
    expect(security.filter((message) => message.event === 'authentication-failed')).toHaveLength(30);
    expect(security.find((message) => message.event === 'authentication-failed')).toMatchObject({
      method: 'GET',
      path: '/plans',
      client: expect.any(String),
      requestId: expect.any(String),
    });
    expect(security.some((message) => message.event === 'authentication-throttled')).toBe(true);
    expect(service.output()).not.toContain(wrong);
  });

  it('logs a client that goes away mid-upload as one warning, not a 500 with a stack', async () => {
    const { port } = new URL(service.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    const boundary = 'oversight-test-boundary';
    socket.write(
      `POST /imports?dryRun=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${managerKey}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.csv"\r\nContent-Type: text/csv\r\n\r\nRef,Action\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const errors = logLines(service).filter((line) => line.level === 'error');
    expect(errors).toEqual([]);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
  });

  it('on SIGTERM, cuts off a request still in flight at SHUTDOWN_TIMEOUT_MS and exits cleanly', async () => {
    // An upload that stops sending: without the deadline, the server would wait for it for ever.
    const { port } = new URL(service.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      `POST /imports?dryRun=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${managerKey}\r\n` +
        'Content-Type: text/csv\r\nContent-Length: 100000\r\n\r\nRef,Action\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const code = await service.stop();
    const took = Date.now() - started;
    socket.destroy();
    expect(code).toBe(0);
    expect(took).toBeLessThan(8_000);
    const messages = logLines(service).map((line) => String(line.message));
    expect(messages.some((message) => message.includes('taking no new requests'))).toBe(true);
    expect(messages.some((message) => message.includes('still in flight after 1000 ms'))).toBe(true);
    expect(messages.at(-1)).toBe('Shut down');
  });
});
