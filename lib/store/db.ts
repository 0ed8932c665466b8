import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { badRequest, conflict, ProblemError, unprocessable } from '../errors.js';
import type { ApiRequest, ApiResponse } from '../http.js';
import { KEY } from './table.js';

export const TABLE = config.TABLE_NAME;

type Item = Record<string, unknown>;

/**
 * One write of a transaction. `name` says which write it is (`strategy`,
 * `idempotency`, `caseCheck`, ...) so that a failed condition is told apart by
 * name, never by its position; `onConditionFailed` is the problem to answer then.
 */
export type Write = (
  | { Put: { Item: Item; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { Update: { Key: Item; UpdateExpression: string; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { ConditionCheck: { Key: Item; ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { Delete: { Key: Item; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
) & { name?: string; onConditionFailed?: () => ProblemError };

/** Gives a write its name (see `Write`). */
export const named = <W extends Write>(name: string, write: W): W => ({ ...write, name });

/** Raised by `commit` when a condition failed on a write with no problem attached. */
export class ConditionFailed extends Error {
  /** The failed write's name (`unnamed` when it had none). */
  readonly write: string;
  constructor(write: string | undefined) {
    super(`Condition failed on the ${write ?? 'unnamed'} write`);
    this.name = 'ConditionFailed';
    this.write = write ?? 'unnamed';
  }
}

function withTable(w: Write) {
  const { onConditionFailed: _ignored, name: _name, ...rest } = w;
  const [kind, body] = Object.entries(rest)[0] as [string, Item];
  return { [kind]: { TableName: TABLE, ...body } };
}

/**
 * Writes everything in one transaction: a state change and its timeline entry land
 * together or not at all. A failed condition maps to the problem its write names.
 */
export async function commit(writes: Write[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length > 100) throw new Error('A transaction holds at most 100 writes');
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: writes.map(withTable) as never }));
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      const reasons = err.CancellationReasons ?? [];
      const index = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (index >= 0) {
        const failed = writes[index];
        const problem = failed?.onConditionFailed?.();
        if (problem) throw problem;
        throw new ConditionFailed(failed?.name);
      }
      if (reasons.some((r) => r.Code === 'TransactionConflict')) {
        throw conflict('Another change to the same record was being made at the same moment; read it again and retry.');
      }
    }
    throw asUnavailable(err);
  }
}

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

export async function getItem<T = Item>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
  return res.Item as T | undefined;
}

/** A timeline entry for a case: append-only, never updated or deleted. */
export interface TimelineEntry {
  at: string;
  actor: Actor;
  kind: string;
  summary: string;
  ref?: Record<string, string>;
}

export function timelineWrite(caseId: string, entry: TimelineEntry): Write {
  return {
    Put: {
      Item: { pk: `CASE#${caseId}`, sk: `TL#${entry.at}#${ulid()}`, entity: 'TimelineEntry', caseId, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The system itself, as a timeline actor (scheduled reviews, deliveries). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Contact strategy service' };

// --- pagination -------------------------------------------------------------

export function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Item;
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not one this API issued.', [{ path: 'query.cursor', message: 'invalid cursor' }]);
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** One page of a Query, with the contract's `{ items, nextCursor }` shape. */
export async function queryPage<T>(input: Omit<QueryCommandInput, 'TableName'>, limit: number, cursor: string | undefined, map: (item: Item) => T): Promise<Page<T>> {
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, ...input, Limit: limit, ExclusiveStartKey: decodeCursor(cursor) }),
  );
  const items = (res.Items ?? []).map(map);
  const nextCursor = encodeCursor(res.LastEvaluatedKey);
  return nextCursor ? { items, nextCursor } : { items };
}

/** Every item of a Query, following pages (for small, bounded collections). */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await doc.send(new QueryCommand({ TableName: TABLE, ...input, ExclusiveStartKey: start }));
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

// --- idempotency -------------------------------------------------------------

const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

interface IdempotencyRecord {
  bodyHash: string;
  expiresAt: number;
  /** Kept as JSON text so a replay answers byte for byte what the first request did. */
  response: { status: number; bodyJson?: string; headers?: Record<string, string> };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Canonical JSON (sorted keys) so that the same body hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Item)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function replay(record: IdempotencyRecord, bodyHash: string): ApiResponse {
  if (record.bodyHash !== bodyHash) {
    throw unprocessable('This Idempotency-Key was already used with a different request body.', [
      { path: 'Idempotency-Key', message: 'reused with a different body' },
    ]);
  }
  const { status, bodyJson, headers } = record.response;
  return { status, ...(bodyJson !== undefined ? { body: JSON.parse(bodyJson) as unknown } : {}), ...(headers ? { headers } : {}) };
}

/** What an `Idempotency-Key` is scoped to: the caller, the route (and its resource) and the key. */
export interface IdempotencyScope {
  sub: string;
  route: string;
  resourceId?: string;
  key: string;
  body: unknown;
}

export function scopeOf(req: ApiRequest<unknown, unknown>): IdempotencyScope | undefined {
  return req.idempotencyKey ? { sub: req.staff.sub, route: req.route, resourceId: req.params.id, key: req.idempotencyKey, body: req.body } : undefined;
}

function recordKey(scope: IdempotencyScope) {
  return KEY.idempotency(sha256(`${scope.sub}\n${scope.route}\n${scope.resourceId ?? ''}\n${scope.key}`));
}

/** The response remembered for this scope, if any (within its 24 hours); 422 when the body differs. */
export async function rememberedResponse(scope: IdempotencyScope): Promise<ApiResponse | undefined> {
  const record = await getItem<IdempotencyRecord>(recordKey(scope));
  if (!record || record.expiresAt <= Math.floor(now().getTime() / 1000)) return undefined;
  return replay(record, sha256(canonical(scope.body ?? null)));
}

/** The name of the write that remembers an idempotent response. */
export const IDEMPOTENCY_WRITE = 'idempotency';

/**
 * The write that remembers `response` for this scope, to put in the same transaction
 * as what the request changes; its condition fails when a racing retry got there first.
 */
export function rememberWrite(scope: IdempotencyScope, response: ApiResponse): Write {
  const nowSeconds = Math.floor(now().getTime() / 1000);
  return {
    name: IDEMPOTENCY_WRITE,
    Put: {
      Item: {
        ...recordKey(scope),
        entity: 'IdempotencyRecord',
        bodyHash: sha256(canonical(scope.body ?? null)),
        response: {
          status: response.status,
          ...(response.body !== undefined ? { bodyJson: JSON.stringify(response.body) } : {}),
          ...(response.headers ? { headers: response.headers } : {}),
        },
        expiresAt: nowSeconds + IDEMPOTENCY_WINDOW_SECONDS,
        ttl: nowSeconds + IDEMPOTENCY_WINDOW_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds },
    },
  };
}

/** After losing the race on `rememberWrite`: the winner's response (or 422 for a different body). */
export async function winnersResponse(scope: IdempotencyScope): Promise<ApiResponse> {
  const remembered = await rememberedResponse(scope);
  if (!remembered) throw conflict('Another request with the same Idempotency-Key was being made at the same moment; retry.');
  return remembered;
}

/**
 * Runs a creating request at most once per `Idempotency-Key` (scoped to the caller
 * and the route). The remembered response is written in the same transaction as the
 * resource, so a retry racing the first attempt either sees the record or loses the
 * transaction: never two resources, never a record without its resource. Only
 * successful responses are remembered, because failures throw before the commit.
 */
export async function idempotent(
  req: ApiRequest<unknown, unknown>,
  produce: () => Promise<{ response: ApiResponse; writes: Write[] }>,
): Promise<ApiResponse> {
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

/** The optimistic-lock condition on `version`, answering 412 when stale. */
export function versionCondition(expected: number, what: string) {
  return {
    ConditionExpression: 'attribute_exists(pk) AND #version = :expectedVersion',
    names: { '#version': 'version' },
    values: { ':expectedVersion': expected },
    onConditionFailed: () =>
      new ProblemError(412, 'Precondition Failed', `The ${what} has changed since version ${expected}; read it again and retry.`),
  };
}
