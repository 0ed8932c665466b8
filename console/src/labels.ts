/** Plain-English wording for the API's codes, shared by every screen. */
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';
import { addMonths } from '../../lib/domain/calendar.js';
import { RESTRICTION_SPEC_LIST, specOf } from '../../lib/domain/restrictions/index.js';
import { LETTER_KIND_SPEC_LIST } from '../../lib/domain/letters/index.js';
import type { LetterStatus } from '../../lib/domain/letter-routes.js';
import type { Decision } from '../../lib/domain/screening.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import type { FactorName } from '../../lib/schemas/vocabulary.js';

export { BEHAVIOURS };

export type Channel = 'PHONE' | 'EMAIL' | 'POST' | 'VISIT' | 'ONLINE';
export const CHANNELS: { value: Channel; text: string }[] = [
  { value: 'PHONE', text: 'Phone' },
  { value: 'EMAIL', text: 'Email' },
  { value: 'POST', text: 'Post' },
  { value: 'VISIT', text: 'Visit' },
  { value: 'ONLINE', text: 'Online form' },
];
export const channelName = (c: string) => CHANNELS.find((x) => x.value === c)?.text ?? c;

/** The API's own restriction type, inferred from its schema (one variant per restriction spec). */
export type { Restriction } from '../../lib/schemas/restrictions.js';

/** Staff's title and the policy's words for each type, from the type's spec (the server's very record). */
export const RESTRICTION_TYPES: { type: Restriction['type']; title: string; hint: string }[] = RESTRICTION_SPEC_LIST.map(({ type, title, hint }) => ({ type, title, hint }));
export const restrictionTitle = (t: string) => RESTRICTION_TYPES.find((r) => r.type === t)?.title ?? t;

/** A restriction in plain words, as its spec words it for staff; `refOf` turns case ids into references (never shown as ids). */
export function describeRestriction(r: Restriction, refOf: (id: string) => string = () => 'a case'): string {
  return specOf(r).summary(r, refOf);
}

export type { Decision };

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

/** Each letter status in words, the same on every page that lists letters. */
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

export const FACTORS: { key: FactorName; question: string; hint?: string }[] = [
  { key: 'additionalNeeds', question: 'Have any additional needs been identified that might need tailored support?' },
  { key: 'faqSignposted', question: 'Has the person been signposted to our Frequently Asked Questions documents to clarify our remit?' },
  { key: 'outcomeExplained', question: 'Has an outcome or decision been clearly explained?' },
  { key: 'rightOfReviewAdvised', question: 'Has a right of review or correct route to challenge been advised?' },
  { key: 'correctlySignposted', question: 'Has the person been correctly signposted?' },
  { key: 'informedBehaviourUnacceptable', question: 'Has the person been told that their behaviour is unacceptable, and why?', hint: 'If not, say why in the notes.' },
  { key: 'freshMattersAccessible', question: 'Will they still be able to reach us about fresh matters?' },
];
export const ANSWERS = [
  { value: 'YES', text: 'Yes' },
  { value: 'NO', text: 'No' },
  { value: 'NOT_APPLICABLE', text: 'Not applicable' },
];
export const answerText = (a?: string) => ANSWERS.find((x) => x.value === a)?.text ?? 'Not answered';

export const ESCALATION: Record<string, { text: string; colour: string }> = {
  NONE: { text: 'Not escalated', colour: 'grey' },
  AWAITING_LINE_MANAGER: { text: 'Awaiting line manager', colour: 'orange' },
  AWAITING_HEAD_OF_ASSURANCE: { text: 'Awaiting Head of Assurance', colour: 'orange' },
  REPORTED_TO_POLICE: { text: 'Reported to police', colour: 'red' },
  CLOSED: { text: 'Closed', colour: 'grey' },
};

/** A behaviour of policy 1.2 in the policy's words. */
export const behaviourWords = (code: string) => BEHAVIOURS.find((b) => b.code === code)?.wording ?? 'A behaviour no longer listed';

/** How a person was told of a strategy no letter reached them about (`POST /strategies/{id}/notified`). */
export const NOTIFIED_HOW = [
  { value: 'EMAIL', text: 'By email', hint: 'Sent again, or from another address' },
  { value: 'POST', text: 'By post', hint: 'Posted again, or by another route' },
  { value: 'BY_HAND', text: 'By hand', hint: 'Handed over in person' },
];

export const BREACH_ACTIONS = [
  { value: 'ADJUST_STRATEGY', text: 'Adjust the strategy to further restrict contact' },
  { value: 'LEGAL_ADVICE', text: 'Seek legal or professional advice' },
  { value: 'POLICE_REFERRAL', text: 'Report the matter to the police' },
  { value: 'NO_FURTHER_ACTION', text: 'No further action' },
];

/** A breach's status in staff's words. */
export const BREACH_STATUS: Record<string, string> = {
  REPORTED: 'Reported, awaiting a decision',
  AWAITING_LEGAL_ADVICE: 'Awaiting legal advice',
  DECIDED: 'Decided',
};

/** What the Statutory Operations Manager may do once legal advice has come back: one action. */
export const LEGAL_ADVICE_OUTCOMES = BREACH_ACTIONS.filter((a) => a.value !== 'LEGAL_ADVICE');

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** `2026-03-12` → `12 March 2026` (GOV.UK style). */
export const formatDate = (d?: string) => (d ? dateFmt.format(new Date(`${d.slice(0, 10)}T12:00:00Z`)) : '');
export const formatDateTime = (iso?: string) => (iso ? timeFmt.format(new Date(iso)).replace(' am', 'am').replace(' pm', 'pm') : '');

/** Today in UK local time. */
export const ukToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
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

/** An example review date the rules accept (after today, within 12 months): six months from `today`, in words. */
export const exampleReviewDate = (today = ukToday()) => formatDate(addMonths(today, 6));
