/**
 * Second reads of contacts logged without a reply (docs/screening.md). A contact
 * screened LOG_ONLY, REFUSE or CHANNEL_BLOCKED gets no answer, so someone other than the person who logged it reads it for anything new
 * the policy must not shut out: a fresh matter (policy: "how to pursue fresh
 * matters") or a safeguarding concern. This follows the model policies (the
 * Ombudsmen's and the Scottish model): keep reading what is logged. Pure rules:
 * the caller passes the clock and the settings.
 */
import type { FieldError } from './field-error.js';
import { addDays, ukDateOf } from './calendar.js';
import { withholds } from './inbound-email.js';
import { DECISIONS, type Decision } from './screening.js';
import type { StaffEmail } from './staff-emails.js';
import { channelName, decisionTitle, formatDateTime } from './words.js';

/** The screening decisions that leave a contact without a reply. */
export const UNANSWERED_DECISIONS = ['LOG_ONLY', 'REFUSE', 'CHANNEL_BLOCKED'] as const satisfies readonly Decision[];

/** What a second read found. */
export const CHECK_OUTCOMES = ['NOTHING_NEW', 'FRESH_MATTER', 'SAFEGUARDING'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** The outcomes in plain words (timeline entries, emails). */
export const CHECK_OUTCOME_WORDS: Record<CheckOutcome, string> = {
  NOTHING_NEW: 'nothing new: no fresh matter and no safeguarding concern',
  FRESH_MATTER: 'a fresh matter, handled as a new case',
  SAFEGUARDING: 'a safeguarding concern, passed to the Statutory Operations Manager',
};

/** Why a contact cannot be read a second time again (a 409's detail): who read it, when, and what they found. */
export const alreadyCheckedWords = (c: { outcome: CheckOutcome; by: { name: string }; at: string }) =>
  `This contact has had its second read already: ${c.by.name} read it on ${formatDateTime(c.at)} and found ${CHECK_OUTCOME_WORDS[c.outcome]}. It cannot be checked again.`;

/** Why a contact that got an answer has no second read (a 409's detail). */
export const notUnansweredWords = (decision: string | undefined) =>
  `${decision ? `This contact was screened “${decisionTitle(decision)}”` : 'This contact was never screened'}: it was not logged without a reply, so it has no second read.`;

/**
 * Whether a contact screened with this decision got no answer, and so waits for a
 * second read. An inbound email also waits when it was held back as spam or a virus
 * (a genuine message must not be lost in quarantine), and when its sender could not
 * be verified and the strategy of the person it claims to be from withheld it
 * (LIMIT_REACHED included: nobody's limit is counted, so it is read again instead).
 */
export function awaitsSecondRead(decision: string, email?: { senderUnverified?: boolean; quarantined?: string }): boolean {
  if (email?.quarantined !== undefined) return true;
  if (email?.senderUnverified === true && DECISIONS.includes(decision as Decision) && withholds(decision as Decision)) return true;
  return (UNANSWERED_DECISIONS as readonly string[]).includes(decision);
}

/**
 * The last UK calendar day a contact may be checked on and still count as checked
 * in time: `checkDays` (setting UNANSWERED_CHECK_DAYS) after the UK day it came in.
 */
export function checkDueBy(occurredAt: string, checkDays: number): string {
  return addDays(ukDateOf(new Date(occurredAt)), checkDays);
}

/** An unchecked contact is overdue once the UK day is past its check-by date. */
export function isOverdue(occurredAt: string, checked: boolean, now: Date, checkDays: number): boolean {
  return !checked && ukDateOf(now) > checkDueBy(occurredAt, checkDays);
}

/** A check counts as in time when made on or before the check-by date. */
export function checkedInTime(occurredAt: string, checkedAt: Date, checkDays: number): boolean {
  return ukDateOf(checkedAt) <= checkDueBy(occurredAt, checkDays);
}

/**
 * A second read is by someone other than the person who logged the contact. A
 * contact the system logged (inbound email) may be checked by anyone allowed to check.
 */
export function mayCheck(recordedBy: { sub: string }, checker: { sub: string }): boolean {
  return recordedBy.sub !== checker.sub;
}

/** What a check says, as the rules below read it. */
export interface CheckInput {
  outcome: CheckOutcome;
  caseId?: string;
}

/** What is known of the case a FRESH_MATTER names: whose it is (undefined: no such case). */
export interface NamedCase {
  serviceUserId: string;
}

/**
 * Every broken rule of a check at once: FRESH_MATTER names the case opened for the
 * fresh matter, which must be the person's own and not the concluded case the
 * contact was logged under; other outcomes name no case. When the contact is
 * attributed to no one (an address several people share), the case only has to exist.
 */
export function checkErrors(input: CheckInput, contact: { caseId?: string; serviceUserId?: string }, named: NamedCase | undefined): FieldError[] {
  if (input.outcome !== 'FRESH_MATTER') {
    return input.caseId !== undefined ? [{ path: 'caseId', message: 'is only given with FRESH_MATTER: it names the case opened for the fresh matter' }] : [];
  }
  if (input.caseId === undefined) return [{ path: 'caseId', message: 'is required with FRESH_MATTER: name the case opened for the fresh matter' }];
  if (!named) return [{ path: 'caseId', message: 'there is no such case' }];
  if (contact.serviceUserId !== undefined && named.serviceUserId !== contact.serviceUserId) return [{ path: 'caseId', message: 'is a case of another service user' }];
  if (input.caseId === contact.caseId) return [{ path: 'caseId', message: 'is the case the contact was logged under: name the new case opened for the fresh matter' }];
  return [];
}

/** What the safeguarding email says about the contact: no content of the contact itself. */
export interface SafeguardingConcern {
  personName: string;
  caseRefs: string[];
  /** Whether a contact strategy was in force when the contact was screened. */
  underStrategy: boolean;
  channel: string;
  occurredAt: string;
  checkedBy: { name: string };
  notes: string;
}

/** To the Statutory Operations Manager, when a second read finds a safeguarding concern. */
export function safeguardingConcernEmail(c: SafeguardingConcern): StaffEmail {
  const text = [
    `${c.checkedBy.name} read a contact from ${c.personName} that was logged without a reply and found a safeguarding concern. Please act on it now: a contact strategy never stops the office acting on a safeguarding concern.`,
    [
      `Service user: ${c.personName}`,
      ...(c.underStrategy ? ['Under a contact strategy: yes'] : []),
      `Contact: ${channelName(c.channel).toLowerCase()}, ${formatDateTime(c.occurredAt)}`,
      `Cases: ${c.caseRefs.length ? c.caseRefs.join(', ') : 'none'}`,
    ].join('\n'),
    `What the reader noted:\n${c.notes}`,
    'Read the contact in the case system (Contacts logged without a reply).',
  ].join('\n\n');
  return { subject: `Safeguarding concern: contact from ${c.personName}`, text };
}
