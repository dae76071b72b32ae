import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import type { Actor } from '#event-store';
import type { WebSession } from './web-sessions.js';

/** The project's root (where package.json is), from this file built or not. */
function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('package.json not found above the web views');
    folder = parent;
  }
  return folder;
}

export const ROOT = projectRoot();
/** Where GOV.UK Frontend and MOJ Frontend keep their templates and assets. */
export const GOVUK_FRONTEND = join(ROOT, 'node_modules/govuk-frontend/dist');
export const MOJ_FRONTEND = join(ROOT, 'node_modules/@ministryofjustice/frontend');

const BRAG_TAGS: Record<string, { text: string; classes: string }> = {
  blue: { text: 'Complete', classes: 'govuk-tag--blue' },
  red: { text: 'Stuck', classes: 'govuk-tag--red' },
  amber: { text: 'Needs work', classes: 'govuk-tag--orange' },
  green: { text: 'On track', classes: 'govuk-tag--green' },
};

/** A BRAG status as the GOV.UK tag every page shows it with: its words and its colour class; no status is "Not rated". */
export const bragTag = (status: string | null): { text: string; classes: string } => BRAG_TAGS[status ?? ''] ?? { text: 'Not rated', classes: 'govuk-tag--grey' };

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The Nunjucks environment every page is rendered with: templates from apps/api/src (a page
 * beside its use case) and the GOV.UK and MOJ macros, autoescaping on, and the few filters the
 * templates format with.
 */
export class WebViews {
  private readonly environment: nunjucks.Environment;

  constructor() {
    this.environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(ROOT, 'apps/api/src'), GOVUK_FRONTEND, MOJ_FRONTEND], { noCache: false }), {
      autoescape: true,
      throwOnUndefined: false,
    });
    this.environment.addFilter('bragTag', bragTag);
    this.environment.addFilter('longDate', (value: string | null | undefined) => (value ? LONG_DATE.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)) : ''));
  }

  /** The page, with what every page needs: who is signed in, the CSP nonce, the CSRF token. */
  render(template: string, view: Record<string, unknown>, request: Request, response: Response): string {
    const session = (request as Request & { webSession?: WebSession }).webSession ?? null;
    const actor = (request as Request & { actor?: Actor }).actor ?? null;
    return this.environment.render(template, {
      ...view,
      cspNonce: response.locals.cspNonce as string,
      signedIn: actor ? { name: actor.name, role: actor.role } : null,
      csrfToken: session?.csrfToken ?? null,
      currentPath: request.path,
    });
  }
}
