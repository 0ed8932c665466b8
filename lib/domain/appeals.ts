import { addDays, ukDateOf } from './calendar.js';
import type { FieldError } from './field-error.js';
import { ukLongDate } from './letter.js';
import { notInFuture } from './not-in-future.js';
import { formatDateTime } from './words.js';
import { reviewOutcomeShapeErrors, type ReviewOutcome } from './review.js';

/**
 * Appeals (docs/lifecycle.md, Appeals): the person may ask for the decision to restrict
 * their contact to be looked at again by someone who took no part in it, as the
 * model policies of the Local Government and Social Care Ombudsman, the
 * Parliamentary and Health Service Ombudsman and the Scottish Public Services
 * Ombudsman provide. Pure rules over plain data, in UK calendar dates: the time
 * limit, who may decide, when an appeal is overdue, and what each outcome needs.
 */

export const APPEAL_STATUSES = ['RECEIVED', 'DECIDED'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_OUTCOMES = ['UPHELD', 'VARIED', 'ENDED'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** An appeal is recorded against a strategy in force (as the drafting rules define it). */
export const APPEALABLE: readonly string[] = ['ACTIVE', 'REVIEW_DUE'];

// --- the time limit ------------------------------------------------------------------

/**
 * The last UK calendar day an appeal is on time: `appealDays` after the day of the
 * implementation letter (also a UK calendar day). Whole days, so a clock change in
 * between moves nothing.
 */
export function appealBy(letterAt: string, appealDays: number): string {
  return addDays(ukDateOf(new Date(letterAt)), appealDays);
}

/** Whether an appeal received at `receivedAt` came after the last day (`appealBy`), in UK dates. */
export function receivedLate(receivedAt: string, letterAt: string, appealDays: number): boolean {
  return ukDateOf(new Date(receivedAt)) > appealBy(letterAt, appealDays);
}

export interface AppealReceipt {
  receivedAt: string;
  lateReason?: string | undefined;
}

/**
 * What is wrong with a receipt, each broken rule at once: an appeal cannot be
 * received in the future nor before the person was told of the strategy (on the
 * day of the letter at the earliest); one received after the last day needs the
 * reason it is accepted late (`lateReason`).
 */
export function receiptErrors(r: AppealReceipt, facts: { letterAt: string; appealDays: number; now: Date }): FieldError[] {
  const errors = notInFuture('receivedAt', r.receivedAt, facts.now);
  const letterOn = ukDateOf(new Date(facts.letterAt));
  if (ukDateOf(new Date(r.receivedAt)) < letterOn) errors.push({ path: 'receivedAt', message: `must not be before the person was told of the strategy (${letterOn})` });
  if (receivedLate(r.receivedAt, facts.letterAt, facts.appealDays) && !r.lateReason?.trim()) {
    errors.push({ path: 'lateReason', message: `is required: the appeal was received after ${appealBy(facts.letterAt, facts.appealDays)}, ${facts.appealDays} days after the implementation letter` });
  }
  return errors;
}

/**
 * When the person was told of the strategy, for the time limit: the first
 * implementation letter that was not a failed delivery (when it was sent, else when
 * it was created); without one, when staff recorded that the person was told another
 * way; else when the strategy came into force.
 */
export function toldAt(s: {
  letters: ReadonlyArray<{ kind: string; status: string; createdAt: string; sentAt?: string | undefined }>;
  notified?: { at: string } | undefined;
  activatedAt?: string | undefined;
}): string | undefined {
  const first = s.letters
    .filter((l) => l.kind === 'IMPLEMENTED' && l.status !== 'FAILED')
    .map((l) => l.sentAt ?? l.createdAt)
    .sort()[0];
  return first ?? s.notified?.at ?? s.activatedAt;
}

// --- the decision --------------------------------------------------------------------

/** Who may decide an appeal is a four-eyes rule: see `mayDecideAppeal` in approval.ts (kept there, zod-free, so the console runs it too). */
export { DECIDING_EVENTS, involvedIn, mayDecideAppeal } from './approval.js';

/** The review outcome an appeal outcome makes of the strategy (UPHELD leaves it as it is). */
export const REVIEW_OUTCOME_OF: Readonly<Record<Exclude<AppealOutcome, 'UPHELD'>, ReviewOutcome>> = { VARIED: 'VARY', ENDED: 'END' };

/**
 * Which fields each outcome needs and which it must not carry: VARIED as a review
 * VARY (restrictions and nextReviewDate), ENDED as a review END (neither), UPHELD
 * keeps the strategy as it is (neither).
 */
export function appealOutcomeShapeErrors(input: { outcome: AppealOutcome; nextReviewDate?: string | undefined; restrictions?: unknown[] | undefined }): FieldError[] {
  if (input.outcome !== 'UPHELD') return reviewOutcomeShapeErrors({ ...input, outcome: REVIEW_OUTCOME_OF[input.outcome] });
  const errors: FieldError[] = [];
  if (input.restrictions !== undefined) errors.push({ path: 'restrictions', message: 'upholding the decision keeps the restrictions; use VARIED to change them' });
  if (input.nextReviewDate !== undefined) errors.push({ path: 'nextReviewDate', message: 'upholding the decision keeps the review date; use VARIED to change it' });
  return errors;
}

// --- overdue ---------------------------------------------------------------------------

/** The last UK calendar day an appeal should be decided on: `decisionDays` after the day it was received. */
export function decisionDueBy(receivedAt: string, decisionDays: number): string {
  return addDays(ukDateOf(new Date(receivedAt)), decisionDays);
}

/** An appeal still undecided after its last day (`today` a UK calendar date). */
export function isOverdue(a: { status: AppealStatus; receivedAt: string }, today: string, decisionDays: number): boolean {
  return a.status === 'RECEIVED' && today > decisionDueBy(a.receivedAt, decisionDays);
}

/** A decision made after the appeal's last day (counted in the month the appeal was received). */
export function decidedLate(receivedAt: string, decidedAt: string, decisionDays: number): boolean {
  return ukDateOf(new Date(decidedAt)) > decisionDueBy(receivedAt, decisionDays);
}

// --- the email to the managers ------------------------------------------------------------

export interface ReceivedAppeal {
  receivedAt: string;
  grounds: string;
  lateReason?: string | undefined;
  late: boolean;
  decisionDueBy: string;
  recordedBy: { name: string };
}

/**
 * To the Statutory Operations Manager and the Head of Assurance, when an appeal is
 * recorded: names the service user and the cases, and says who may decide.
 */
export function appealReceivedEmail(a: ReceivedAppeal, personName: string, caseRefs: string[]): { subject: string; text: string } {
  const text = [
    `${personName} has appealed against their contact strategy: they ask for the decision to restrict their contact to be looked at again by someone who took no part in it. ${a.recordedBy.name} recorded the appeal.`,
    `Service user: ${personName}\nReceived: ${formatDateTime(a.receivedAt)}\nCases: ${caseRefs.join(', ')}`,
    `Grounds:\n${a.grounds}`,
    ...(a.late ? [`Received after the time limit. Why it is accepted late:\n${a.lateReason ?? ''}`] : []),
    `Please decide it by ${ukLongDate(a.decisionDueBy)}: uphold the decision, vary the strategy or end it. Only a Statutory Operations Manager or the Head of Assurance who did not propose, edit, submit or decide the strategy may decide. The person is told of the outcome in writing by email and post.`,
    'Record the decision in the console (Manager inbox, Appeals awaiting decision).',
  ].join('\n\n');
  return { subject: `Appeal received: contact strategy for ${personName}`, text };
}

// --- the outcome letter -----------------------------------------------------------------

/** The NOTIFY request (and the letters' delivery key) of an appeal's outcome letter: once per appeal. */
export const appealLetterRequestId = (appealId: string): string => `appeal-${appealId}`;

/** The appeal an outcome letter's request is about (undefined for any other request). */
export function appealIdOfLetterRequest(requestId: string): string | undefined {
  return requestId.startsWith('appeal-') ? requestId.slice('appeal-'.length) : undefined;
}
