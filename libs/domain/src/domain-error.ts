/** Why the domain refused a command. The API maps each code to one HTTP status. */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ACTION_WITHDRAWN'
  | 'NOT_COMPLETED'
  | 'REASON_REQUIRED'
  | 'REQUIRED'
  | 'INVALID'
  | 'EFFECTIVE_BEFORE_CREATION'
  | 'EFFECTIVE_IN_FUTURE'
  | 'ALREADY_LINKED'
  | 'NOT_LINKED';

/** The one error `decide` throws; `field` names the command field to blame, when there is one. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
