import { HttpStatus } from '@nestjs/common';

/** One field at fault and why. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details: every error the API answers has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** On 409 for a stale revision: the revision to retry with (also the ETag header). */
  currentRevision?: number | null;
  [extension: string]: unknown;
}

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const title = HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'error';
  return {
    type: `urn:oversight:problem:${title.replace(/ /g, '-')}`,
    title: title[0]!.toUpperCase() + title.slice(1),
    status,
    detail,
    ...extra,
  };
}
