/**
 * Rules for what is recorded against a case (policy 1.2 and 1.3): case
 * references, contacts, incidents and the incident escalation chain. Pure functions over plain data:
 * no AWS, no clock (the caller passes `now`).
 */
import type { FieldError } from './field-error.js';
import { BEHAVIOURS_NEEDING_LINE_MANAGER, type BehaviourCode } from './behaviours.js';
import { notInFuture } from './not-in-future.js';

/** The highest case number of a year: references have six digits. */
export const MAX_CASE_NUMBER = 999_999;

/**
 * Case references are `OPCC-<year>-<6 digits>`: the UK calendar year the case was
 * opened and its number in that year, unique and increasing.
 */
export function formatCaseReference(year: string, n: number): string {
  return `OPCC-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * Policy 1.3, threatening or abusive telephone calls: staff may terminate a call,
 * but only after giving advice that the behaviour is not acceptable.
 */
export function callTerminationErrors(input: { channel: string; callTerminated?: boolean; warningGiven?: boolean }): FieldError[] {
  if (input.callTerminated !== true) return [];
  const errors: FieldError[] = [];
  if (input.channel !== 'PHONE') errors.push({ path: 'channel', message: 'must be PHONE when a call was terminated' });
  if (input.warningGiven !== true) {
    errors.push({ path: 'warningGiven', message: 'must be true: a call is terminated only after advising the caller that their behaviour is not acceptable and why' });
  }
  return errors;
}

export const ESCALATION_STATUSES = ['NONE', 'AWAITING_LINE_MANAGER', 'AWAITING_HEAD_OF_ASSURANCE', 'REPORTED_TO_POLICE'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/**
 * Where a new incident starts. Threats, harassment, intimidation, stalking and
 * escalating agitation go to the line manager (policy 1.3); anything else is
 * recorded against the case without escalation.
 */
export function initialEscalation(behaviours: readonly BehaviourCode[], reportToLineManager = false): EscalationStatus {
  // Staff may also judge any comment grossly offensive and report it (policy 1.3).
  if (reportToLineManager) return 'AWAITING_LINE_MANAGER';
  return behaviours.some((b) => BEHAVIOURS_NEEDING_LINE_MANAGER.includes(b)) ? 'AWAITING_LINE_MANAGER' : 'NONE';
}

export type EscalationAction = 'escalate' | 'refer-to-police';

/** The one state each step of the chain may be taken from, and where it leads. */
export const ESCALATION_STEPS: Record<EscalationAction, { from: EscalationStatus; to: EscalationStatus }> = {
  escalate: { from: 'AWAITING_LINE_MANAGER', to: 'AWAITING_HEAD_OF_ASSURANCE' },
  'refer-to-police': { from: 'AWAITING_HEAD_OF_ASSURANCE', to: 'REPORTED_TO_POLICE' },
};

/** The next status, or undefined when the incident is not in a state that allows the step. */
export function nextEscalation(current: EscalationStatus, action: EscalationAction): EscalationStatus | undefined {
  const step = ESCALATION_STEPS[action];
  return current === step.from ? step.to : undefined;
}

/** A police report cannot predate the incident it reports. */
export function referralDateErrors(reportedAt: string, incidentOccurredAt: string, now: Date): FieldError[] {
  const errors = notInFuture('reportedAt', reportedAt, now);
  if (errors.length === 0 && new Date(reportedAt).getTime() < new Date(incidentOccurredAt).getTime()) {
    errors.push({ path: 'reportedAt', message: 'must not be before the incident occurred' });
  }
  return errors;
}
