import type { FieldError } from './domain/field-error.js';

export type { FieldError };

/**
 * An error that maps to an RFC 9457 problem response. Domain code throws these;
 * the HTTP layer renders them. Anything else that escapes is a defect (500).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) => new ProblemError(400, 'Bad Request', detail, errors);
export const unprocessable = (detail: string, errors: FieldError[] = []) =>
  new ProblemError(422, 'Unprocessable Content', detail, errors);
export const unauthorized = (detail = 'A valid bearer token is required.') => new ProblemError(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new ProblemError(403, 'Forbidden', detail);
export const notFound = (detail: string) => new ProblemError(404, 'Not Found', detail);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
export const preconditionFailed = (detail: string) => new ProblemError(412, 'Precondition Failed', detail);
export const preconditionRequired = (detail: string) => new ProblemError(428, 'Precondition Required', detail);

/** Raised when a state transition is asked of a resource in the wrong state. */
export const wrongState = (what: string, current: string, action: string) =>
  conflict(`The ${what} is ${current}; it cannot be ${action} in that state.`);
