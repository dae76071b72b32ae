import {
  BadRequestException,
  HttpStatus,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { problem, type FieldError } from './problem.js';

/** Every failing field, nested ones as paths (`location.url`), each with its messages. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property /, ''),
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every text in a body, with its path, that PostgreSQL cannot keep as sent: the NUL character
 * (refused by text and jsonb) and lone UTF-16 surrogates (not Unicode at all; the store refused
 * them with a 500, or they would come back as U+FFFD).
 */
export function unstorableText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ field: path, message: 'must not contain the NUL character' }];
    if (LONE_SURROGATE.test(value))
      return [{ field: path, message: 'must be well-formed Unicode (it has a lone surrogate)' }];
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    unstorableText(inner, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key),
  );
}

/** Refuses text the store cannot keep, then validates as declared. */
class OversightValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const unstorable = metadata.type === 'body' ? unstorableText(value) : [];
    if (unstorable.length > 0) {
      const fields = [...new Set(unstorable.map((failure) => failure.field))];
      throw new BadRequestException(
        problem(HttpStatus.BAD_REQUEST, `Invalid request: ${fields.join(', ')}`, { errors: unstorable }),
      );
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, not dropped, so a misspelt field is never silently lost. */
export const validationPipe = new OversightValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: false,
  // One message a field: a missing field is "required", not also "too long" and "blank".
  stopAtFirstError: true,
  exceptionFactory: (errors) => {
    const failures = fieldErrors(errors);
    const fields = [...new Set(failures.map((failure) => failure.field))];
    return new BadRequestException(
      problem(HttpStatus.BAD_REQUEST, `Invalid request: ${fields.join(', ')}`, { errors: failures }),
    );
  },
});
