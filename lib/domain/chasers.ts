import { addDays, addWorkingDays } from './calendar.js';

/**
 * Nothing waits unseen: whatever waits for someone (an incident in a queue, an appeal
 * undecided, a breach awaiting legal advice) is announced again to the mailbox that
 * was told when it began to wait, once, and after twice as long to the Statutory
 * Operations Manager, once. Pure rules over UK calendar dates; no clock, no store.
 */

/** What the daily sweep can send about something waiting, in the order it sends them. */
export const CHASE_STEPS = ['CHASE', 'ESCALATE_TO_SOM'] as const;
export type ChaseStep = (typeof CHASE_STEPS)[number];

/** How long something may wait before it is chased: in working days (the queues) or calendar days (an appeal's decision time). */
export interface ChasePeriod {
  days: number;
  counted: 'working' | 'calendar';
}

export interface Waiting {
  /** The UK date (YYYY-MM-DD) it began to wait. */
  since: string;
  /** When each step was already sent (absent: not yet). */
  chasedAt?: string | undefined;
  escalatedToSomAt?: string | undefined;
}

const after = (date: string, days: number, p: ChasePeriod) => (p.counted === 'working' ? addWorkingDays(date, days) : addDays(date, days));

/** The first day it is chased: `days` after it began to wait. */
export const chaseOn = (since: string, p: ChasePeriod): string => after(since, p.days, p);

/** The first day the Statutory Operations Manager is told: twice that. */
export const escalateToSomOn = (since: string, p: ChasePeriod): string => after(since, 2 * p.days, p);

/**
 * The steps due today and not yet sent. Each is "on or after day X", never "on day
 * X", so a sweep that missed days catches up on its next run (both steps at once,
 * the chase first); each is sent at most once because what was sent is recorded
 * (and claimed with a conditional write before the email goes).
 */
export function chasesDue(w: Waiting, today: string, p: ChasePeriod): ChaseStep[] {
  const due: ChaseStep[] = [];
  if (w.chasedAt === undefined && today >= chaseOn(w.since, p)) due.push('CHASE');
  if (w.escalatedToSomAt === undefined && today >= escalateToSomOn(w.since, p)) due.push('ESCALATE_TO_SOM');
  return due;
}

/** The latest day something may have begun to wait and be due a step today: the sweep reads each queue up to it. */
export function waitingSinceAtLatest(today: string, p: ChasePeriod): string {
  // Step back day by day to the last start whose chase falls on or before today.
  let since = today;
  while (chaseOn(since, p) > today) since = addDays(since, -1);
  return since;
}
