/**
 * One wording per code: how each status, decision, channel and kind the service
 * records is said to staff. The timeline and history wording (timeline-words.ts)
 * and every console page (console/src/labels.ts re-exports these) use this table,
 * so a code reads the same wherever it appears.
 */
import { BEHAVIOURS } from './behaviours.js';
import { LETTER_KIND_SPEC_LIST } from './letters/index.js';
import type { LetterStatus } from './letter-routes.js';
import type { Decision } from './screening.js';

export type Channel = 'PHONE' | 'EMAIL' | 'POST' | 'VISIT' | 'ONLINE';
export const CHANNELS: { value: Channel; text: string }[] = [
  { value: 'PHONE', text: 'Phone' },
  { value: 'EMAIL', text: 'Email' },
  { value: 'POST', text: 'Post' },
  { value: 'VISIT', text: 'Visit' },
  { value: 'ONLINE', text: 'Online form' },
];
export const channelName = (c: string) => CHANNELS.find((x) => x.value === c)?.text ?? c;

/** What the screening decision means, and what to say to the person. */
export const DECISIONS: Record<Decision, { title: string; action: string; say: string }> = {
  PROCEED: { title: 'Proceed', action: 'Deal with the contact as normal.', say: '' },
  PROCEED_VIA_SPOC: {
    title: 'Proceed through their single point of contact',
    action: 'Pass the contact to their single point of contact.',
    say: 'Your contact with us is handled by your named contact. I will pass your message to them.',
  },
  LOG_ONLY: {
    title: 'Log only – do not respond',
    action: 'The contact is logged. Do not respond to demands to re-open the concluded matter.',
    say: 'This matter has been concluded. We have recorded your contact, but we will not respond further about it. If you have a new matter, you can still raise it with us.',
  },
  REFUSE: {
    title: 'Refuse – concluded matter',
    action: 'Do not register, process or discuss further correspondence about this matter.',
    say: 'This matter has been concluded and we will not discuss it further. Your right to complain and your right of review are not affected, and you can raise a new matter with us.',
  },
  CHANNEL_BLOCKED: {
    title: 'Channel not allowed',
    action: 'This way of contacting us is not allowed under their contact strategy. This may be a breach.',
    say: 'Under the contact strategy we wrote to you about, we cannot take your contact this way. Please contact us in the way set out in our letter.',
  },
  LIMIT_REACHED: {
    title: 'Call limit reached',
    action: 'They have reached the number of calls their strategy allows. This may be a breach.',
    say: 'You have reached the number of calls set out in your contact strategy. Please contact us in writing, as our letter explains.',
  },
};

/** A screening decision's title, the one wording of it on every page (the desk, contacts, queues, timelines). */
export const decisionTitle = (d: string) => DECISIONS[d as Decision]?.title ?? 'Not screened';

/**
 * Staff's name for each kind of letter, from the kind's spec (lib/domain/letters): the
 * one wording on the person's letters, a letter as sent, a strategy's letters and the timelines.
 */
export const LETTER_KIND_LABELS: Record<string, string> = Object.fromEntries(LETTER_KIND_SPEC_LIST.map((s) => [s.kind, s.label]));
export const letterKindLabel = (k?: string) => (k && LETTER_KIND_LABELS[k]) || 'Letter';

/** Each letter status in words, the same on every page that lists letters and in every timeline sentence. */
export const LETTER_STATUS: Record<LetterStatus, { text: string; colour: string }> = {
  SENT: { text: 'Emailed', colour: 'green' },
  QUEUED: { text: 'Being prepared for post', colour: 'yellow' },
  PRINT_READY: { text: 'Waiting to be printed and posted', colour: 'yellow' },
  SENT_TO_PRINTER: { text: 'With the printer', colour: 'turquoise' },
  POSTED: { text: 'Posted', colour: 'green' },
  RETURNED: { text: 'Returned undelivered', colour: 'red' },
  DISPATCHED: { text: 'Posted', colour: 'green' },
  FAILED: { text: 'Could not be sent', colour: 'red' },
  BOUNCED: { text: 'Not delivered', colour: 'red' },
  COMPLAINED: { text: 'Reported as unwanted', colour: 'orange' },
};
export const letterStatusWords = (s: string) => LETTER_STATUS[s as LetterStatus] ?? { text: 'Status not known', colour: 'grey' };

export const STRATEGY_STATUS: Record<string, { text: string; colour: string }> = {
  DRAFT: { text: 'Draft', colour: 'grey' },
  PENDING_APPROVAL: { text: 'Awaiting decision', colour: 'yellow' },
  APPROVED: { text: 'Approved', colour: 'turquoise' },
  REJECTED: { text: 'Rejected', colour: 'red' },
  NOT_NOTIFIED: { text: 'Not notified', colour: 'red' },
  ACTIVE: { text: 'Active', colour: 'green' },
  REVIEW_DUE: { text: 'Review due', colour: 'orange' },
  ENDED: { text: 'Ended', colour: 'grey' },
};

export const ESCALATION: Record<string, { text: string; colour: string }> = {
  NONE: { text: 'Not escalated', colour: 'grey' },
  AWAITING_LINE_MANAGER: { text: 'Awaiting line manager', colour: 'orange' },
  AWAITING_HEAD_OF_ASSURANCE: { text: 'Awaiting Head of Assurance', colour: 'orange' },
  REPORTED_TO_POLICE: { text: 'Reported to police', colour: 'red' },
  CLOSED: { text: 'Closed', colour: 'grey' },
};

/** A breach's status in words. */
export const BREACH_STATUS: Record<string, string> = {
  REPORTED: 'Reported, awaiting a decision',
  AWAITING_LEGAL_ADVICE: 'Awaiting legal advice',
  DECIDED: 'Decided',
};

/** Each record's states in words: what a refused action (a 409) says the record is. */
export const STATE_WORDS = {
  strategy: Object.fromEntries(Object.entries(STRATEGY_STATUS).map(([k, v]) => [k, v.text])),
  letter: Object.fromEntries(Object.entries(LETTER_STATUS).map(([k, v]) => [k, v.text])),
  incident: Object.fromEntries(Object.entries(ESCALATION).map(([k, v]) => [k, v.text])),
  breach: BREACH_STATUS,
  appeal: { RECEIVED: 'Awaiting decision', DECIDED: 'Decided' },
  case: { OPEN: 'Open', CONCLUDED: 'Concluded' },
  disposal: { PENDING_APPROVAL: 'Awaiting approval', APPROVED: 'Approved', REJECTED: 'Rejected', DONE: 'Done' },
} satisfies Record<string, Record<string, string>>;
export type StatefulRecord = keyof typeof STATE_WORDS;

/** A record's state in words (`ACTIVE` → `Active`); a code no table knows is never shown. */
export const stateWords = (record: StatefulRecord, code: string): string => (STATE_WORDS[record] as Record<string, string>)[code] ?? 'not known';

/** What the Statutory Operations Manager decided to do about a breach (policy 1.6), as a verb phrase. */
export const BREACH_ACTION_WORDS: Record<'ADJUST_STRATEGY' | 'LEGAL_ADVICE' | 'POLICE_REFERRAL' | 'NO_FURTHER_ACTION', string> = {
  ADJUST_STRATEGY: 'adjust the strategy to further restrict communication',
  LEGAL_ADVICE: 'seek legal or professional advice',
  POLICE_REFERRAL: 'report the matter to the police',
  NO_FURTHER_ACTION: 'take no further action',
};

/** A case's type in words. */
export const CASE_TYPE_WORDS: Record<string, string> = { COMPLAINT: 'Complaint', REVIEW: 'Review', CORRESPONDENCE: 'Correspondence' };

/** A behaviour of policy 1.2 in the policy's words. */
export const behaviourWords = (code: string) => BEHAVIOURS.find((b) => b.code === code)?.wording ?? 'A behaviour no longer listed';

/** A behaviour's wording shortened to its first clause, for a one-line sentence (the whole wording is on the incident). */
export function behaviourName(code: string): string {
  const wording = behaviourWords(code);
  const cut = wording.search(/ such as|,| despite| and continuing| after proper|\./);
  return cut > 0 ? wording.slice(0, cut) : wording;
}

/** A person's fields in words (change history and timelines name fields, never their values). */
export const PERSON_FIELD_WORDS: Record<string, string> = {
  name: 'name',
  emails: 'email addresses',
  phones: 'phone numbers',
  postalAddress: 'postal address',
  additionalNeeds: 'additional needs',
  adjustments: 'reasonable adjustments',
};

/** A draft strategy's parts in words (its history names what changed). */
export const STRATEGY_FIELD_WORDS: Record<string, string> = {
  caseIds: 'cases',
  reason: 'reason',
  purpose: 'purpose',
  reviewDate: 'review date',
  restrictions: 'restrictions',
  factors: 'factors considered',
};

// Made at first use, not at import: the first Intl formatter of a process loads ICU's
// locale and time-zone data (15-20 ms), which a function's cold start need not pay.
let dateFmt: Intl.DateTimeFormat | undefined;
let timeFmt: Intl.DateTimeFormat | undefined;

/** `2026-03-12` → `12 March 2026` (GOV.UK style). */
export const formatDate = (d?: string) => (d ? (dateFmt ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })).format(new Date(`${d.slice(0, 10)}T12:00:00Z`)) : '');
/** An instant in UK local time: `12 Mar 2026, 2:05pm`. */
export const formatDateTime = (iso?: string) => (iso ? (timeFmt ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' })).format(new Date(iso)).replace(' am', 'am').replace(' pm', 'pm') : '');
