import { createHash } from 'node:crypto';
import { KEY } from './table.js';
import type { Write } from './write.js';

/** A month's counters are spread over this many items (see lib/store/figures.ts). */
export const SHARDS = 8;

/**
 * A counter's name: one of the governance figures (docs/governance.md), with the breakdown after a colon
 * (`strategiesPutInForce:NO_TELEPHONE`, `incidentsByBehaviour:THREAT`,
 * `appealOutcomes:UPHELD`). `inForceChange` is +1 when a strategy comes into force and
 * -1 when it leaves it; its running sum is the number in force at a month's end.
 */
export type Tally = Record<string, number>;

const shardOf = (id: string) => createHash('sha256').update(id).digest()[0]! % SHARDS;

/**
 * The write that adds `tally` to the counters of `month` (YYYY-MM, UK time; see
 * `ukMonthOf`), for the event about `entityId`. Put it in the event's own
 * transaction. `undefined` when there is nothing to count.
 */
export function tallyWrite(month: string, entityId: string, tally: Tally): Write | undefined {
  const entries = Object.entries(tally).filter(([, n]) => n !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = entries.map(([counter, n], i) => {
    names[`#c${i}`] = counter;
    values[`:n${i}`] = n;
    return `#c${i} :n${i}`;
  });
  return {
    name: TALLY,
    Update: {
      Key: KEY.figures(month, shardOf(entityId)),
      UpdateExpression: `SET #month = :month ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { ...names, '#month': 'month' },
      ExpressionAttributeValues: { ...values, ':month': month },
    },
  };
}

const TALLY = 'figures';

/**
 * One write per counter item: DynamoDB refuses a transaction that touches an item
 * twice, and one event may count in the same month twice (an appeal received and
 * decided, a strategy ended and its appeal decided). `commit` calls this.
 */
export function coalesceTallies(writes: Write[]): Write[] {
  const byItem = new Map<string, { month: string; key: Record<string, unknown>; tally: Tally }>();
  const rest: Write[] = [];
  for (const w of writes) {
    if (w.name !== TALLY || !('Update' in w)) {
      rest.push(w);
      continue;
    }
    const { Key, ExpressionAttributeNames = {}, ExpressionAttributeValues = {} } = w.Update;
    const id = `${String(Key.pk)}|${String(Key.sk)}`;
    const entry = byItem.get(id) ?? { month: String(ExpressionAttributeValues[':month']), key: Key, tally: {} };
    for (const [alias, counter] of Object.entries(ExpressionAttributeNames)) {
      if (!alias.startsWith('#c')) continue;
      entry.tally[counter] = (entry.tally[counter] ?? 0) + Number(ExpressionAttributeValues[`:n${alias.slice(2)}`]);
    }
    byItem.set(id, entry);
  }
  if (byItem.size === writes.length - rest.length) return writes;
  const merged = [...byItem.values()].flatMap(({ month, key, tally }) => {
    const w = tallyWrite(month, '', tally);
    return w && 'Update' in w ? [{ ...w, Update: { ...w.Update, Key: key } }] : [];
  });
  return [...rest, ...merged];
}
