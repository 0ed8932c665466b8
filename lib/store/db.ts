import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { doc } from '../clients/dynamodb.js';
import { config } from '../config.js';
import { badRequest, conflict, ProblemError, unprocessable } from '../errors.js';
import { asUnavailable } from '../unavailable.js';
import { KEY, KEY_ATTRIBUTES_OF, type Partition } from './table.js';
import { coalesceTallies } from './tally-write.js';
import type { Write } from './write.js';

/**
 * The table's plumbing: one transaction for every change, Queries and their pages,
 * and the records that make creating requests idempotent. Knows no HTTP and builds
 * no entity; repositories (one file per entity) build on it.
 */

export const TABLE = config.TABLE_NAME;

type Item = Record<string, unknown>;

export { named, type Write } from './write.js';
// Old import paths, kept while the strategy side still imports them from here.
export { SYSTEM_ACTOR, timelineWrite, type TimelineEntry } from './timeline.js';

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
  // A transaction that met another one on a shared item (a month's governance
  // counters) is tried again: it is all or nothing and its conditions are checked anew.
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(coalesceTallies(writes));
    } catch (err) {
      if (!(err instanceof TransactionConflict) || attempt >= 4) throw err instanceof TransactionConflict ? conflict('Another change to the same record was being made at the same moment; read it again and retry.') : err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 30)));
    }
  }
}

class TransactionConflict extends Error {}

async function commitOnce(writes: Write[]): Promise<void> {
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
      if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new TransactionConflict();
    }
    throw asUnavailable(err);
  }
}

/**
 * The item under `key` (only the attributes `projection` names, when given), typed
 * as the repository that wrote it says: this table is written only by the
 * repositories in this folder, each owning its items' shape.
 */
export async function getItem<T = Item>(key: { pk: string; sk: string }, projection?: string): Promise<T | undefined> {
  const res = await doc.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) }));
  return res.Item as T | undefined;
}

// --- queries and pagination ---------------------------------------------------

/** A sort-key condition: a prefix, or bounds (either may be open). */
export type SortKeyCondition = { beginsWith: string } | { from?: string; to?: string };

/** The key condition of a Query over one partition, optionally narrowed on the sort key. */
export function inPartition(p: Partition, sk?: SortKeyCondition): Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'> {
  const attrs = KEY_ATTRIBUTES_OF[p.index ?? 'TABLE'];
  const values: Item = { ':pk': p.pk };
  let range = '';
  if (sk && 'beginsWith' in sk) {
    range = ` AND begins_with(${attrs.sk}, :prefix)`;
    values[':prefix'] = sk.beginsWith;
  } else if (sk?.from !== undefined && sk.to !== undefined) {
    range = ` AND ${attrs.sk} BETWEEN :lo AND :hi`;
    values[':lo'] = sk.from;
    values[':hi'] = sk.to;
  } else if (sk?.from !== undefined) {
    range = ` AND ${attrs.sk} >= :lo`;
    values[':lo'] = sk.from;
  } else if (sk?.to !== undefined) {
    range = ` AND ${attrs.sk} <= :hi`;
    values[':hi'] = sk.to;
  }
  return { ...(p.index ? { IndexName: p.index } : {}), KeyConditionExpression: `${attrs.pk} = :pk${range}`, ExpressionAttributeValues: values };
}

const INVALID_CURSOR = () => badRequest('The cursor is not one this API issued.', [{ path: 'query.cursor', message: 'invalid cursor' }]);

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
  throw INVALID_CURSOR();
}

/**
 * Whether a decoded cursor can be the last key of a page of this Query: exactly the
 * key attributes of the table (and of the index queried), every one a string of a
 * key's size, the partition value the Query asks for, and a sort-key value inside
 * the Query's prefix. Anything else was not issued by this API (400, never 5xx).
 */
export function cursorFits(key: Item, input: Pick<QueryCommandInput, 'IndexName' | 'ExpressionAttributeValues'>): boolean {
  const index = input.IndexName as keyof typeof KEY_ATTRIBUTES_OF | undefined;
  const queried = KEY_ATTRIBUTES_OF[index && index in KEY_ATTRIBUTES_OF ? index : 'TABLE'];
  const expected = new Set<string>([KEY_ATTRIBUTES_OF.TABLE.pk, KEY_ATTRIBUTES_OF.TABLE.sk, queried.pk, queried.sk]);
  const names = Object.keys(key);
  if (names.length !== expected.size || !names.every((n) => expected.has(n))) return false;
  if (!names.every((n) => typeof key[n] === 'string' && (key[n] as string).length > 0 && (key[n] as string).length <= 1024)) return false;
  const values = input.ExpressionAttributeValues ?? {};
  if (key[queried.pk] !== values[':pk']) return false;
  const sk = key[queried.sk] as string;
  if (typeof values[':prefix'] === 'string' && !sk.startsWith(values[':prefix'])) return false;
  return true;
}

/** The start key of a Query's page from its cursor: 400 unless it fits the Query (see `cursorFits`). */
export function startKeyOf(cursor: string | undefined, input: Pick<QueryCommandInput, 'IndexName' | 'ExpressionAttributeValues'>): Item | undefined {
  const start = decodeCursor(cursor);
  if (start && !cursorFits(start, input)) throw INVALID_CURSOR();
  return start;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** One page of a Query, with the API's `{ items, nextCursor }` list shape; `I` is the stored item's type (see `getItem`). */
export async function queryPage<T, I = Item>(input: Omit<QueryCommandInput, 'TableName'>, limit: number, cursor: string | undefined, map: (item: I) => T): Promise<Page<T>> {
  const res = await doc.send(new QueryCommand({ TableName: TABLE, ...input, Limit: limit, ExclusiveStartKey: startKeyOf(cursor, input) }));
  const items = ((res.Items ?? []) as I[]).map(map);
  const nextCursor = encodeCursor(res.LastEvaluatedKey);
  return nextCursor ? { items, nextCursor } : { items };
}

/** Every item of a Query, following pages (for small, bounded collections); `I` as in `queryPage`. */
export async function queryAll<I = Item>(input: Omit<QueryCommandInput, 'TableName'>): Promise<I[]> {
  const out: I[] = [];
  let start: Item | undefined;
  do {
    const res = await doc.send(new QueryCommand({ TableName: TABLE, ...input, ExclusiveStartKey: start }));
    out.push(...((res.Items ?? []) as I[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

// --- idempotency records -------------------------------------------------------

const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** A response as remembered for an `Idempotency-Key`: what the first request answered. */
export interface RememberedResponse {
  status: number;
  body?: unknown;
}

interface IdempotencyRecord {
  bodyHash: string;
  expiresAt: number;
  /** Kept as JSON text so a replay answers byte for byte what the first request did. */
  response: { status: number; bodyJson?: string };
  /**
   * Present while what follows the commit (letters, emails to staff) is not known to
   * be done: until when (epoch seconds) the attempt doing it may still be running.
   */
  followUpUntil?: number;
}

/**
 * How long the request that committed has to finish its follow-up before a replay may
 * take it over: twice the API functions' 15-second timeout, so the first attempt is
 * certainly over (finished or crashed) when a replay finds the follow-up still open.
 */
export const FOLLOW_UP_LEASE_SECONDS = 30;

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

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

function replay(record: IdempotencyRecord, bodyHash: string): RememberedResponse {
  if (record.bodyHash !== bodyHash) {
    throw unprocessable('This Idempotency-Key was already used with a different request body.', [
      { path: 'Idempotency-Key', message: 'reused with a different body' },
    ]);
  }
  const { status, bodyJson } = record.response;
  return { status, ...(bodyJson !== undefined ? { body: JSON.parse(bodyJson) as unknown } : {}) };
}

/** What an `Idempotency-Key` is scoped to: the caller, the route (and its resource) and the key. */
export interface IdempotencyScope {
  sub: string;
  route: string;
  resourceId?: string;
  key: string;
  body: unknown;
  /** The status the route answers on success, kept with the result so the record is the whole response. */
  status: number;
}

function recordKey(scope: IdempotencyScope) {
  return KEY.idempotency(sha256(`${scope.sub}\n${scope.route}\n${scope.resourceId ?? ''}\n${scope.key}`));
}

/** The response remembered for this scope, if any (within its 24 hours `at`); 422 when the body differs. */
export async function rememberedResponse(scope: IdempotencyScope, at: Date): Promise<RememberedResponse | undefined> {
  return (await remembered(scope, at))?.response;
}

/** The remembered response and, while it is open, until when its follow-up is in the hands of the attempt that committed. */
export async function remembered(scope: IdempotencyScope, at: Date): Promise<{ response: RememberedResponse; followUpUntil?: number } | undefined> {
  const record = await getItem<IdempotencyRecord>(recordKey(scope));
  if (!record || record.expiresAt <= epochSeconds(at)) return undefined;
  const response = replay(record, sha256(canonical(scope.body ?? null)));
  return record.followUpUntil === undefined ? { response } : { response, followUpUntil: record.followUpUntil };
}

/**
 * Takes over an open follow-up whose lease has run out (the attempt that committed
 * crashed before finishing it): true for exactly one taker per lease, false when it
 * was finished or taken meanwhile.
 */
export async function takeOverFollowUp(scope: IdempotencyScope, seenUntil: number, at: Date): Promise<boolean> {
  const nowSeconds = epochSeconds(at);
  if (seenUntil > nowSeconds) return false;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: recordKey(scope),
        UpdateExpression: 'SET followUpUntil = :next',
        ConditionExpression: 'followUpUntil = :seen',
        ExpressionAttributeValues: { ':next': nowSeconds + FOLLOW_UP_LEASE_SECONDS, ':seen': seenUntil },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw asUnavailable(err);
  }
}

/** Records that the follow-up of a remembered response is done: no replay will repeat it. */
export async function closeFollowUp(scope: IdempotencyScope): Promise<void> {
  await doc.send(new UpdateCommand({ TableName: TABLE, Key: recordKey(scope), UpdateExpression: 'REMOVE followUpUntil', ConditionExpression: 'attribute_exists(pk)' }));
}

/** The name of the write that remembers an idempotent response. */
export const IDEMPOTENCY_WRITE = 'idempotency';

/**
 * The write that remembers `body` as the response for this scope, to put in the same transaction
 * as what the request changes; its condition fails when a racing retry got there first.
 */
export function rememberWrite(scope: IdempotencyScope, body: unknown, at: Date, opts: { followUp?: boolean } = {}): Write {
  const nowSeconds = epochSeconds(at);
  return {
    name: IDEMPOTENCY_WRITE,
    Put: {
      Item: {
        ...recordKey(scope),
        entity: 'IdempotencyRecord',
        bodyHash: sha256(canonical(scope.body ?? null)),
        response: { status: scope.status, ...(body !== undefined ? { bodyJson: JSON.stringify(body) } : {}) },
        expiresAt: nowSeconds + IDEMPOTENCY_WINDOW_SECONDS,
        ttl: nowSeconds + IDEMPOTENCY_WINDOW_SECONDS,
        ...(opts.followUp ? { followUpUntil: nowSeconds + FOLLOW_UP_LEASE_SECONDS } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds },
    },
  };
}

/** After losing the race on `rememberWrite`: the winner's response (or 422 for a different body). */
export async function winnersResponse(scope: IdempotencyScope, at: Date): Promise<RememberedResponse> {
  const remembered = await rememberedResponse(scope, at);
  if (!remembered) throw conflict('Another request with the same Idempotency-Key was being made at the same moment; retry.');
  return remembered;
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
