import { addMonths, ukDateOf } from './calendar.js';

/**
 * UK GDPR storage limitation: how long records are kept, and when a person's
 * records are due for disposal. Pure; the settings (RETENTION_YEARS,
 * UNMATCHED_CONTACT_DAYS) and the clock are passed in.
 */

/**
 * A concluded case is due for a disposal review `retentionYears` after the UK
 * calendar day it was concluded (the same day of the month, clamped to its end).
 */
export function caseRetainUntil(concludedOn: string, retentionYears: number): string {
  return addMonths(concludedOn, 12 * retentionYears);
}

/**
 * A screened contact that matched nobody and named no case is on no one's record,
 * so it is kept only `retentionDays` from when it was screened: the epoch second
 * after which DynamoDB's TTL may remove it. Anything on someone's record has none.
 */
export function unmatchedContactExpiry(contact: { matchedPeople: number; caseId?: string }, screenedAt: Date, retentionDays: number): number | undefined {
  if (contact.matchedPeople !== 0 || contact.caseId !== undefined) return undefined;
  return Math.floor(screenedAt.getTime() / 1000) + retentionDays * 24 * 60 * 60;
}

/** Strategy statuses in which something is still open: in force, being decided, or in force but the person not yet told. */
export const OPEN_STRATEGY_STATUSES = ['ACTIVE', 'REVIEW_DUE', 'APPROVED', 'PENDING_APPROVAL', 'NOT_NOTIFIED'] as const;

/** What the rule reads about one person: only statuses and dates, never what was recorded. */
export interface RetentionFacts {
  /** When the person was put on record: someone who never had a case is due from here. */
  createdAt: string;
  legalHold?: unknown;
  cases: Array<{ status: string; concludedAt?: string | undefined }>;
  /** `endedAt` when it ended; otherwise the last time it changed (a draft, a rejected one). */
  strategies: Array<{ status: string; endedAt?: string | undefined; updatedAt: string }>;
  /** Appeals and breaches not yet decided. */
  undecidedAppeals: number;
  undecidedBreaches: number;
  /** Incidents waiting in an escalation queue. */
  incidentsWaiting: number;
}

export type RetentionVerdict =
  | { due: true; dueSince: string }
  | { due: false; why: 'LEGAL_HOLD' | 'SOMETHING_OPEN' }
  | { due: false; why: 'NOT_YET'; dueSince: string };

/**
 * The UK date from which the person's records are due for disposal, if nothing
 * changes: `retentionYears` after the last of their cases concluded and their
 * last strategy ended (after they were put on record, when they had neither).
 */
export function retentionDueFrom(facts: Pick<RetentionFacts, 'createdAt' | 'cases' | 'strategies'>, retentionYears: number): string {
  const closedAt = [facts.createdAt, ...facts.cases.map((c) => c.concludedAt ?? ''), ...facts.strategies.map((s) => s.endedAt ?? s.updatedAt)];
  const last = closedAt.reduce((a, b) => (b > a ? b : a));
  return addMonths(ukDateOf(new Date(last)), 12 * retentionYears);
}

/**
 * Whether a person's records are due for disposal today: nothing of theirs is
 * open (no OPEN case, no strategy in an open status, no undecided appeal or
 * breach, no incident waiting), the last case concluded and the last strategy
 * ended at least `retentionYears` ago, and no legal hold is on them.
 */
export function dueForDisposal(facts: RetentionFacts, today: string, retentionYears: number): RetentionVerdict {
  if (facts.legalHold) return { due: false, why: 'LEGAL_HOLD' };
  const open =
    facts.cases.some((c) => c.status === 'OPEN') ||
    facts.strategies.some((s) => (OPEN_STRATEGY_STATUSES as readonly string[]).includes(s.status)) ||
    facts.undecidedAppeals > 0 ||
    facts.undecidedBreaches > 0 ||
    facts.incidentsWaiting > 0;
  if (open) return { due: false, why: 'SOMETHING_OPEN' };
  const dueSince = retentionDueFrom(facts, retentionYears);
  return dueSince <= today ? { due: true, dueSince } : { due: false, why: 'NOT_YET', dueSince };
}

/**
 * The date the retention index holds for a person after something of theirs
 * opened, concluded or ended at `at`: never later than the day they can next be
 * due (whatever happened at `at`, their last case concludes, or last strategy
 * ends, no earlier), so the index can only list people early, never miss them;
 * `dueForDisposal` decides.
 */
export function retentionIndexDate(at: Date, retentionYears: number): string {
  return addMonths(ukDateOf(at), 12 * retentionYears);
}
