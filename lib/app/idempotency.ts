import { closeFollowUp, commit, ConditionFailed, IDEMPOTENCY_WRITE, remembered, rememberWrite, takeOverFollowUp, winnersResponse, type IdempotencyScope, type RememberedResponse, type Write } from '../store/db.js';
import { logger } from '../observability.js';

/**
 * `Idempotency-Key` for creating requests (docs/data-model.md, Idempotency: the same key and body within
 * 24 hours answers the first response again and writes nothing). Knows the request
 * only by the few fields below, so neither the store nor this module depends on
 * the HTTP adapter: an `ApiRequest` and an `ApiResponse` fit as they are.
 */

/** What of a request scopes its key: who asks, on which route (and resource), with which key and body. */
export interface IdempotentRequest {
  idempotencyKey?: string;
  staff: { sub: string };
  route: string;
  params: Record<string, string | undefined>;
  body: unknown;
}

export type { IdempotencyScope };

export function scopeOf(req: IdempotentRequest): IdempotencyScope | undefined {
  return req.idempotencyKey ? { sub: req.staff.sub, route: req.route, resourceId: req.params.id, key: req.idempotencyKey, body: req.body } : undefined;
}

/** What a creating request produces: its response, its writes and, once they are committed, what must follow (letters, emails to staff). */
export interface Produced {
  response: RememberedResponse;
  writes: Write[];
  followUp?: () => Promise<void>;
}

/**
 * Runs a creating request at most once per `Idempotency-Key` (scoped to the caller
 * and the route). The remembered response is written in the same transaction as the
 * resource, so a retry racing the first attempt either sees the record or loses the
 * transaction: never two resources, never a record without its resource. Only
 * successful responses are remembered, because failures throw before the commit.
 *
 * What follows the commit (`followUp`) is marked open in the same record and closed
 * once done. A replay that finds it still open after the first attempt's lease (that
 * attempt crashed between the commit and the end of its follow-up) takes it over and
 * completes it with `resume`, once, from the first response; either way it answers
 * the first response.
 */
export async function idempotent(
  req: IdempotentRequest,
  produce: () => Promise<Produced>,
  resume?: (first: RememberedResponse) => Promise<void>,
): Promise<RememberedResponse> {
  const scope = scopeOf(req);
  if (!scope) {
    const { response, writes, followUp } = await produce();
    await commit(writes);
    await followUp?.();
    return response;
  }
  const first = await remembered(scope);
  if (first) {
    if (first.followUpUntil !== undefined && resume && (await takeOverFollowUp(scope, first.followUpUntil))) {
      logger.info('follow-up of a remembered response taken over', { route: scope.route });
      await resume(first.response);
      await close(scope);
    }
    return first.response;
  }

  const { response, writes, followUp } = await produce();
  try {
    await commit([...writes, rememberWrite(scope, response, { followUp: followUp !== undefined })]);
  } catch (err) {
    // A concurrent retry with the same key won: answer what it answered (its follow-up is its own).
    if (err instanceof ConditionFailed && err.write === IDEMPOTENCY_WRITE) return winnersResponse(scope);
    throw err;
  }
  if (followUp) {
    await followUp();
    await close(scope);
  }
  return response;
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
