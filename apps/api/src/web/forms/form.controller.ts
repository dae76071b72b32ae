import { createHash, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Clock, WriteResult } from '#command-handling';
import type { CalendarDays } from '#domain';
import { canonicalJson, WrongExpectedRevisionError, type JsonValue } from '#event-store';
import { Projector } from '#read-store';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem, type Problem } from '../../http/problem.js';
import { toProblem } from '../../http/problem-details.filter.js';
import { READ_YOUR_WRITES_WAIT_MS } from '../../http/read-your-writes.interceptor.js';
import { validationPipe } from '../../http/validation.pipe.js';
import { writeContextWithKey } from '../../shared/write-context.js';
import { WebViews } from '../web-views.js';
import type { WebSession } from '../web-sessions.js';
import type { AnyFormDefinition, ChangeSince } from './form-definition.js';
import { formErrors, NO_ERRORS, type FormErrors } from './form-errors.js';
import { formValues, type FormValues } from './form-values.js';
import { readingOf } from '../../http/request-reading.js';

/** The Idempotency-Key's rule (visible ASCII), shorter: the command key adds what the form asks. */
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
/** How long a conflict waits for the read models to show the change that beat this one. */
const CONFLICT_WAIT_MS = 5_000;

interface Shown {
  values: FormValues;
  revision: number | null;
  idempotencyKey: string;
  errors: FormErrors;
  conflict: ChangeSince[] | null;
}

/**
 * The command's key: the form's own, with what it asks. The same form sent twice is one command
 * (appended once); the same form shown again from the browser's history and sent with other
 * values is another, as the API answers a key reused for another body with a refusal, never with
 * the first answer.
 */
function commandKey(key: string, body: Record<string, unknown>): string {
  const asked = createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(body)) as JsonValue))
    .digest('hex');
  return `${key}.${asked.slice(0, 32)}`;
}

/** Ids in a form's path are UUIDs, as in the API's. */
function idsOf(params: Record<string, string>): Record<string, string> {
  const pipe = new IdParamPipe();
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, pipe.transform(value)]));
}

/**
 * The controller of one form: GET shows it, POST validates it with the API's DTO and executes the
 * API's command through the command bus, then sends the person to the page it ends on (303) with
 * a banner naming what was recorded. Every form is served by this one class, so the error summary,
 * kept input, revision, idempotency key and CSRF token are handled in one place:
 * - only managers and admins see a form (GET); a POST is the guard's: writers only, with the CSRF token;
 * - the revision shown travels in a hidden field; a change made meanwhile writes nothing and shows
 *   what changed beside what was typed, with the new revision, so sending again applies it on top;
 * - each form shown has its own idempotency key: a second submit is the same command id, which the
 *   event store appends once, and lands on the same page.
 */
export function formController(form: AnyFormDefinition): Type<unknown> {
  @ApiExcludeController()
  @Controller()
  class FormController {
    constructor(
      @Inject(CommandBus) private readonly commandBus: CommandBus,
      @Inject(QueryBus) private readonly queryBus: QueryBus,
      @Inject(WebViews) private readonly views: WebViews,
      @Inject(Projector) private readonly projector: Projector,
      @Inject(CLOCK) private readonly clock: Clock,
      @Inject(CALENDAR) private readonly calendar: CalendarDays,
    ) {}

    @Get(form.path)
    @AllowRoles('manager', 'admin')
    async show(@Param() params: Record<string, string>, @Req() request: Request, @Res() response: Response) {
      const subject = await this.load(params, request);
      const shown: Shown = {
        values: form.initial(subject, this.today()),
        revision: form.revision?.(subject) ?? null,
        idempotencyKey: `form-${randomUUID()}`,
        errors: NO_ERRORS,
        conflict: null,
      };
      this.render(HttpStatus.OK, subject, shown, request, response);
    }

    @Post(form.path)
    async submit(@Param() params: Record<string, string>, @Req() request: Request, @Res() response: Response) {
      const subject = await this.load(params, request);
      const values = formValues(request.body);
      const key = KEY_FORMAT.test(values.idempotencyKey ?? '') ? values.idempotencyKey! : `form-${randomUUID()}`;
      const seen = form.revision ? this.revisionSent(values.revision) : null;
      const shown: Shown = { values, revision: seen, idempotencyKey: key, errors: NO_ERRORS, conflict: null };
      const today = this.today();
      const body = form.toRequest(values, today, subject, this.calendar);
      let dto: object;
      try {
        dto = (await validationPipe.transform(body, {
          type: 'body',
          metatype: form.request,
        })) as object;
      } catch (error) {
        return this.refused(error, subject, shown, request, response);
      }
      let result: WriteResult;
      try {
        result = (await this.commandBus.execute(
          form.command(subject, seen ?? -1, dto, {
            ...writeContextWithKey(request, commandKey(key, body)),
            // Recorded as the change's origin: a person at a form, not a script of the API.
            origin: 'web',
          }),
        )) as WriteResult;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && seen !== null)
          return this.conflict(params, seen, error.actual ?? seen, shown, request, response);
        return this.refused(error, subject, shown, request, response);
      }
      // The page it ends on reads the read models: they are given the moment to include this change.
      if (result.position !== null) await this.projector.waitFor(result.position, READ_YOUR_WRITES_WAIT_MS);
      const session = (request as Request & { webSession?: WebSession }).webSession;
      if (session)
        session.flash =
          result.events.length > 0
            ? form.recorded(dto, subject)
            : 'Nothing was recorded: the action already stood as the form said';
      response.redirect(HttpStatus.SEE_OTHER, form.after(subject, result));
    }

    private async load(params: Record<string, string>, request: Request): Promise<unknown> {
      const subject = await form.load(idsOf(params), this.queryBus, readingOf(request));
      if (subject === null)
        throw new HttpException(problem(HttpStatus.NOT_FOUND, 'No such resource'), HttpStatus.NOT_FOUND);
      return subject;
    }

    /** Today in the service's zone: the day a form's "when did it take effect" starts at. */
    private today(): string {
      return this.calendar.today(this.clock.now());
    }

    private revisionSent(value: string | undefined): number {
      if (value === undefined || !/^\d{1,15}$/.test(value))
        throw new BadRequestException(
          problem(HttpStatus.BAD_REQUEST, 'The form has no revision: go back to the action, reload it and try again', {
            errors: [{ field: 'revision', message: 'is required' }],
          }),
        );
      return Number(value);
    }

    /** Bad input, or a change the domain refuses: the form again, with the reasons, nothing written. */
    private refused(error: unknown, subject: unknown, shown: Shown, request: Request, response: Response) {
      const body: Problem = toProblem(error);
      if (body.status >= 500 || body.status === HttpStatus.NOT_FOUND || body.status === HttpStatus.FORBIDDEN)
        throw error;
      shown.errors = formErrors(body.errors ?? [], form.fields, body.errors?.length ? undefined : body.detail);
      this.render(body.status, subject, shown, request, response);
    }

    /**
     * Someone else changed it since the form was shown: nothing was written. The form comes back as
     * typed, with what changed since and the revision now, so sending it again applies it on top.
     */
    private async conflict(
      params: Record<string, string>,
      seen: number,
      actual: number,
      shown: Shown,
      request: Request,
      response: Response,
    ) {
      let subject = await this.load(params, request);
      for (const until = Date.now() + CONFLICT_WAIT_MS; form.revision!(subject) < actual && Date.now() < until;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        subject = await this.load(params, request);
      }
      shown.revision = form.revision!(subject);
      shown.conflict = form.changesSince?.(subject, seen) ?? [];
      this.render(HttpStatus.CONFLICT, subject, shown, request, response);
    }

    private render(status: number, subject: unknown, shown: Shown, request: Request, response: Response) {
      const place = form.place(subject);
      const view = {
        pageTitle: `${shown.errors.list.length > 0 || shown.conflict ? 'Error: ' : ''}${form.title}`,
        form: {
          title: form.title,
          submit: form.submit,
          action: request.path,
          revision: shown.revision,
          idempotencyKey: shown.idempotencyKey,
          caption: place.caption,
          back: place.back,
        },
        values: shown.values,
        errors: shown.errors.byField,
        errorList: shown.errors.list,
        conflict: shown.conflict,
        breadcrumbs: place.breadcrumbs,
        ...(form.view?.(subject, shown.values) ?? {}),
      };
      response
        .status(status)
        .type('html')
        .send(this.views.render(form.template, view, request, response));
    }
  }
  const name = `${form.path.replace(/[^a-z]+(.)?/gi, (_, next: string | undefined) => (next ?? '').toUpperCase())}FormController`;
  Object.defineProperty(FormController, 'name', { value: name });
  return FormController;
}
