import type { FieldError } from '../../http/problem.js';
import type { FormField } from './form-definition.js';

/** What the GOV.UK error summary and each field's message need. */
export interface FormErrors {
  /** The summary at the top: each message links to its field. */
  list: { text: string; href: string }[];
  /** Each failing field's message, by the form field's name. */
  byField: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { list: [], byField: {} };

/** The form field an API field is on: the field itself, or the nearest parent named (`to` for `to.date`). */
function fieldFor(apiField: string | undefined, fields: Record<string, FormField>): FormField {
  for (let path = apiField ?? ''; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '')
    if (fields[path]) return fields[path];
  return Object.values(fields)[0]!;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The API's field errors (the DTO's, or the domain's) in the form's words, one a field: the
 * summary links to the field, and the same words stand beside it.
 */
export function formErrors(failures: FieldError[], fields: Record<string, FormField>, general?: string): FormErrors {
  const errors: FormErrors = { list: [], byField: {} };
  for (const failure of failures) {
    const field = fieldFor(failure.field, fields);
    if (errors.byField[field.name] !== undefined) continue;
    const text = field.message ?? sentence(`${failure.field ?? ''} ${failure.message}`.trim());
    errors.byField[field.name] = text;
    errors.list.push({ text, href: `#${field.name}${field.date ? '-day' : ''}` });
  }
  if (errors.list.length === 0 && general) {
    const field = Object.values(fields)[0]!;
    errors.list.push({ text: sentence(general), href: `#${field.name}${field.date ? '-day' : ''}` });
  }
  return errors;
}
