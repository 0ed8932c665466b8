import type { ProblemError } from '../errors.js';

type Item = Record<string, unknown>;
/** An item as its repository types it (`Stored<Entity>` in table.ts). */
type StoredItem = object;

/**
 * One write of a transaction. `name` says which write it is (`strategy`,
 * `idempotency`, `caseCheck`, ...) so that a failed condition is told apart by
 * name, never by its position; `onConditionFailed` is the problem to answer then.
 */
export type Write = (
  | { Put: { Item: StoredItem; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { Update: { Key: Item; UpdateExpression: string; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { ConditionCheck: { Key: Item; ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
  | { Delete: { Key: Item; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } }
) & { name?: string; onConditionFailed?: () => ProblemError };

/** Gives a write its name (see `Write`). */
export const named = <W extends Write>(name: string, write: W): W => ({ ...write, name });
