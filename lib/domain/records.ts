/**
 * Rules for what is recorded against a case (policy 1.2 and 1.3): case
 * references, contacts, incidents and the incident escalation chain. Pure functions over plain data:
 * no AWS, no clock (the caller passes `now`).
 */
import type { FieldError } from './field-error.js';
import { BEHAVIOURS_NEEDING_LINE_MANAGER, groupsOf, type BehaviourCode } from './behaviours.js';
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

export const ESCALATION_STATUSES = ['NONE', 'AWAITING_LINE_MANAGER', 'AWAITING_HEAD_OF_ASSURANCE', 'REPORTED_TO_POLICE', 'CLOSED'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** The statuses in which an incident waits for someone: each is a queue (oldest first), and entering it emails that queue's mailbox. */
export const ESCALATION_QUEUES = ['AWAITING_LINE_MANAGER', 'AWAITING_HEAD_OF_ASSURANCE'] as const;
export type EscalationQueue = (typeof ESCALATION_QUEUES)[number];

export const isEscalationQueue = (s: EscalationStatus): s is EscalationQueue => (ESCALATION_QUEUES as readonly string[]).includes(s);

/** Channels of written contact (policy 1.3: written threats or abuse). */
const WRITTEN_CHANNELS: readonly string[] = ['EMAIL', 'POST', 'ONLINE'];

/**
 * Policy 1.3: threats or abuse in writing are referred to the Statutory Operations
 * Manager to consider a contact strategy: a written incident (email, post, online)
 * with any unacceptable-behaviour code.
 */
export function isWrittenThreatOrAbuse(channel: string, behaviours: readonly BehaviourCode[]): boolean {
  return WRITTEN_CHANNELS.includes(channel) && groupsOf(behaviours).includes('UNACCEPTABLE_BEHAVIOUR');
}

/** Policy 1.3: the police may be called to a threatening visit; only a VISIT incident records it. */
export function policeCalledErrors(input: { channel: string; policeCalled?: unknown }): FieldError[] {
  return input.policeCalled !== undefined && input.channel !== 'VISIT' ? [{ path: 'policeCalled', message: 'may be recorded only for an incident with channel VISIT' }] : [];
}

/**
 * Where a new incident starts. Threats, harassment, intimidation, stalking and
 * escalating agitation go to the line manager (policy 1.3); anything else is
 * recorded against the case without escalation.
 */
export function initialEscalation(behaviours: readonly BehaviourCode[], reportToLineManager = false, policeCalled = false): EscalationStatus {
  // Staff may also judge any comment grossly offensive and report it (policy 1.3);
  // a visit the police were called to goes to the line manager for the staff's welfare.
  if (reportToLineManager || policeCalled) return 'AWAITING_LINE_MANAGER';
  return behaviours.some((b) => BEHAVIOURS_NEEDING_LINE_MANAGER.includes(b)) ? 'AWAITING_LINE_MANAGER' : 'NONE';
}

export type EscalationAction = 'escalate' | 'refer-to-police';

/**
 * The one state each step of the chain may be taken from, and where it leads:
 * onwards, or (`close`) ended there with the reasons recorded, so nothing waits forever.
 */
export const ESCALATION_STEPS: Record<EscalationAction, { from: EscalationStatus; to: EscalationStatus; close: EscalationStatus }> = {
  escalate: { from: 'AWAITING_LINE_MANAGER', to: 'AWAITING_HEAD_OF_ASSURANCE', close: 'CLOSED' },
  'refer-to-police': { from: 'AWAITING_HEAD_OF_ASSURANCE', to: 'REPORTED_TO_POLICE', close: 'CLOSED' },
};

/**
 * The next status (onwards, or closed when `onwards` is false), or undefined when the
 * incident is not in a state that allows the step. A visit the police were already
 * called to (`policeCalled`) is with the line manager for welfare only: their step,
 * onwards or not, ends it REPORTED_TO_POLICE, and it never waits for a second referral.
 */
export function nextEscalation(current: EscalationStatus, action: EscalationAction, onwards = true, policeCalled = false): EscalationStatus | undefined {
  const step = ESCALATION_STEPS[action];
  if (current !== step.from) return undefined;
  if (policeCalled && action === 'escalate') return 'REPORTED_TO_POLICE';
  return onwards ? step.to : step.close;
}

/** A police report cannot predate the incident it reports. */
export function referralDateErrors(reportedAt: string, incidentOccurredAt: string, now: Date): FieldError[] {
  const errors = notInFuture('reportedAt', reportedAt, now);
  if (errors.length === 0 && new Date(reportedAt).getTime() < new Date(incidentOccurredAt).getTime()) {
    errors.push({ path: 'reportedAt', message: 'must not be before the incident occurred' });
  }
  return errors;
}

/**
 * The Head of Assurance's outcome: a report needs the police reference and when it
 * was made (not before the incident, not in the future); no report needs notes saying why.
 */
export function policeReferralErrors(
  input: { referred: boolean; policeReference?: string | undefined; reportedAt?: string | undefined; notes?: string | undefined },
  incidentOccurredAt: string,
  now: Date,
): FieldError[] {
  if (!input.referred) return input.notes ? [] : [{ path: 'notes', message: 'must say why the incident is not reported to the police' }];
  const errors: FieldError[] = [];
  if (!input.policeReference) errors.push({ path: 'policeReference', message: 'is required when the incident is reported to the police' });
  if (!input.reportedAt) errors.push({ path: 'reportedAt', message: 'is required when the incident is reported to the police' });
  else errors.push(...referralDateErrors(input.reportedAt, incidentOccurredAt, now));
  return errors;
}

/** The window in which terminated calls are counted for the prompt (policy 1.3). */
export const TERMINATED_CALLS_WINDOW_DAYS = 90;

/**
 * Policy 1.3: repeated instances of calls terminated after a warning may lead to
 * telephone contact being disallowed. The person carries `REPEATED_TERMINATED_CALLS`
 * when at least `prompt` such calls fell within the last 90 days and no
 * `NO_TELEPHONE` is already in force.
 */
export function personFlags(input: { terminatedCallTimes: readonly string[]; noTelephoneInForce: boolean; prompt: number; now: Date }): string[] {
  const since = input.now.getTime() - TERMINATED_CALLS_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const recent = input.terminatedCallTimes.filter((t) => new Date(t).getTime() >= since && new Date(t).getTime() <= input.now.getTime()).length;
  return recent >= input.prompt && !input.noTelephoneInForce ? ['REPEATED_TERMINATED_CALLS'] : [];
}
