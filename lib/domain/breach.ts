import type { FieldError } from './field-error.js';
import type { StrategyStatus } from '../schemas/restrictions.js';
import { notInFuture } from './not-in-future.js';
import { BREACH_ACTION_WORDS } from './words.js';
import { allows } from './strategy-rules.js';

/**
 * Breaches of a contact strategy (policy 1.6): "such situations should be reported
 * to the Statutory Operations Manager", who may adjust the strategy, seek legal or
 * professional advice, or report the matter to the police. Pure rules, no I/O.
 */

export const BREACH_ACTIONS = ['ADJUST_STRATEGY', 'LEGAL_ADVICE', 'POLICE_REFERRAL', 'NO_FURTHER_ACTION'] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

export const BREACH_STATUSES = ['REPORTED', 'AWAITING_LEGAL_ADVICE', 'DECIDED'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

/** What the Statutory Operations Manager may do once legal or professional advice has come back: one action, as a decision's. */
export const LEGAL_ADVICE_OUTCOMES = ['NO_FURTHER_ACTION', 'ADJUST_STRATEGY', 'POLICE_REFERRAL'] as const satisfies readonly BreachAction[];
export type LegalAdviceOutcome = (typeof LEGAL_ADVICE_OUTCOMES)[number];

/** A breach can only be of a strategy in force (ACTIVE or REVIEW_DUE). */
export const canReportBreachOf = (status: StrategyStatus): boolean => allows(status, 'report-breach');

/** A breach is decided once, from REPORTED. */
export const canDecide = (status: BreachStatus): boolean => status === 'REPORTED';

/** Every breach starts REPORTED. */
export const FIRST_BREACH_STATUS = 'REPORTED' satisfies BreachStatus;

/**
 * Where a decision leads: REPORTED → DECIDED, or AWAITING_LEGAL_ADVICE when the
 * decision is to seek advice (the breach then waits for the advice's outcome);
 * undefined when the breach cannot be decided (again).
 */
export function statusAfterDecision(status: BreachStatus, actions: readonly BreachAction[]): BreachStatus | undefined {
  if (!canDecide(status)) return undefined;
  return actions.includes('LEGAL_ADVICE') ? 'AWAITING_LEGAL_ADVICE' : 'DECIDED';
}

/** Legal advice is recorded once, on a breach waiting for it; its outcome decides the breach. */
export const statusAfterLegalAdvice = (status: BreachStatus): BreachStatus | undefined => (status === 'AWAITING_LEGAL_ADVICE' ? 'DECIDED' : undefined);

/**
 * The rules of legal advice's outcome: those of a decision taking that one action
 * (ADJUST_STRATEGY needs restrictions, POLICE_REFERRAL a reference and a date, and
 * neither field without its action), and the advice received no earlier than it was
 * sought and not in the future.
 */
export function legalAdviceErrors(
  input: Omit<BreachDecisionInput, 'actions'> & { outcome: LegalAdviceOutcome; receivedAt: string },
  soughtAt: string,
  now: Date,
): FieldError[] {
  const errors = breachDecisionErrors({ ...input, actions: [input.outcome] });
  const received = notInFuture('receivedAt', input.receivedAt, now);
  // Staff give times to the minute: advice that came back within the minute it was sought is not "before" it.
  const soughtMinute = Math.floor(new Date(soughtAt).getTime() / 60_000) * 60_000;
  if (received.length === 0 && new Date(input.receivedAt).getTime() < soughtMinute) {
    received.push({ path: 'receivedAt', message: 'must not be before the advice was sought' });
  }
  return [...errors, ...received];
}

/** What each action means, in plain words, for the timeline and the emails. */
export const ACTION_WORDS: Record<BreachAction, string> = BREACH_ACTION_WORDS;

export interface BreachDecisionInput {
  actions: BreachAction[];
  restrictions?: unknown[];
  nextReviewDate?: string;
  policeReference?: string | undefined;
  reportedAt?: string | undefined;
}

/**
 * The shape rules of a decision, each naming its field:
 * - at least one action, and no action twice;
 * - NO_FURTHER_ACTION stands alone;
 * - ADJUST_STRATEGY needs the new restrictions (it varies the strategy as a review
 *   VARY would); restrictions or a review date without ADJUST_STRATEGY would be lost,
 *   so they are refused rather than ignored.
 *
 * `nextReviewDate` is optional with ADJUST_STRATEGY: without it the current review
 * date stands (the store insists on one when that date is no longer in the future).
 */
export function breachDecisionErrors(input: BreachDecisionInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.actions.length === 0) errors.push({ path: 'actions', message: 'must name at least one action' });
  const seen = new Set<BreachAction>();
  input.actions.forEach((a, i) => {
    if (seen.has(a)) errors.push({ path: `actions.${i}`, message: `${a} is named more than once` });
    seen.add(a);
  });
  if (seen.has('NO_FURTHER_ACTION') && seen.size > 1) {
    errors.push({ path: 'actions', message: 'NO_FURTHER_ACTION stands alone: it cannot be combined with another action' });
  }
  const adjusts = seen.has('ADJUST_STRATEGY');
  if (adjusts && input.restrictions === undefined) errors.push({ path: 'restrictions', message: 'is required to adjust the strategy' });
  if (!adjusts && input.restrictions !== undefined) errors.push({ path: 'restrictions', message: 'only an ADJUST_STRATEGY decision changes the restrictions' });
  if (!adjusts && input.nextReviewDate !== undefined) errors.push({ path: 'nextReviewDate', message: 'only an ADJUST_STRATEGY decision changes the review date' });
  // A police referral records what the police were given and when (policy 1.6).
  const refers = seen.has('POLICE_REFERRAL');
  if (refers && !input.policeReference) errors.push({ path: 'policeReference', message: 'is required for a police referral' });
  if (refers && !input.reportedAt) errors.push({ path: 'reportedAt', message: 'is required for a police referral: when it was reported' });
  if (!refers && (input.policeReference !== undefined || input.reportedAt !== undefined)) {
    errors.push({ path: input.policeReference !== undefined ? 'policeReference' : 'reportedAt', message: 'only a POLICE_REFERRAL decision records a police report' });
  }
  return errors;
}

/**
 * The review date an adjustment leaves the strategy with: the one given, or else
 * the current one if it is still after today. Undefined means one must be given.
 */
export function adjustedReviewDate(given: string | undefined, current: string, today: string): string | undefined {
  if (given !== undefined) return given;
  return current > today ? current : undefined;
}

/** A breach must not be dated in the future: the one rule every record follows (see not-in-future.ts). */
export function occurredAtErrors(occurredAt: string, now: Date): FieldError[] {
  return notInFuture('occurredAt', occurredAt, now);
}

// --- what a report links to ---------------------------------------------------------

export type LinkKind = 'contact' | 'incident';

/** A contact or incident a report names, with the path of its place in the request (`contactIds.1`). */
export interface LinkedRecord {
  kind: LinkKind;
  id: string;
  path: string;
}

const LINK_FIELDS: readonly { kind: LinkKind; field: 'contactIds' | 'incidentIds' }[] = [
  { kind: 'contact', field: 'contactIds' },
  { kind: 'incident', field: 'incidentIds' },
];

/** Every contact and incident a report links to, in the order given. */
export function linkedRecords(input: { contactIds?: string[] | undefined; incidentIds?: string[] | undefined }): LinkedRecord[] {
  return LINK_FIELDS.flatMap(({ kind, field }) => (input[field] ?? []).map((id, i) => ({ kind, id, path: `${field}.${i}` })));
}

/**
 * A report links only to records about the person the strategy covers. `ownerOf`
 * answers whom a linked record is about: null when there is no such record,
 * undefined when it is about nobody (an unmatched contact).
 */
export function linkErrors(linked: readonly LinkedRecord[], ownerOf: (r: LinkedRecord) => string | undefined | null, serviceUserId: string): FieldError[] {
  return linked.flatMap((r) => {
    const owner = ownerOf(r);
    if (owner === null) return [{ path: r.path, message: `there is no such ${r.kind}` }];
    if (owner !== serviceUserId) return [{ path: r.path, message: `this ${r.kind} is not about the person this strategy covers` }];
    return [];
  });
}
