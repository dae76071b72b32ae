import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { canonicalQuery } from './canonical-query.js';
import { GOVUK_FRONTEND, MOJ_FRONTEND, ROOT } from './web-views.js';
import { wantsHtml } from './wants-html.js';

const NONCE_BYTES = 16;
const NONCES_PER_DRAW = 256;

/**
 * Nonces for the Content-Security-Policy, one per response, cut from random bytes drawn a few
 * kilobytes at a time: each is as unpredictable as one drawn alone, and a response no longer pays
 * for a call into the system's generator (as crypto.randomUUID buffers its own).
 */
class NonceSource {
  private pool = Buffer.alloc(0);
  private offset = 0;

  next(): string {
    if (this.offset + NONCE_BYTES > this.pool.length) {
      this.pool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
      this.offset = 0;
    }
    const nonce = this.pool.toString('base64', this.offset, this.offset + NONCE_BYTES);
    this.offset += NONCE_BYTES;
    return nonce;
  }
}

const nonces = new NonceSource();

/**
 * Everything the web interface sets up once, in one place: security headers on every response
 * (a Content-Security-Policy with no inline script but the GOV.UK template's one, by a nonce
 * made for each request, and no third-party origin), the assets, and form bodies.
 */
export function setUpWeb(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.locals.cspNonce = nonces.next();
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      // The API's JSON is read by scripts of other origins' servers, never embedded: same-origin resources only.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  // GOV.UK Frontend's stylesheet alone is 136 KB: compressed, a plan page of 100 actions with its
  // CSS and JS weighs a fraction of that (bench g measures it). What is read (GET, HEAD) is
  // compressed, and so is a page a form's post answers with (an import's preview); an API write
  // answers a revision, under compression's 1 KB threshold, and wrapping its response was a cost
  // to every command for nothing (bench h, 2026-12-05).
  const compress = compression();
  app.use((request: Request, response: Response, next: NextFunction) =>
    request.method === 'GET' || request.method === 'HEAD' || wantsHtml(request)
      ? compress(request, response, next)
      : next(),
  );
  const week = { maxAge: '7d', immutable: false };
  app.useStaticAssets(join(GOVUK_FRONTEND, 'govuk/assets'), { prefix: '/assets', ...week });
  app.useStaticAssets(join(GOVUK_FRONTEND, 'govuk'), { prefix: '/assets/govuk', index: false, ...week });
  app.useStaticAssets(join(MOJ_FRONTEND, 'moj'), { prefix: '/assets/moj', index: false, ...week });
  app.useStaticAssets(join(ROOT, 'apps/api/src/web/assets'), { prefix: '/assets/oversight', index: false, ...week });
  // A browser's form sends dates as three fields and empty filters too: it is sent on to the page's one address.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const [path, query] = request.originalUrl.split('?');
    if (request.method !== 'GET' || !query || !wantsHtml(request)) return next();
    const canonical = canonicalQuery(query);
    if (canonical === null) return next();
    response.redirect(303, `${path}${canonical ? `?${canonical}` : ''}`);
  });
  // Forms: a sign-in is a few hundred bytes; an amended action's three texts (10,000 characters
  // each, shown and as first shown, percent-encoded) the most a form sends.
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
}
