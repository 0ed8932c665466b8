/**
 * The daily review sweep (policy 1.5: the review period): reminders before a
 * strategy's review date, REVIEW_DUE on it, and an escalation when the review is
 * still undecided days later. Each strategy on the review index is handled on its
 * own, each action at most once per review date.
 *
 * Each emailing action is claimed (lib/store/review-claims.ts) in the same
 * transaction as its timeline entries, before the email is sent: whoever writes
 * the claim first sends, so two sweeps (a retry, a manual run, two overlapping
 * schedules) never send the same reminder or escalation twice. If the send then
 * fails, the claim is released (with a timeline entry saying so) so the next sweep
 * tries again.
 */
import type { TimelineFact } from '../domain/timeline-words.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import {
  EMAIL_ACTION_APPLIES_WHILE,
  planReview,
  reviewEmailRecipients,
  sweepHorizon,
  type ReviewAction,
  type ReviewEmailAction,
  type ReviewSettings,
} from '../domain/review.js';
import { reviewEscalation, reviewReminder } from '../domain/staff-emails.js';
import { inForceOf, nextStatus, proposerEmail } from '../domain/strategy-rules.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, SYSTEM_ACTOR } from '../store/db.js';
import { setInForceWrites } from '../store/person-snapshot.js';
import { claimedActions, claimWrite, releaseWrite } from '../store/review-claims.js';
import { getServiceUserItem, type ServiceUserItem } from '../store/service-users.js';
import {
  caseReferences,
  getStrategyRecord,
  inState,
  reviewIndexIds,
  strategyHistoryWrite,
  strategyStatusCheck,
  strategyTimelineWrites,
  strategyUpdate,
  type StrategyRecord,
} from '../store/strategies.js';
import { runChasers, type ChaseSummary } from './chasers.js';
import { emailStaff } from './staff-email.js';

export const reviewSettings = (): ReviewSettings => ({ reminderDays: config.REVIEW_REMINDER_DAYS, escalationDays: config.REVIEW_ESCALATION_DAYS });

// --- claims -------------------------------------------------------------------------

const ACTION_TIMELINE: Record<ReviewEmailAction, (s: StrategyRecord, to: string[]) => TimelineFact> = {
  REMIND: (s, to) => ({ kind: 'REVIEW_REMINDER', fields: { reviewDate: s.reviewDate, sentTo: to } }),
  ESCALATE: (s) => ({ kind: 'REVIEW_ESCALATED', fields: { reviewDate: s.reviewDate } }),
};

/**
 * Claims a reminder or an escalation for the strategy's current review date, with
 * its timeline entry on each case, in one transaction. False when it was already
 * claimed, or the strategy has moved on (reviewed, ended) since it was read.
 */
async function claim(s: StrategyRecord, action: ReviewEmailAction, recipients: string[]): Promise<boolean> {
  const at = nowIso();
  const t = ACTION_TIMELINE[action];
  try {
    await commit([
      claimWrite(s.id, s.reviewDate, action, at),
      strategyStatusCheck(s.id, EMAIL_ACTION_APPLIES_WHILE[action], s.reviewDate),
      ...strategyTimelineWrites(s, { at, actor: SYSTEM_ACTOR, ...t(s, recipients), ref: { reviewDate: s.reviewDate } }),
    ]);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/** Gives a claim back after its email could not be sent, so the next sweep tries again (and says so on each case). */
async function release(s: StrategyRecord, action: ReviewEmailAction): Promise<void> {
  const at = nowIso();
  await commit([
    releaseWrite(s.id, s.reviewDate, action),
    ...strategyTimelineWrites(s, {
      at,
      actor: SYSTEM_ACTOR,
      kind: 'REVIEW_EMAIL_FAILED',
      fields: { reviewDate: s.reviewDate, step: action },
      ref: { reviewDate: s.reviewDate },
    }),
  ]);
}

async function reviewEmail(s: StrategyRecord, person: Pick<ServiceUserItem, 'name'>, action: ReviewEmailAction, to: string[], today: string): Promise<void> {
  const brief = { personName: person.name, caseRefs: await caseReferences(s.caseIds), proposerName: s.proposedBy.name, reviewDate: s.reviewDate };
  await emailStaff(to, action === 'REMIND' ? reviewReminder(brief, today) : reviewEscalation(brief, config.REVIEW_ESCALATION_DAYS));
}

// --- one strategy ----------------------------------------------------------------------

export interface SweepResult {
  strategyId: string;
  actions: ReviewAction[];
  failed?: boolean;
}

/**
 * Marks an ACTIVE strategy REVIEW_DUE on its review date. The restrictions stay in
 * force: the person's screening snapshot keeps the strategy, now REVIEW_DUE. The
 * status condition is the claim: a second sweep finds it REVIEW_DUE and does nothing.
 */
async function markReviewDue(s: StrategyRecord): Promise<StrategyRecord | undefined> {
  let current = s;
  for (let attempt = 0; attempt < 4; attempt++) {
    const status = nextStatus(current.status, 'mark-review-due');
    if (!status) return undefined;
    const person = await getServiceUserItem(current.serviceUserId);
    if (!person) throw new Error('strategy without its service user');
    const at = nowIso();
    const next: StrategyRecord = { ...current, status, version: current.version + 1, updatedAt: at };
    const inForce = (person.inForce ?? []).some((f) => f.strategyId === next.id)
      ? person.inForce.map((f) => (f.strategyId === next.id ? inForceOf(next) : f))
      : [...(person.inForce ?? []), inForceOf(next)];
    try {
      await commit([
        // In its status at the version read, and still about the same review date.
        strategyUpdate(next, ['status', 'version', 'updatedAt'], inState(current.status, current.version, current.reviewDate)),
        strategyHistoryWrite(next.id, { at, actor: SYSTEM_ACTOR, event: 'REVIEW_DUE', fields: { reviewDate: next.reviewDate }, fromStatus: current.status, toStatus: status }),
        ...strategyTimelineWrites(next, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_REVIEW_DUE', fields: { reviewDate: next.reviewDate }, ref: { status } }),
        ...setInForceWrites(person, inForce, new Date(at)),
      ]);
      return next;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      // The strategy or the person's snapshot changed meanwhile: read again and re-decide.
      const again = await getStrategyRecord(current.id);
      if (!again || again.reviewDate !== s.reviewDate) return undefined;
      current = again;
    }
  }
  return undefined;
}

/**
 * Everything due today for one strategy, each at most once: plan from what was
 * already claimed for its review date, then claim each action before acting on it.
 */
export async function sweepStrategy(strategyId: string, today: string): Promise<SweepResult> {
  let s = await getStrategyRecord(strategyId);
  if (!s) return { strategyId, actions: [] };
  const done = await claimedActions(s.id, s.reviewDate);
  const planned = planReview({ status: s.status, reviewDate: s.reviewDate, done }, today, reviewSettings());
  const result: SweepResult = { strategyId, actions: [] };
  if (planned.length === 0) return result;
  const person = await getServiceUserItem(s.serviceUserId);
  if (!person) throw new Error('strategy without its service user');

  for (const action of planned) {
    if (action === 'MARK_DUE') {
      const next = await markReviewDue(s);
      if (next) {
        s = next;
        result.actions.push(action);
      }
      continue;
    }
    const { to, named } = reviewEmailRecipients(action, config.SOM_EMAIL, proposerEmail(s));
    if (!(await claim(s, action, named))) continue;
    try {
      await reviewEmail(s, person, action, to, today);
      result.actions.push(action);
    } catch (err) {
      logger.error('review email not sent; claim released', { strategyId, action, errorName: (err as Error)?.name });
      await release(s, action);
      result.failed = true;
    }
  }
  return result;
}

// --- the daily run -------------------------------------------------------------------

export interface SweepSummary extends ChaseSummary {
  today: string;
  horizon: string;
  examined: number;
  reminded: number;
  markedDue: number;
  escalated: number;
  failed: number;
  /** False when the run stopped early (out of time); `nextCursor` resumes it. */
  complete: boolean;
  nextCursor?: string;
}

export interface SweepOptions {
  today?: string;
  /** Strategies read per page of the review index. */
  pageSize?: number;
  /** Strategies handled at once within a page (bounded concurrency). */
  concurrency?: number;
  /** Called between pages; true stops the run (the Lambda is running out of time). */
  outOfTime?: () => boolean;
  /** Resumes a run that stopped early (its chasers were sent by the first part). */
  cursor?: string;
}

/**
 * The daily review sweep: walks the review index (GSI3) up to today +
 * REVIEW_REMINDER_DAYS, a page at a time, and handles each strategy on it in
 * small concurrent batches. The index only holds strategies in force, so it is the
 * sweep's whole work list, and no Scan is needed however many strategies there are.
 * One strategy failing is logged (by id) and counted; the others go on.
 */
export async function runReviewSweep(opts: SweepOptions = {}): Promise<SweepSummary> {
  const today = opts.today ?? ukToday();
  const horizon = sweepHorizon(today, reviewSettings());
  const pageSize = opts.pageSize ?? 50;
  const concurrency = opts.concurrency ?? 5;
  // Nothing waits unseen: the chasers run with the reviews, once a run (each step is sent once however often they run).
  const chases = opts.cursor ? { chased: 0, escalatedToSom: 0, failed: 0 } : await runChasers(today);
  const summary: SweepSummary = { today, horizon, examined: 0, reminded: 0, markedDue: 0, escalated: 0, ...chases, complete: true };
  let cursor = opts.cursor;
  do {
    const page = await reviewIndexIds(horizon, pageSize, cursor);
    for (let i = 0; i < page.ids.length; i += concurrency) {
      const batch = page.ids.slice(i, i + concurrency);
      const settled = await Promise.allSettled(batch.map((id) => sweepStrategy(id, today)));
      settled.forEach((r, j) => {
        summary.examined++;
        if (r.status === 'rejected') {
          summary.failed++;
          logger.error('review sweep failed for a strategy', { strategyId: batch[j], errorName: (r.reason as Error)?.name });
          return;
        }
        if (r.value.failed) summary.failed++;
        for (const a of r.value.actions) {
          if (a === 'REMIND') summary.reminded++;
          else if (a === 'MARK_DUE') summary.markedDue++;
          else summary.escalated++;
        }
      });
    }
    cursor = page.nextCursor;
    if (cursor && opts.outOfTime?.()) {
      summary.complete = false;
      summary.nextCursor = cursor;
      break;
    }
  } while (cursor);
  return summary;
}
