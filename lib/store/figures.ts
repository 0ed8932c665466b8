import { queryAll } from './db.js';
import { PARTITION } from './table.js';
import type { Tally } from './tally-write.js';
export { SHARDS, tallyWrite, type Tally } from './tally-write.js';

/**
 * Governance tallies: counters kept per UK month, added to in the same transaction
 * as the event they count, so that `GET /governance/figures` reads one small item
 * set per month asked for, never the people on record.
 *
 * A month's counters are spread over `SHARDS` items (the shard chosen from the id
 * of the thing counted), so two unrelated events at the same moment rarely touch
 * the same item; `commit` retries a transaction that met another one on an item.
 */


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
