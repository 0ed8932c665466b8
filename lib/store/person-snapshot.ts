import { contactPointsOf } from '../domain/contact-points.js';
import { periodKeysOf } from '../domain/screening.js';
import type { StrategyInForce } from '../schemas/restrictions.js';
import type { Write } from './db.js';
import { retentionIndexSet } from './retention.js';
import type { ServiceUserItem } from './service-users.js';
import { KEY } from './table.js';

/**
 * The screening snapshot (strategies in force, call counts) lives on the person's
 * profile item and on each contact-point item, so screening reads one item whether
 * it finds the person by id, email or phone. These helpers keep every copy in step
 * inside the caller's transaction.
 */

function snapshotKeys(profile: Pick<ServiceUserItem, 'id' | 'emails' | 'phones'>) {
  return [KEY.serviceUser(profile.id), ...contactPointsOf(profile).map((c) => KEY.contactPoint(profile.id, c.kind, c.value))];
}

/**
 * Counts one inbound telephone call at `at` on every copy of the snapshot, under
 * the UK day, ISO week and month keys screening reads (`periodKeysOf`).
 * `if_not_exists` makes the first call of a new period start from zero.
 */
export function countCallWrites(profile: Pick<ServiceUserItem, 'id' | 'emails' | 'phones'>, at: Date): Write[] {
  const p = periodKeysOf(at);
  return snapshotKeys(profile).map((Key) => ({
    Update: {
      Key,
      UpdateExpression: 'SET callCounts.#d = if_not_exists(callCounts.#d, :zero) + :one, callCounts.#w = if_not_exists(callCounts.#w, :zero) + :one, callCounts.#m = if_not_exists(callCounts.#m, :zero) + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#d': p.day, '#w': p.week, '#m': p.month },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    },
  }));
}

/**
 * Replaces the strategies in force on every copy of the snapshot. The profile's
 * `snapshotVersion` guards against two changes racing (the loser's transaction fails).
 */
export function setInForceWrites(profile: Pick<ServiceUserItem, 'id' | 'emails' | 'phones' | 'snapshotVersion'>, inForce: StrategyInForce[], at: Date): Write[] {
  // A strategy put in force or ended `at`: the person cannot be due for disposal before RETENTION_YEARS from then.
  const retention = retentionIndexSet(profile.id, at);
  return snapshotKeys(profile).map((Key, i) => ({
    Update: {
      Key,
      UpdateExpression: i === 0 ? `SET inForce = :inForce, snapshotVersion = :next, ${retention.expression}` : 'SET inForce = :inForce, snapshotVersion = :next',
      ConditionExpression: i === 0 ? 'attribute_exists(pk) AND snapshotVersion = :current' : 'attribute_exists(pk)',
      ExpressionAttributeValues:
        i === 0 ? { ':inForce': inForce, ':next': profile.snapshotVersion + 1, ':current': profile.snapshotVersion, ...retention.values } : { ':inForce': inForce, ':next': profile.snapshotVersion + 1 },
    },
  }));
}
