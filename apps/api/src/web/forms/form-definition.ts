import type { Type } from '@nestjs/common';
import type { ICommand, QueryBus } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { CalendarDays } from '#domain';
import type { WriteContext } from '../../shared/write-context.js';
import type { FormValues } from './form-values.js';
import type { ChildDataReading } from '#read-store';

/** Where one of the API's fields is on the form, and what a person reads when it fails. */
export interface FormField {
  /** The form's field: its name, and the id the error summary links to. */
  name: string;
  /** A GOV.UK date input: the summary links to its day field. */
  date?: boolean;
  /** Said instead of the API's message, in the words of the form. */
  message?: string;
}

/** One change someone else made since the form was shown, as the conflict view lists it. */
export interface ChangeSince {
  title: string;
  by: string;
  recorded: string;
  reason: string | null;
  lines: { label?: string; text: string }[];
}

/** What the page every form shares needs of the subject: a caption, crumbs, where Cancel goes. */
export interface FormPlace {
  caption: string;
  breadcrumbs: { text: string; href?: string }[];
  back: string;
}

/**
 * A web form for one use case: shown by GET, sent by POST, and carried out by the same command,
 * validated by the same request DTO as the API's route for it. Nothing here decides anything.
 */
export interface FormDefinition<Subject, Dto extends object> {
  /** The route, beside the API's: 'actions/:actionId/forms/status'. */
  path: string;
  /** The template beside its use case, extending web/forms/form-page.njk. */
  template: string;
  title: string;
  /** The button's words. */
  submit: string;
  /** The API's request DTO for this change. */
  request: Type<Dto>;
  /** What the form is about (the action, the plan), read through the query bus as `reading` may see it; null: no such thing (404). */
  load(params: Record<string, string>, queryBus: QueryBus, reading: ChildDataReading | null): Promise<Subject | null>;
  place(subject: Subject): FormPlace;
  /** The revision the form is shown at; absent for a creation, which has no revision to lose. */
  revision?(subject: Subject): number;
  /** What changed after a revision, for the person whose form was older (their change is not written). */
  changesSince?(subject: Subject, revision: number): ChangeSince[];
  /** The fields as first shown; `today` in the service's zone (TIME_ZONE). */
  initial(subject: Subject, today: string): FormValues;
  /** The fields as the API's body: the DTO validates it. A day given begins at midnight in `calendar`'s zone. */
  toRequest(values: FormValues, today: string, subject: Subject, calendar: CalendarDays): Record<string, unknown>;
  /** The API's fields (paths such as `to.date`) and where each is on the form; the first is where an error of no field points. */
  fields: Record<string, FormField>;
  command(subject: Subject, revision: number, request: Dto, context: WriteContext): ICommand;
  /** The success banner on the page the form ends on, naming what was recorded. */
  recorded(request: Dto, subject: Subject): string;
  /** Where the form ends. */
  after(subject: Subject, result: WriteResult): string;
  /** Anything else the template shows (the choices of a select, the action as it stands). */
  view?(subject: Subject, values: FormValues): Record<string, unknown>;
}

/** Any form, for the code that serves them all. */
export type AnyFormDefinition = FormDefinition<unknown, object>;

/** Types a definition, keeping the subject and DTO types checked inside it. */
export const defineForm = <Subject, Dto extends object>(form: FormDefinition<Subject, Dto>): AnyFormDefinition =>
  form as unknown as AnyFormDefinition;
