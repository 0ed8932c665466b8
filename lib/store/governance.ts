/**
 * What the governance figures are counted from (lib/domain/governance.ts). Every
 * read is a Query on the table or an existing GSI (no Scan):
 *
 * | figure                         | reads                                                              |
 * |--------------------------------|--------------------------------------------------------------------|
 * | strategies by status and type  | GSI2 `STRATEGY_STATUS#<status>`, one Query per status              |
 * | reviews decided on time        | base table `STRATEGY#<id>` / `HISTORY#…`, per strategy reviewed    |
 * | incidents by behaviour, month  | GSI1 `SU_NAME` (the people), then GSI2 `SU#<id>#INCIDENT` from the window start |
 * | breaches and outcomes          | GSI2 `BREACH_STATUS#<status>`, one Query per status                |
 *
 * The incident figure costs one Query per person on record; at the OPCC's scale
 * (hundreds of people) that is a few hundred small Queries for a screen a manager
 * opens now and then. Should it grow, a monthly counter item written with each
 * incident would replace it.
 */
import type { HistoryEvent } from '../domain/governance.js';
import type { StrategyStatus } from '../schemas/restrictions.js';
import { inPartition, queryAll } from './db.js';
import type { Incident } from './incidents.js';
import { allServiceUserIds } from './service-users.js';
import { INCIDENT_KEYS, STRATEGY_READS, timeRange } from './table.js';

/** What the figures read of a strategy item (written by the strategy repository). */
interface StrategyFacts {
  id: string;
  restrictions?: { type: string }[];
}

/** What the figures read of a breach item (written by the breach repository). */
interface BreachFacts {
  decision?: { actions?: string[] };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** The strategies in each status: their ids and restriction types. */
export async function strategiesByStatus(statuses: readonly StrategyStatus[]): Promise<{ status: StrategyStatus; strategies: { id: string; restrictionTypes: string[] }[] }[]> {
  return Promise.all(
    statuses.map(async (status) => ({
      status,
      strategies: (await queryAll<StrategyFacts>(inPartition(STRATEGY_READS.byStatus(status)))).map((s) => ({ id: s.id, restrictionTypes: (s.restrictions ?? []).map((r) => r.type) })),
    })),
  );
}

/** The history of each strategy (eight Queries at a time). */
export async function strategyHistories(strategyIds: string[]): Promise<HistoryEvent[][]> {
  return mapLimit(strategyIds, 8, (id) => queryAll<HistoryEvent>(inPartition(STRATEGY_READS.partition(id), { beginsWith: STRATEGY_READS.historyPrefix })));
}

/** Every incident on or after `since` (a UTC ISO instant), person by person (eight Queries at a time). */
export async function incidentsSince(since: string): Promise<Pick<Incident, 'occurredAt' | 'behaviours'>[]> {
  const people = await allServiceUserIds();
  const perPerson = await mapLimit(people, 8, (id) => queryAll<Incident>(inPartition(INCIDENT_KEYS.ofServiceUser(id), timeRange(since, undefined))));
  return perPerson.flat();
}

/** The breaches in each status: the actions decided on each. */
export async function breachesByStatus(statuses: readonly string[]): Promise<{ status: string; breaches: { actions: string[] }[] }[]> {
  return Promise.all(
    statuses.map(async (status) => ({
      status,
      breaches: (await queryAll<BreachFacts>(inPartition(STRATEGY_READS.breachesByStatus(status)))).map((b) => ({ actions: b.decision?.actions ?? [] })),
    })),
  );
}
