import { BadRequestException, HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { problem, type FieldError } from './problem.js';

/** Every failing field, nested ones as paths (`location.url`), each with its messages. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not dropped, so a misspelt field is never silently lost. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: false,
  // One message a field: a missing field is "required", not also "too long" and "blank".
  stopAtFirstError: true,
  exceptionFactory: (errors) => {
    const failures = fieldErrors(errors);
    const fields = [...new Set(failures.map((failure) => failure.field))];
    return new BadRequestException(problem(HttpStatus.BAD_REQUEST, `Invalid request: ${fields.join(', ')}`, { errors: failures }));
  },
});
