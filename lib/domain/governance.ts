/**
 * The governance figures a commissioner asks for (strategies by status and by
 * restriction type, incidents by behaviour per month, reviews decided on time,
 * breaches and their outcomes), counted from plain data. Pure: no store, no clock.
 */
import type { GovernanceFigures } from '../schemas/governance.js';
import { RESTRICTION_TYPES, type StrategyStatus } from '../schemas/restrictions.js';
import { BEHAVIOURS } from './behaviours.js';

export type { GovernanceFigures };

const ukMonthFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
const ukMonth = (iso: string) => ukMonthFmt.format(new Date(iso)).slice(0, 7);

/** The `count` months ending with the one `now` falls in (UK time), oldest first. */
export function lastMonths(now: Date, count: number): string[] {
  const [y, m] = ukMonth(now.toISOString()).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The months reported on and the instant the incident figures count from (the first month's start). */
export function reportingWindow(now: Date, months: number): { months: string[]; since: string } {
  const list = lastMonths(now, months);
  return { months: list, since: `${list[0]}-01T00:00:00.000Z` };
}

/** Only strategies that have been in force can have been reviewed. */
export const REVIEWABLE_STATUSES: readonly StrategyStatus[] = ['ACTIVE', 'REVIEW_DUE', 'ENDED'];

/** Strategies in force, whose restrictions are counted by type. */
const IN_FORCE_STATUSES: readonly StrategyStatus[] = ['ACTIVE', 'REVIEW_DUE'];

const REVIEW_EVENTS = new Set(['EXTENDED', 'VARIED', 'ENDED']);

/** One entry of a strategy's history, as the review figure reads it. */
export interface HistoryEvent {
  at: string;
  event?: string;
  fromStatus?: string;
}

/**
 * The "on time" figure: a review is on time when decided before its review date
 * (from ACTIVE), or within `graceDays` (the escalation window, REVIEW_ESCALATION_DAYS)
 * of becoming due (from REVIEW_DUE); later is late.
 */
export function reviewTimeliness(history: HistoryEvent[], graceDays: number): { onTime: number; late: number; outcomes: Record<string, number> } {
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

/** What the figures are counted from, as the governance use case reads it. */
export interface GovernanceData {
  generatedAt: Date;
  window: { months: string[]; since: string };
  strategiesByStatus: { status: StrategyStatus; strategies: { restrictionTypes: string[] }[] }[];
  /** The history of every reviewable strategy. */
  reviewHistories: HistoryEvent[][];
  /** Incidents since `window.since`. */
  incidents: { occurredAt: string; behaviours: string[] }[];
  breachesByStatus: { status: string; breaches: { actions: string[] }[] }[];
  /** The escalation window a review due may take and still be on time. */
  reviewGraceDays: number;
}

export function governanceFigures(d: GovernanceData): GovernanceFigures {
  const strategiesByStatus = Object.fromEntries(d.strategiesByStatus.map((s) => [s.status, s.strategies.length]));
  const inForceByRestrictionType = Object.fromEntries(RESTRICTION_TYPES.map((t) => [t, 0])) as Record<string, number>;
  for (const s of d.strategiesByStatus.filter((x) => IN_FORCE_STATUSES.includes(x.status))) {
    for (const strategy of s.strategies) for (const type of strategy.restrictionTypes) inForceByRestrictionType[type] = (inForceByRestrictionType[type] ?? 0) + 1;
  }

  const reviews = { decided: 0, onTime: 0, late: 0, outcomes: {} as Record<string, number> };
  for (const h of d.reviewHistories) {
    const t = reviewTimeliness(h, d.reviewGraceDays);
    reviews.onTime += t.onTime;
    reviews.late += t.late;
    for (const [k, v] of Object.entries(t.outcomes)) reviews.outcomes[k] = (reviews.outcomes[k] ?? 0) + v;
  }
  reviews.decided = reviews.onTime + reviews.late;

  const breachActions: Record<string, number> = {};
  for (const b of d.breachesByStatus.flatMap((x) => x.breaches)) {
    for (const a of b.actions) breachActions[a] = (breachActions[a] ?? 0) + 1;
  }

  return {
    generatedAt: d.generatedAt.toISOString(),
    since: d.window.since,
    strategiesByStatus,
    inForceByRestrictionType,
    incidentsByBehaviourByMonth: incidentsByMonth(d.incidents, d.window.months),
    reviews,
    breachesByStatus: Object.fromEntries(d.breachesByStatus.map((b) => [b.status, b.breaches.length])),
    breachActions,
  };
}
