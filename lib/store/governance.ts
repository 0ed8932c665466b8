/**
 * Governance figures for the console: strategies by status and by restriction
 * type, incidents by behaviour per month, reviews decided on time, breaches and
 * their outcomes. Every read is a Query on the table or an existing GSI (no Scan):
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
import { BREACH_STATUSES } from '../domain/breach.js';
import { BEHAVIOURS } from '../domain/behaviours.js';
import { RESTRICTION_TYPES, STATUSES } from '../schemas/restrictions.js';
import { queryAll } from './db.js';
import { INDEX } from './table.js';
import type { GovernanceFigures } from '../schemas/governance.js';

type Item = Record<string, unknown>;

export type { GovernanceFigures };

const REVIEW_EVENTS = new Set(['EXTENDED', 'VARIED', 'ENDED']);

/** A review is on time when decided before its date, or within `graceDays` of becoming due. */
export function reviewTimeliness(history: { at: string; event?: string; fromStatus?: string }[], graceDays: number): { onTime: number; late: number; outcomes: Record<string, number> } {
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  let dueAt: string | undefined;
  let onTime = 0;
  let late = 0;
  const outcomes: Record<string, number> = {};
  for (const e of sorted) {
    if (e.event === 'REVIEW_DUE') dueAt = e.at;
    if (!e.event || !REVIEW_EVENTS.has(e.event) || (e.fromStatus !== 'ACTIVE' && e.fromStatus !== 'REVIEW_DUE')) continue;
    outcomes[e.event] = (outcomes[e.event] ?? 0) + 1;
    const lateBy = e.fromStatus === 'REVIEW_DUE' && dueAt ? Date.parse(e.at) - Date.parse(dueAt) : 0;
    if (lateBy > graceDays * 86_400_000) late++;
    else onTime++;
    dueAt = undefined;
  }
  return { onTime, late, outcomes };
}

/** Counts incidents per month and behaviour. */
export function incidentsByMonth(incidents: { occurredAt: string; behaviours: string[] }[], months: string[]): GovernanceFigures['incidentsByBehaviourByMonth'] {
  const rows = months.map((month) => ({ month, counts: Object.fromEntries(BEHAVIOURS.map((b) => [b.code, 0])) as Record<string, number>, incidents: 0 }));
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  for (const i of incidents) {
    const row = byMonth.get(ukMonth(i.occurredAt));
    if (!row) continue;
    row.incidents++;
    for (const b of i.behaviours) row.counts[b] = (row.counts[b] ?? 0) + 1;
  }
  return rows;
}

const ukMonthFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
const ukMonth = (iso: string) => ukMonthFmt.format(new Date(iso)).slice(0, 7);

/** The `count` months ending with the one `now` falls in, oldest first. */
export function lastMonths(now: Date, count: number): string[] {
  const [y, m] = ukMonth(now.toISOString()).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
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

export async function governanceFigures(now: Date, opts: { months?: number; escalationDays?: number } = {}): Promise<GovernanceFigures> {
  const months = lastMonths(now, opts.months ?? 12);
  const since = `${months[0]}-01T00:00:00.000Z`;

  const byStatus = await Promise.all(
    STATUSES.map(async (status) => ({ status, items: await queryAll({ IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `STRATEGY_STATUS#${status}` } }) })),
  );
  const strategiesByStatus = Object.fromEntries(byStatus.map((s) => [s.status, s.items.length]));
  const inForceByRestrictionType = Object.fromEntries(RESTRICTION_TYPES.map((t) => [t, 0])) as Record<string, number>;
  for (const s of byStatus.filter((x) => x.status === 'ACTIVE' || x.status === 'REVIEW_DUE')) {
    for (const item of s.items) for (const r of (item.restrictions as { type: string }[] | undefined) ?? []) inForceByRestrictionType[r.type] = (inForceByRestrictionType[r.type] ?? 0) + 1;
  }

  // Reviews: only strategies that have been in force can have been reviewed.
  const reviewed = byStatus.filter((x) => ['ACTIVE', 'REVIEW_DUE', 'ENDED'].includes(x.status)).flatMap((x) => x.items);
  const histories = await mapLimit(reviewed, 8, (s) =>
    queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)', ExpressionAttributeValues: { ':pk': `STRATEGY#${String(s.id)}`, ':h': 'HISTORY#' } }),
  );
  const reviews = { decided: 0, onTime: 0, late: 0, outcomes: {} as Record<string, number> };
  for (const h of histories) {
    const t = reviewTimeliness(h as { at: string; event?: string; fromStatus?: string }[], opts.escalationDays ?? 7);
    reviews.onTime += t.onTime;
    reviews.late += t.late;
    for (const [k, v] of Object.entries(t.outcomes)) reviews.outcomes[k] = (reviews.outcomes[k] ?? 0) + v;
  }
  reviews.decided = reviews.onTime + reviews.late;

  const people = await queryAll({ IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'SU_NAME' }, ProjectionExpression: 'id' });
  const incidents = (
    await mapLimit(people, 8, (p) =>
      queryAll({ IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk >= :since', ExpressionAttributeValues: { ':pk': `SU#${String(p.id)}#INCIDENT`, ':since': since } }),
    )
  ).flat() as Item[];

  const breaches = await Promise.all(
    BREACH_STATUSES.map(async (status) => ({ status, items: await queryAll({ IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `BREACH_STATUS#${status}` } }) })),
  );
  const breachActions: Record<string, number> = {};
  for (const b of breaches.flatMap((x) => x.items)) {
    for (const a of ((b.decision as { actions?: string[] } | undefined)?.actions ?? [])) breachActions[a] = (breachActions[a] ?? 0) + 1;
  }

  return {
    generatedAt: now.toISOString(),
    since,
    strategiesByStatus,
    inForceByRestrictionType,
    incidentsByBehaviourByMonth: incidentsByMonth(incidents as { occurredAt: string; behaviours: string[] }[], months),
    reviews,
    breachesByStatus: Object.fromEntries(breaches.map((b) => [b.status, b.items.length])),
    breachActions,
  };
}
