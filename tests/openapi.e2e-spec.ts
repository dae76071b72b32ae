import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiUnderTest } from './support/api-harness.js';

const SNAPSHOT = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The same document whatever order its keys came in, so the snapshot's diff shows only real changes. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The API description is a contract with councils' scripts: it is compared with the one committed
 * in docs/openapi.json, so a change to the API that nobody planned fails here. A planned one is
 * written with `npm run openapi:update` and reviewed in the diff.
 */
describe('the API description', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi({ DOCS_PUBLIC: 'true' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is the one committed in docs/openapi.json', async () => {
    const response = await api.http.get('/docs-json');
    expect(response.status).toBe(200);
    const current = `${JSON.stringify(sortedKeys(response.body), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(SNAPSHOT, current);
    const committed = readFileSync(SNAPSHOT, 'utf8');
    if (current !== committed) {
      throw new Error(
        'The API description differs from docs/openapi.json. If the change is meant, run `npm run openapi:update` and commit the file; otherwise the API changed by mistake.',
      );
    }
  });
});
