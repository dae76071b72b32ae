import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import type { Actor } from '#event-store';
import { CalendarDays } from '#domain';
import { dayWordsIn, momentWordsIn } from './event-descriptions.js';
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
export const bragTag = (status: string | null): { text: string; classes: string } =>
  BRAG_TAGS[status ?? ''] ?? { text: 'Not rated', classes: 'govuk-tag--grey' };

/** Nunjucks' own: the result is marked safe when the input was (its types leave it out). */
const keepingSafeness = (nunjucks.runtime as unknown as { copySafeness(from: unknown, to: string): unknown })
  .copySafeness;

/**
 * The Nunjucks environment every page is rendered with: templates from apps/api/src (a page
 * beside its use case) and the GOV.UK and MOJ macros, autoescaping on, and the few filters the
 * templates format with.
 */
export class WebViews {
  private readonly environment: nunjucks.Environment;

  /** `calendar`: the service's days (TIME_ZONE), which a moment is shown in; London unless given. */
  constructor(calendar: CalendarDays = new CalendarDays()) {
    this.environment = new nunjucks.Environment(
      new nunjucks.FileSystemLoader([join(ROOT, 'apps/api/src'), GOVUK_FRONTEND, MOJ_FRONTEND], { noCache: false }),
      {
        autoescape: true,
        throwOnUndefined: false,
      },
    );
    // Nunjucks' own trim is a regular expression (/^\s*|\s*$/g) that rescans every run of
    // whitespace from each position: GOV.UK's macros trim their indented output dozens of times a
    // page, and that alone took a fifth of a plan page's render. The same result, in linear time.
    this.environment.addFilter('trim', (value: unknown) => keepingSafeness(value, String(value).trim()));
    this.environment.addFilter('bragTag', bragTag);
    this.environment.addFilter('longDate', (value: string | null | undefined) =>
      value ? dayWordsIn(value, calendar) : '',
    );
    // A day as its day; a moment (the audit log's "as it stood just after" an entry) to the second, so the view says which moment it is.
    this.environment.addFilter('longMoment', (value: string | null | undefined) =>
      value ? momentWordsIn(value, calendar) : '',
    );
  }

  /** The page, with what every page needs: who is signed in, the CSP nonce, the CSRF token. */
  render(template: string, view: Record<string, unknown>, request: Request, response: Response): string {
    const session = (request as Request & { webSession?: WebSession }).webSession ?? null;
    const actor = (request as Request & { actor?: Actor }).actor ?? null;
    // A form's success banner is shown once, on the page the form sent the person to.
    const flash = session?.flash ?? null;
    if (session) delete session.flash;
    // The page with the banner is this once: never kept, nor answered 304 on the ETag of the answer it shows.
    if (flash) {
      response.setHeader('Cache-Control', 'no-store');
      response.removeHeader('ETag');
    }
    return this.environment.render(template, {
      ...view,
      cspNonce: response.locals.cspNonce as string,
      signedIn: actor ? { name: actor.name, role: actor.role } : null,
      csrfToken: session?.csrfToken ?? null,
      flash,
      currentPath: request.path,
    });
  }
}
