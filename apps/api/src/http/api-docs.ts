import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeys } from '#read-store';
import { presentedKey } from '../auth/api-key.guard.js';
import { cookieOf, SESSION_COOKIE, WebSessions } from '../web/web-sessions.js';
import { wantsHtml } from '../web/wants-html.js';
import { problem } from './problem.js';

export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Oversight')
    .setDescription(
      [
        "An event-sourced tracker of the recommendations inspections and audits make to children's services, and of every action taken on them.",
        '',
        'Authenticate with an API key: `Authorization: Bearer <key>`. Managers and admins write; auditors and inspectors read.',
        'Every update sends the revision it last read as `If-Match` (the `ETag` of an earlier response); a stale one gets 409 with the current revision.',
        '`Idempotency-Key` on a write makes a retry return the first response and append nothing. Errors are RFC 9457 problem details.',
      ].join('\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from `oversight keys create`' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * OpenAPI at /docs (the page) and /docs-json (the document). Unless made public, only to someone
 * with a key or signed in: the description maps every route of a council's service, which is not
 * for anyone who can reach the port. Swagger's routes are Express's, not Nest's, so the guard does
 * not see them: this gate asks the same keys and sessions.
 */
export function setupApiDocs(app: INestApplication, { isPublic }: { isPublic: boolean }): void {
  if (!isPublic) {
    const apiKeys = app.get(ApiKeys);
    const sessions = app.get(WebSessions);
    const gate = (request: Request, response: Response, next: NextFunction) => {
      const key =
        presentedKey(request) ?? sessions.find(cookieOf(request.header('cookie'), SESSION_COOKIE))?.apiKey ?? null;
      void (key ? apiKeys.authenticate(key) : Promise.resolve(null)).then(
        (holder) => {
          if (holder) return next();
          if (wantsHtml(request)) return response.redirect(303, `/sign-in?returnTo=${encodeURIComponent('/docs')}`);
          response.setHeader('WWW-Authenticate', 'Bearer realm="oversight"');
          response
            .status(401)
            .type('application/problem+json')
            .send(
              JSON.stringify(
                problem(
                  401,
                  key === null
                    ? 'Send an API key: Authorization: Bearer <key>'
                    : 'The API key is not valid or has been revoked',
                ),
              ),
            );
        },
        (error: unknown) => next(error),
      );
    };
    app.use(['/docs', '/docs-json'], gate);
  }
  SwaggerModule.setup('docs', app, apiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
