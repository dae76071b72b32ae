import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeys } from '#read-store';
import { presentedKey } from '../auth/api-key.guard.js';
import { cookieOf, SESSION_COOKIE, WebSessions } from '../web/web-sessions.js';
import { wantsHtml } from '../web/wants-html.js';
import { problem } from './problem.js';

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDto' };

/** The problem answers every operation may give, described once and referred to. */
const SHARED_PROBLEMS: Record<string, { status: string; description: string }> = {
  BadRequest: { status: '400', description: 'A field of the request is invalid: each is named in `errors`' },
  Unauthorized: { status: '401', description: 'No API key, or a bad or revoked one' },
  Forbidden: { status: '403', description: 'The role cannot write (auditors and inspectors only read)' },
  NotFound: { status: '404', description: 'No such resource' },
  Conflict: { status: '409', description: 'Refused by a rule of the domain' },
  PayloadTooLarge: { status: '413', description: 'Body over 1 MB' },
  TooManyRequests: {
    status: '429',
    description: 'Too many failed authentications from this address: send it again after Retry-After seconds',
  },
};

/**
 * Errors are RFC 9457 problem documents sent as application/problem+json (problem-details.filter.ts),
 * whatever the success answers: each documented problem is said so, under the one ProblemDto schema.
 * The shared answers are components; an operation that needs a key and does not say what a missing
 * key gets is given the shared 401 and 429, and one with query parameters the shared 400. A problem
 * described in the shared words, or in none, refers to the shared answer.
 */
function withProblemAnswers(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.responses = {
    ...components.responses,
    ...Object.fromEntries(
      Object.entries(SHARED_PROBLEMS).map(([name, { description }]) => [
        name,
        { description, content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } },
      ]),
    ),
  };
  const schemas = components.schemas ?? {};
  // RFC 9457: a problem may carry members of its own beyond those described.
  if (schemas.ProblemDto && !('$ref' in schemas.ProblemDto)) schemas.ProblemDto.additionalProperties = true;
  const shared = (name: string) => ({ $ref: `#/components/responses/${name}` });
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const responses = operation.responses;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400 || !response || '$ref' in response || !response.content) continue;
        const isProblem = Object.values(response.content).some(
          (media) => media.schema && '$ref' in media.schema && media.schema.$ref === PROBLEM_SCHEMA.$ref,
        );
        if (!isProblem) continue;
        // Said without words of its own: the shared answer of its status says it.
        const sharedName = Object.keys(SHARED_PROBLEMS).find((name) => SHARED_PROBLEMS[name]!.status === status);
        const sharedWords = sharedName ? SHARED_PROBLEMS[sharedName]!.description : null;
        if (sharedName && (!response.description || response.description === sharedWords))
          responses[status] = shared(sharedName);
        else response.content = { 'application/problem+json': { schema: PROBLEM_SCHEMA } };
      }
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      if (!isPublic && !responses['401']) responses['401'] = shared('Unauthorized');
      // The key guard throttles an address after failed authentications, whatever it asks.
      if (!isPublic && !responses['429']) responses['429'] = shared('TooManyRequests');
      const hasQuery = (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'query');
      if (hasQuery && !responses['400']) responses['400'] = shared('BadRequest');
    }
  }
  return document;
}

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
  return withProblemAnswers(SwaggerModule.createDocument(app, config));
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
