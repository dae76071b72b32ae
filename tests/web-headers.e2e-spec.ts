import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sourceRequest } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

const nonceInPolicy = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
const nonceInPage = (html: string) => /<script nonce="([^"]+)"/.exec(html)?.[1];

/**
 * What every answer carries from set-up-web: a script nonce new on each page, and compression on
 * what is read (and on pages a form's post answers with), not wrapped round an API write's answer.
 */
describe('security headers and compression', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("gives each page a nonce of 16 random bytes, the same in its policy and on the template's script, never twice", async () => {
    const seen = new Set<string>();
    // More pages than one draw of the nonces' random bytes holds (256), so a second draw is met.
    for (let n = 0; n < 300; n++) {
      const response = await api.http.get('/sign-in').set('Accept', 'text/html');
      expect(response.status).toBe(200);
      const nonce = nonceInPolicy(response.headers['content-security-policy']);
      expect(nonce).toBeDefined();
      expect(Buffer.from(nonce!, 'base64')).toHaveLength(16);
      expect(nonceInPage(response.text)).toBe(nonce);
      seen.add(nonce!);
    }
    expect(seen.size).toBe(300);
  });

  it('compresses what is read when the client accepts it', async () => {
    const page = await api.http.get('/sign-in').set({ Accept: 'text/html', 'Accept-Encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBe('gzip');
    const asset = await api.http.get('/assets/govuk/govuk-frontend.min.css').set('Accept-Encoding', 'gzip');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
  });

  it("compresses the page a browser's form post answers with", async () => {
    // A sign-in refused answers the form again, with its error: a page over the 1 KB threshold.
    const refused = await api.http
      .post('/sign-in')
      .set({ Accept: 'text/html', 'Accept-Encoding': 'gzip' })
      .type('form')
      .send({ key: 'not a key' });
    expect(refused.text).toContain('<html');
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it("leaves an API write's answer unwrapped, security headers and all", async () => {
    const written = await api.http
      .post('/sources')
      .set(bearer(api.keys.manager))
      .set('Accept-Encoding', 'gzip')
      .send(sourceRequest());
    expect(written.status).toBe(201);
    expect(written.headers['content-encoding']).toBeUndefined();
    // Compression says Vary: Accept-Encoding on every answer it handles, compressed or not.
    expect(written.headers.vary ?? '').not.toMatch(/accept-encoding/i);
    expect(written.headers['x-content-type-options']).toBe('nosniff');
    expect(written.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });
});
