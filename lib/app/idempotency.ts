import { closeFollowUp, commit, ConditionFailed, IDEMPOTENCY_WRITE, remembered, rememberWrite, takeOverFollowUp, winnersResponse, type IdempotencyScope, type Write } from '../store/db.js';
import { now } from '../clock.js';
import { logger } from '../observability.js';

/**
 * `Idempotency-Key` for creating and deciding use cases (docs/data-model.md, Idempotency:
 * the same key and body within 24 hours answers the first response again and writes
 * nothing). The caller (the HTTP layer, `scopeOf` in lib/http.ts) gives the scope; the
 * use case runs `once` with it, so a handler never holds writes or what follows them.
 */
export type { IdempotencyScope };

/** What a use case run `once` produces: its result, its writes and, once they are committed, what must follow (letters, emails to staff, the disposal queue). */
export interface Produced<T> {
  result: T;
  writes: Write[];
  followUp?: () => Promise<void>;
}

/**
 * Commits what `produce` makes and follows it up, at most once per `Idempotency-Key`
 * (scoped to the caller and the route); without a scope, simply commits and follows up.
 * The remembered result is written in the same transaction as the resource, so a retry
 * racing the first attempt either sees the record or loses the transaction: never two
 * resources, never a record without its resource. Only results are remembered, because
 * failures throw before the commit. A replay answers the first result, as JSON.
 *
 * What follows the commit (`followUp`) is marked open in the same record and closed
 * once done. A replay that finds it still open after the first attempt's lease (that
 * attempt crashed between the commit and the end of its follow-up) takes it over and
 * completes it with `resume`, once, from the first result; either way it answers
 * the first result.
 */
export async function once<T>(scope: IdempotencyScope | undefined, produce: () => Promise<Produced<T>>, resume?: (first: T) => Promise<void>): Promise<T> {
  if (!scope) {
    const { result, writes, followUp } = await produce();
    await commit(writes);
    await followUp?.();
    return result;
  }
  const first = await remembered(scope, now());
  if (first) {
    const result = first.response.body as T;
    if (first.followUpUntil !== undefined && resume && (await takeOverFollowUp(scope, first.followUpUntil, now()))) {
      logger.info('follow-up of a remembered response taken over', { route: scope.route });
      await resume(result);
      await close(scope);
    }
    return result;
  }

  const { result, writes, followUp } = await produce();
  try {
    await commit([...writes, rememberWrite(scope, result, now(), { followUp: followUp !== undefined })]);
  } catch (err) {
    // A concurrent retry with the same key won: answer what it answered (its follow-up is its own).
    if (err instanceof ConditionFailed && err.write === IDEMPOTENCY_WRITE) return (await winnersResponse(scope, now())).body as T;
    throw err;
  }
  if (followUp) {
    await followUp();
    await close(scope);
  }
  return result;
}

/**
 * Closes a follow-up. If even that fails, a replay after the lease finds it open and
 * repeats it: a warning's letters still go once (their execution is named after the
 * warning), an email to staff may go twice.
 */
async function close(scope: IdempotencyScope): Promise<void> {
  try {
    await closeFollowUp(scope);
  } catch (err) {
    logger.error('follow-up done but not recorded as done', { route: scope.route, errorName: (err as Error)?.name });
  }
}
