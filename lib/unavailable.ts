import { ProblemError } from './errors.js';

/**
 * AWS throttling or an outage, told apart from a defect. Shared by the store (a
 * failed transaction) and the HTTP adapter (any read that escaped), so that neither
 * needs to know the other.
 */
const TRANSIENT = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable']);

/**
 * DynamoDB throttling or an outage: nothing was written (the transaction is atomic),
 * so the caller is told to retry rather than given a bare 500.
 */
export function asUnavailable(err: unknown): unknown {
  const name = (err as { name?: string })?.name ?? '';
  if (TRANSIENT.has(name)) {
    return new ProblemError(503, 'Service Unavailable', 'The records store is busy; nothing was saved. Please try again in a moment.');
  }
  return err;
}
