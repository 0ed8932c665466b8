import type { FieldError } from './field-error.js';

/**
 * Something recorded as having happened (a contact, an incident, a police report,
 * a breach, a screened contact's arrival) cannot have happened in the future. The
 * one rule for every such instant, so that all records agree on "now".
 */

/** How far ahead of our clock a record may be dated, to allow for clock skew between devices. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Refuses `at` (an ISO-8601 instant) when it is later than `now` by more than the tolerance, naming `field`. */
export function notInFuture(field: string, at: string, now: Date): FieldError[] {
  return new Date(at).getTime() > now.getTime() + FUTURE_TOLERANCE_MS
    ? [{ path: field, message: 'must not be in the future' }]
    : [];
}
