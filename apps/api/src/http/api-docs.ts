import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Oversight')
    .setDescription(
      [
        'An event-sourced tracker of the recommendations inspections and audits make to children\'s services, and of every action taken on them.',
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

/** OpenAPI at /docs (the page) and /docs-json (the document). */
export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, apiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
