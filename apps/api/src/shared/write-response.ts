import type { Response } from 'express';
import { etagOf } from '../http/expected-revision.js';
import type { WriteResult } from '#command-handling';

/** Sets the new revision as the ETag (and Location for a creation) and returns the body. */
export function writeResponse<Result extends WriteResult>(
  response: Response,
  result: Result,
  location?: string,
): Result {
  if (result.revision >= 0) response.setHeader('ETag', etagOf(result.revision));
  if (location) response.setHeader('Location', location);
  return result;
}
