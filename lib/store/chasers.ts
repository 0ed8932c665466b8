/**
 * The chasers' once-only marks. A chase is claimed by setting `chasedAt` (or
 * `escalatedToSomAt`) on the very item that waits, on the condition that it is not
 * set yet and the item still waits as it did when read, in the same transaction as
 * the timeline entries, before the email is sent: whoever sets it first sends, so two
 * sweeps never send the same chase twice. A send that fails removes the mark (still
 * the one set), so the next sweep tries again. Marks are not a change of the record
 * (its version stays), and moving the record on (a new queue) clears them.
 */
import type { ChaseStep } from '../domain/chasers.js';
import type { Write } from './db.js';

export const CHASE_FIELD: Record<ChaseStep, 'chasedAt' | 'escalatedToSomAt'> = { CHASE: 'chasedAt', ESCALATE_TO_SOM: 'escalatedToSomAt' };

/** What the item must still be for a chase to apply: a condition over its attributes. */
export interface StillWaiting {
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export const CHASE_WRITE = 'chase';

/** Marks a step as sent at `at`; fails if it was already, or the item no longer waits as read. */
export function chaseClaimWrite(key: { pk: string; sk: string }, step: ChaseStep, at: string, still: StillWaiting): Write {
  return {
    name: CHASE_WRITE,
    Update: {
      Key: key,
      UpdateExpression: 'SET #mark = :at',
      ConditionExpression: `attribute_not_exists(#mark) AND ${still.condition}`,
      ExpressionAttributeNames: { '#mark': CHASE_FIELD[step], ...still.names },
      ExpressionAttributeValues: { ':at': at, ...still.values },
    },
  };
}

/** Gives a mark back (its email could not be sent), only if it is still the one set at `at`. */
export function chaseReleaseWrite(key: { pk: string; sk: string }, step: ChaseStep, at: string): Write {
  return {
    name: CHASE_WRITE,
    Update: { Key: key, UpdateExpression: 'REMOVE #mark', ConditionExpression: '#mark = :at', ExpressionAttributeNames: { '#mark': CHASE_FIELD[step] }, ExpressionAttributeValues: { ':at': at } },
  };
}
