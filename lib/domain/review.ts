import { addDays } from './calendar.js';
import type { FieldError } from './field-error.js';
import type { StrategyStatus } from '../schemas/restrictions.js';
import { allows, IN_FORCE } from './strategy-rules.js';

/**
 * Reviews of a contact strategy (policy 1.5: "any review period for the strategy").
 * Pure rules over plain data: what the daily review sweep must do for one strategy,
 * and whether a review outcome is complete. No clock, no store, no AWS.
 */

/** What the daily sweep can do for a strategy, in the order it does them. */
export const REVIEW_ACTIONS = ['REMIND', 'MARK_DUE', 'ESCALATE'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewSettings {
  /** Remind the proposer and the SOM when the review date is this many days away or less. */
  reminderDays: number;
  /** Escalate to the SOM a review still undecided this many days after the review date. */
  escalationDays: number;
}

export interface ReviewPlanInput {
  status: StrategyStatus;
  /** The review date the actions are about (YYYY-MM-DD, UK calendar date). */
  reviewDate: string;
  /** The actions already claimed for this very review date (a new review date starts afresh). */
  done: readonly ReviewAction[];
}

/** A strategy in force (ACTIVE or REVIEW_DUE, as the drafting rules define it) is the only kind a review applies to. */
export const isInForce = (status: StrategyStatus): boolean => IN_FORCE.includes(status);

/** The first day a reminder is due for a review date. */
export const reminderFrom = (reviewDate: string, s: ReviewSettings): string => addDays(reviewDate, -s.reminderDays);

/** The first day an undecided review is escalated. */
export const escalationFrom = (reviewDate: string, s: ReviewSettings): string => addDays(reviewDate, s.escalationDays);

/**
 * The actions due today for one strategy and not yet done for its review date.
 *
 * Every action is a condition on the calendar ("on or after day X"), never an
 * equality, so a sweep that missed a day (or a week) catches up on its next run:
 * a strategy whose reviewDate passed while no sweep ran is reminded, marked due
 * and, when the escalation day has also passed, escalated, in that order.
 * Each action happens at most once per review date because `done` carries the
 * actions already claimed; the store claims each with a conditional write.
 *
 * - REMIND: today ≥ reviewDate − reminderDays.
 * - MARK_DUE: the strategy is ACTIVE and today ≥ reviewDate (restrictions stay in force).
 * - ESCALATE: today ≥ reviewDate + escalationDays and the review is still undecided
 *   (a decided review moves the strategy on, with a new reviewDate or ENDED).
 */
export function planReview(input: ReviewPlanInput, today: string, settings: ReviewSettings): ReviewAction[] {
  if (!isInForce(input.status)) return [];
  const done = new Set(input.done);
  const actions: ReviewAction[] = [];
  if (!done.has('REMIND') && today >= reminderFrom(input.reviewDate, settings)) actions.push('REMIND');
  if (allows(input.status, 'mark-review-due') && today >= input.reviewDate) actions.push('MARK_DUE');
  if (!done.has('ESCALATE') && today >= escalationFrom(input.reviewDate, settings)) actions.push('ESCALATE');
  return actions;
}

/** The last review date the sweep needs to look at today: everything on or before it. */
export const sweepHorizon = (today: string, s: ReviewSettings): string => addDays(today, s.reminderDays);

/** The actions that email staff; each is claimed once per review date before it is sent. */
export type ReviewEmailAction = Exclude<ReviewAction, 'MARK_DUE'>;

/**
 * The statuses in which an emailing action still applies when it is claimed: a
 * reminder while the strategy is in force, an escalation once it is REVIEW_DUE.
 * A strategy reviewed or ended meanwhile is not chased.
 */
export const EMAIL_ACTION_APPLIES_WHILE: Readonly<Record<ReviewEmailAction, readonly StrategyStatus[]>> = {
  REMIND: IN_FORCE,
  ESCALATE: ['REVIEW_DUE'],
};

/**
 * Who gets a review email: a reminder goes to the proposer (when their mailbox is
 * known, see `proposerEmail`) and the Statutory Operations Manager; an escalation to
 * the Statutory Operations Manager alone. `named` says who, in words, for the timeline.
 */
export function reviewEmailRecipients(action: ReviewEmailAction, somEmail: string, proposer: string | undefined): { to: string[]; named: string[] } {
  const som = 'the Statutory Operations Manager';
  if (action === 'REMIND' && proposer) return { to: [...new Set([proposer, somEmail])], named: ['the proposer', som] };
  return { to: [somEmail], named: [som] };
}

// --- review outcomes ----------------------------------------------------------

export const REVIEW_OUTCOMES = ['EXTEND', 'VARY', 'END'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The letter each outcome sends (the NOTIFY phase's `letterKind`). */
export const LETTER_OF_OUTCOME = { EXTEND: 'EXTENDED', VARY: 'VARIED', END: 'ENDED' } as const satisfies Record<ReviewOutcome, 'EXTENDED' | 'VARIED' | 'ENDED'>;

/**
 * Which fields each outcome needs and which it must not carry (docs/lifecycle.md, Review outcomes):
 * EXTEND needs nextReviewDate (the restrictions stay as they are: VARY changes them);
 * VARY needs restrictions and nextReviewDate; END lifts everything and sets no date.
 * The date itself and the restrictions are checked by the drafting rules.
 */
export function reviewOutcomeShapeErrors(input: { outcome: ReviewOutcome; nextReviewDate?: string; restrictions?: unknown[] }): FieldError[] {
  const errors: FieldError[] = [];
  const needsDate = input.outcome === 'EXTEND' || input.outcome === 'VARY';
  if (needsDate && input.nextReviewDate === undefined) errors.push({ path: 'nextReviewDate', message: `is required to ${input.outcome === 'EXTEND' ? 'extend' : 'vary'} a strategy` });
  if (!needsDate && input.nextReviewDate !== undefined) errors.push({ path: 'nextReviewDate', message: 'an ended strategy has no review date' });
  if (input.outcome === 'VARY' && input.restrictions === undefined) errors.push({ path: 'restrictions', message: 'is required to vary a strategy' });
  if (input.outcome !== 'VARY' && input.restrictions !== undefined) {
    errors.push({ path: 'restrictions', message: input.outcome === 'EXTEND' ? 'an extension keeps the restrictions; use VARY to change them' : 'ending a strategy lifts every restriction' });
  }
  return errors;
}
