import { createHash } from 'node:crypto';
import { queryAll } from './db.js';
import { KEY, PARTITION } from './table.js';
import type { Write } from './write.js';

/**
 * Governance tallies: counters kept per UK month, added to in the same transaction
 * as the event they count, so that `GET /governance/figures` reads one small item
 * set per month asked for, never the people on record.
 *
 * A month's counters are spread over `SHARDS` items (the shard chosen from the id
 * of the thing counted), so two unrelated events at the same moment rarely touch
 * the same item; `commit` retries a transaction that met another one on an item.
 */
export const SHARDS = 8;

/**
 * A counter's name: a figure of the contract, with the breakdown after a colon
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
    name: 'figures',
    Update: {
      Key: KEY.figures(month, shardOf(entityId)),
      UpdateExpression: `SET #month = :month ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { ...names, '#month': 'month' },
      ExpressionAttributeValues: { ...values, ':month': month },
    },
  };
}

/**
 * Every month's counters from `fromMonth` to `toMonth` (inclusive), shards summed:
 * one Query whose cost grows with the months asked for. Months with no event are absent.
 */
export async function tallies(fromMonth: string, toMonth: string): Promise<Map<string, Tally>> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':pk': PARTITION.figures.pk, ':lo': `MONTH#${fromMonth}#`, ':hi': `MONTH#${toMonth}#~` },
  });
  const out = new Map<string, Tally>();
  for (const item of items) {
    const month = String(item.month);
    const sum = out.get(month) ?? {};
    for (const [k, v] of Object.entries(item)) {
      if (typeof v === 'number' && k !== 'pk' && k !== 'sk') sum[k] = (sum[k] ?? 0) + v;
    }
    out.set(month, sum);
  }
  return out;
}
