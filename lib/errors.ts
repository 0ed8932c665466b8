import type { FieldError } from './domain/field-error.js';
import { stateWords, type StatefulRecord } from './domain/words.js';

export type { FieldError };

/** Problem members beyond RFC 9457's own, for API clients: the codes the `detail` words. `state` is the state a refused action found. */
export interface ProblemExtensions {
  state?: string;
  /** The screening decision's code, where a refusal turns on it. */
  decision?: string;
}

/**
 * An error that maps to an RFC 9457 problem response. Domain code throws these;
 * the HTTP layer renders them. Anything else that escapes is a defect (500).
 * The `detail` is shown to staff as it is: a sentence in words, with no codes or ids.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly extensions: ProblemExtensions = {},
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
export const conflict = (detail: string, extensions: ProblemExtensions = {}) => new ProblemError(409, 'Conflict', detail, [], extensions);
export const preconditionFailed = (detail: string) => new ProblemError(412, 'Precondition Failed', detail);
export const preconditionRequired = (detail: string) => new ProblemError(428, 'Precondition Required', detail);

/**
 * Raised when a state transition is asked of a record in the wrong state: the
 * detail says it in words ("This strategy cannot be submitted while its status is
 * “Active”."), `state` carries the code. `action` is a past participle; `more`, a
 * sentence saying what would be allowed.
 */
export const wrongState = (what: StatefulRecord, current: string, action: string, more?: string) =>
  conflict(`This ${what} cannot be ${action} while its status is “${stateWords(what, current)}”.${more ? ` ${more}` : ''}`, { state: current });
