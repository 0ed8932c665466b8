import { commit, ConditionFailed, IDEMPOTENCY_WRITE, rememberedResponse, rememberWrite, winnersResponse, type IdempotencyScope, type RememberedResponse, type Write } from '../store/db.js';

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

/**
 * Runs a creating request at most once per `Idempotency-Key` (scoped to the caller
 * and the route). The remembered response is written in the same transaction as the
 * resource, so a retry racing the first attempt either sees the record or loses the
 * transaction: never two resources, never a record without its resource. Only
 * successful responses are remembered, because failures throw before the commit.
 */
export async function idempotent(
  req: IdempotentRequest,
  produce: () => Promise<{ response: RememberedResponse; writes: Write[] }>,
): Promise<RememberedResponse> {
  const scope = scopeOf(req);
  if (!scope) {
    const { response, writes } = await produce();
    await commit(writes);
    return response;
  }
  const remembered = await rememberedResponse(scope);
  if (remembered) return remembered;

  const { response, writes } = await produce();
  try {
    await commit([...writes, rememberWrite(scope, response)]);
    return response;
  } catch (err) {
    // A concurrent retry with the same key won: answer what it answered.
    if (err instanceof ConditionFailed && err.write === IDEMPOTENCY_WRITE) return winnersResponse(scope);
    throw err;
  }
}
