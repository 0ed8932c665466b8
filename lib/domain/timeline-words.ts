/**
 * The one place a timeline entry or a strategy history entry is put into words.
 * Every entry is written with structured `fields` (statuses, a letter's kind, a
 * decision, behaviour codes, dates, the notes staff typed, names) and its `summary`
 * is this table's sentence for them; the console words an entry from its `fields`
 * with the same table. Codes are worded by the tables that word them everywhere
 * (words.ts, the letter and restriction specs, behaviours); a sentence never carries
 * an id, a code or an ISO date.
 *
 * `TIMELINE_WORDS` is a mapped type over every timeline kind: a new kind does not
 * compile until its fields and its sentence are named here.
 */
import type { BreachAction } from './breach.js';
import { LETTER_KIND_SPECS, type LetterKind } from './letters/index.js';
import type { LetterChannel, LetterStatus } from './letter-routes.js';
import type { LetterFields } from './letter-events.js';
import { REPRESENTATIVE_KIND_WORDS, type RepresentativeKind } from './representatives.js';
import { RESTRICTION_SPEC_LIST } from './restrictions/index.js';
import type { TimelineKind } from './timeline-kinds.js';
import { CHECK_OUTCOME_WORDS, type CheckOutcome } from './unanswered.js';
import {
  behaviourName,
  BREACH_ACTION_WORDS,
  CASE_TYPE_WORDS,
  channelName,
  decisionTitle,
  ESCALATION,
  formatDate,
  formatDateTime,
  LETTER_STATUS,
  letterKindLabel,
  PERSON_FIELD_WORDS,
  STRATEGY_FIELD_WORDS,
  STRATEGY_STATUS,
} from './words.js';

/** What an entry's `fields` may hold: a flat record, each value a string, a number, a yes/no or a list of strings. */
export type FieldValue = string | number | boolean | string[];
export type EntryFields = Record<string, FieldValue>;

export type { LetterFields };

// --- shared pieces -------------------------------------------------------------------

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A date (`2027-06-02`) or an instant, in words. */
const when = (d: string) => (d.length > 10 ? formatDateTime(d) : formatDate(d));
const notes = (n: string) => (n.trim() ? ` Notes: ${n}` : '');
const kindLabel = (k: string) => `“${letterKindLabel(k)}”`;
const channelWords = (c: string) => (c === 'EMAIL' ? 'email' : c === 'POST' ? 'post' : lower(channelName(c)));
const restrictionTitle = (t: string) => RESTRICTION_SPEC_LIST.find((s) => s.type === t)?.title ?? 'a restriction no longer offered';
// An initialism (MP) keeps its capitals.
const kindWords = (w: string) => (/^[A-Z]{2}/.test(w) ? w : lower(w));
const representative = (name: string, kind: string) => `${name} (${kindWords(REPRESENTATIVE_KIND_WORDS[kind as RepresentativeKind] ?? 'representative')})`;

export type DeliveryOutcome = 'SENT' | 'QUEUED' | 'ALREADY' | 'NO_ROUTE' | 'FAILED';
const DELIVERY_WORDS: Record<DeliveryOutcome, string> = { SENT: 'sent', QUEUED: 'queued for post', ALREADY: 'already sent', NO_ROUTE: 'no address on record', FAILED: 'failed' };
/** How the letters telling the person went, by route: what the delivery did, or the letter's status. */
export interface Deliveries {
  byEmail?: DeliveryOutcome | LetterStatus;
  byPost?: DeliveryOutcome | LetterStatus;
}
const went = (o: DeliveryOutcome | LetterStatus) => DELIVERY_WORDS[o as DeliveryOutcome] ?? lower(LETTER_STATUS[o as LetterStatus]?.text ?? 'not known');
const deliveryWords = (d: Deliveries) => [d.byEmail ? `by email: ${went(d.byEmail)}` : '', d.byPost ? `by post: ${went(d.byPost)}` : ''].filter(Boolean).join('; ') || 'no letters went out';

const NOTIFIED_HOW_WORDS: Record<string, string> = { EMAIL: 'by email', POST: 'by post', BY_HAND: 'by hand' };
const APPEAL_OUTCOME_WORDS: Record<string, string> = { UPHELD: 'upheld: the strategy stays as it is', VARIED: 'the strategy is varied', ENDED: 'the strategy is ended' };
const REVIEW_DONE: Record<string, string> = { EXTENDED: 'extended', VARIED: 'varied', ENDED: 'ended' };

function letterWords(f: LetterFields): string {
  const copy = f.copyForName ? ` (a copy for ${representative(f.copyForName, f.copyForKind ?? 'OTHER')})` : '';
  const letter = `Letter ${kindLabel(f.letterKind)}${copy}`;
  if (f.feedback) {
    const what =
      f.feedback === 'COMPLAINT'
        ? `was reported as unwanted by the recipient (${f.detail ?? ''}); nothing more will be emailed to that address`
        : f.feedback === 'REJECT'
          ? `was not delivered by email: ${f.detail ?? ''}`
          : `was not delivered by email (${f.detail ?? ''}) and did not reach the person`;
    const then = f.postalCopy
      ? 'The copy sent by post is relied on to tell the person in writing.'
      : 'There is no posted copy (no postal address on record, or the post failed): the Statutory Operations Manager has been asked to arrange another way to tell the person in writing.';
    return `${letter} ${what}. ${then} Letter: ${f.subject}`;
  }
  if (f.returnedReason !== undefined) {
    // A copy came back from the representative's address: the person's address is not affected.
    const then = f.copyForName ? 'it needs sending to them another way' : "nothing more is posted to the person's address until it is changed";
    return `${letter}: ${lower(LETTER_STATUS.RETURNED.text)} (${f.returnedReason}); ${then}: ${f.subject}`;
  }
  if (f.status === 'FAILED') return `${letter}: ${lower(LETTER_STATUS.FAILED.text)} by ${channelWords(f.channel)} (${f.failure ?? 'no reason was recorded'}); it needs sending by hand: ${f.subject}`;
  return `${letter}: ${lower(LETTER_STATUS[f.status].text)}: ${f.subject}`;
}

/** A copy for the person's representative that SES reported undeliverable (lib/app/bounces.ts). */
export interface CopyUndeliverableFields {
  letterKind: LetterKind;
  subject: string;
  copyForName: string;
  copyForKind: RepresentativeKind;
  feedback: 'BOUNCE' | 'COMPLAINT' | 'REJECT';
  detail: string;
}
/** The copy did not reach the representative; the person's own letters, and so the strategy, are not affected. */
function copyUndeliverable(f: CopyUndeliverableFields): string {
  const copy = `The copy of the letter ${kindLabel(f.letterKind)} for ${representative(f.copyForName, f.copyForKind)}`;
  const what =
    f.feedback === 'COMPLAINT'
      ? `was reported as unwanted by the recipient (${f.detail})`
      : f.feedback === 'REJECT'
        ? `was not delivered by email: ${f.detail}`
        : `was not delivered by email (${f.detail}) and did not reach them`;
  return `${copy} ${what}. It needs sending to them another way; the person's own letters are not affected. Letter: ${f.subject}`;
}

/** A review's outcome (or a breach's or an appeal's adjustment) on the strategy. */
interface ReviewFields {
  decidedBy: string;
  notes: string;
  nextReviewDate?: string;
  /** VARIED: the restriction types now in force. */
  restrictions?: string[];
  /** Why outside a review: after a breach, or on appeal. */
  after?: 'BREACH' | 'APPEAL';
}
const reviewWhy = (f: ReviewFields) => (f.after === 'BREACH' ? ' after a breach' : f.after === 'APPEAL' ? ' on appeal' : '');
const reviewDetail = (event: 'EXTENDED' | 'VARIED' | 'ENDED', f: ReviewFields) =>
  event === 'EXTENDED'
    ? `continues unchanged until its next review by ${formatDate(f.nextReviewDate)}`
    : event === 'VARIED'
      ? `now has ${plural(f.restrictions?.length ?? 0, 'restriction')} (${(f.restrictions ?? []).map((t) => lower(restrictionTitle(t))).join('; ')}) until its next review by ${formatDate(f.nextReviewDate)}`
      : 'has ended: its restrictions are lifted';
const reviewed = (event: 'EXTENDED' | 'VARIED' | 'ENDED') => (f: ReviewFields) => `The contact strategy was ${REVIEW_DONE[event]}${reviewWhy(f)} by ${f.decidedBy}: it ${reviewDetail(event, f)}.${notes(f.notes)}`;

interface IncidentStepFields {
  welfareSupportOffered: boolean;
  notes: string;
}
const welfare = (f: IncidentStepFields) => `Welfare support ${f.welfareSupportOffered ? 'offered' : 'not offered'}.${notes(f.notes)}`;

interface SpocChangedFields {
  by: string;
  fromName: string;
  toName: string;
  reason: string;
}
interface SpocCoverFields {
  by: string;
  coverName: string;
  spocName: string;
  from: string;
  until: string;
  reason: string;
}
const spocChanged = (f: SpocChangedFields) => `Single point of contact handed over by ${f.by} from ${f.fromName} to ${f.toName}. Reason: ${f.reason}`;
const spocCover = (f: SpocCoverFields) => `${f.coverName} covers for ${f.spocName}, the single point of contact, from ${formatDate(f.from)} to ${formatDate(f.until)} (recorded by ${f.by}). Reason: ${f.reason}`;

interface AppealDecidedFields {
  decidedBy: string;
  outcome: 'UPHELD' | 'VARIED' | 'ENDED';
  late: boolean;
  decisionDueBy: string;
  reasons: string;
}
const appealDecided = (f: AppealDecidedFields) =>
  `Appeal against the contact strategy decided by ${f.decidedBy}: ${APPEAL_OUTCOME_WORDS[f.outcome] ?? 'decided'}${f.late ? ` (after ${formatDate(f.decisionDueBy)})` : ''}. Reasons: ${f.reasons}`;

interface AppealReceivedFields {
  receivedAt: string;
  late: boolean;
  appealBy: string;
  lateReason?: string;
  decisionDueBy: string;
  grounds: string;
  recordedBy: string;
}
const lateWords = (f: AppealReceivedFields) => (f.late ? ` (received after ${formatDate(f.appealBy)}, accepted late: ${f.lateReason ?? ''})` : '');

// --- the timeline --------------------------------------------------------------------

/** Each timeline kind's fields. */
export interface TimelineFields {
  CASE_OPENED: { caseType: string; reference: string; subject: string };
  CASE_CONCLUDED: { finalDecision: string };
  PERSON_UPDATED: { changed: string[] };
  CONTACT: { direction: 'INBOUND' | 'OUTBOUND'; channel: string; summary: string; decision?: string };
  CONTACT_CHECKED: { decision: string; checkedBy: string; outcome: CheckOutcome; notes: string; freshCaseRef?: string };
  INCIDENT: {
    channel: string;
    behaviours: string[];
    description: string;
    callTerminated: boolean;
    escalation: string;
    policeCalledBy?: string;
    policeCalledAt?: string;
    policeReference?: string;
  };
  INCIDENT_ESCALATED: IncidentStepFields;
  INCIDENT_CLOSED: { closedBy: 'LINE_MANAGER'; welfareSupportOffered: boolean; notes: string } | { closedBy: 'HEAD_OF_ASSURANCE'; notes: string };
  /** An incident reported by the Head of Assurance, one the police were called to (the line manager's step), or a breach. */
  POLICE_REFERRAL:
    | { about: 'INCIDENT'; reportedAt?: string; policeReference?: string }
    | ({ about: 'INCIDENT_CALLED'; calledAt: string; policeReference?: string } & IncidentStepFields)
    | { about: 'BREACH'; reportedAt?: string; policeReference?: string; decidedBy: string };
  WARNING_SENT: { sentBy: string; behaviours: string[] };
  STRATEGY_DRAFTED: { copiedFromStatus?: string };
  STRATEGY_CASE_ADDED: Record<string, never>;
  STRATEGY_SUBMITTED: Record<string, never>;
  STRATEGY_SUBMISSION_FAILED: Record<string, never>;
  STRATEGY_DECISION_REMINDER: Record<string, never>;
  STRATEGY_DECISION_ESCALATED: Record<string, never>;
  STRATEGY_NO_DECISION: Record<string, never>;
  STRATEGY_DECISION_REQUEST_FAILED: Record<string, never>;
  STRATEGY_DECISION_WAIT_FAILED: Record<string, never>;
  STRATEGY_APPROVED: { decidedBy: string };
  STRATEGY_REJECTED: { decidedBy: string };
  STRATEGY_LETTERS_SENT: { letterKind: LetterKind } & Deliveries;
  STRATEGY_ACTIVATED: { reviewDate: string; how?: 'EMAIL' | 'POST' | 'BY_HAND' };
  STRATEGY_AWAITING_POSTING: Record<string, never>;
  STRATEGY_NOT_NOTIFIED: Deliveries;
  STRATEGY_NOT_NOTIFIED_SOM_EMAILED: Record<string, never>;
  STRATEGY_NOT_NOTIFIED_SOM_EMAIL_FAILED: Record<string, never>;
  STRATEGY_REVIEW_DUE: { reviewDate: string };
  STRATEGY_EXTENDED: ReviewFields;
  STRATEGY_VARIED: ReviewFields;
  STRATEGY_ENDED: ReviewFields;
  SPOC_CHANGED: SpocChangedFields;
  SPOC_COVER: SpocCoverFields;
  REVIEW_REMINDER: { reviewDate: string; sentTo: string[] };
  REVIEW_ESCALATED: { reviewDate: string };
  REVIEW_EMAIL_FAILED: { reviewDate: string; step: 'REMIND' | 'ESCALATE' };
  /** `what` and `mailbox` are the chaser's own words (lib/app/chasers.ts). */
  STILL_WAITING_CHASED: { what: string; mailbox: string };
  STILL_WAITING_ESCALATED: { what: string };
  STILL_WAITING_EMAIL_FAILED: { what: string };
  LETTER: LetterFields;
  LETTER_NOT_SENT: { letterKind: LetterKind; channel: LetterChannel; undeliverable?: boolean; copyForName?: string; copyForKind?: RepresentativeKind };
  LETTER_FAILED_SOM_EMAILED: Record<string, never>;
  LETTER_COPY_UNDELIVERABLE: CopyUndeliverableFields;
  BREACH_REPORTED: { occurredAt: string; description: string };
  BREACH_DECIDED: { decidedBy: string; actions: BreachAction[]; notes: string; awaitingAdvice: boolean };
  BREACH_LEGAL_ADVICE: { decidedBy: string };
  BREACH_LEGAL_ADVICE_RECEIVED: { receivedAt: string; advice: string; decidedBy: string; outcome: BreachAction; notes: string };
  APPEAL_RECEIVED: AppealReceivedFields;
  APPEAL_DECIDED: AppealDecidedFields;
}

/** The sentence for each timeline kind: a key per kind, or this does not compile. */
export const TIMELINE_WORDS: { readonly [K in TimelineKind]: (f: TimelineFields[K]) => string } = {
  CASE_OPENED: (f) => `${CASE_TYPE_WORDS[f.caseType] ?? 'A'} case ${f.reference} opened: ${f.subject}`,
  CASE_CONCLUDED: (f) => `Case concluded. Final decision: ${f.finalDecision}`,
  PERSON_UPDATED: (f) => `The person's details were changed: ${f.changed.map((c) => PERSON_FIELD_WORDS[c] ?? 'other details').join(', ')}.`,
  CONTACT: (f) => `${f.direction === 'INBOUND' ? 'Inbound' : 'Outbound'} ${channelWords(f.channel)} contact: ${f.summary}${f.decision ? ` Screened: ${decisionTitle(f.decision)}.` : ''}`,
  CONTACT_CHECKED: (f) =>
    `Contact logged without a reply (screened: ${lower(decisionTitle(f.decision))}) read by ${f.checkedBy}: ${CHECK_OUTCOME_WORDS[f.outcome]}.${f.outcome === 'FRESH_MATTER' && f.freshCaseRef ? ` New case: ${f.freshCaseRef}.` : ''}${notes(f.notes)}`,
  INCIDENT: (f) => {
    const call = f.callTerminated ? ' Call terminated after a warning.' : '';
    const police = f.policeCalledAt ? ` ${f.policeCalledBy ?? 'Staff'} called the police at ${formatDateTime(f.policeCalledAt)}${f.policeReference ? `, police reference ${f.policeReference}` : ''}.` : '';
    return `Incident by ${channelWords(f.channel)} (${f.behaviours.map(behaviourName).join('; ')}): ${f.description}${call}${police} Escalation: ${lower(ESCALATION[f.escalation]?.text ?? 'not known')}.`;
  },
  INCIDENT_ESCALATED: (f) => `Incident escalated by the line manager to the Head of Assurance and Statutory Duties. ${welfare(f)}`,
  INCIDENT_CLOSED: (f) =>
    f.closedBy === 'LINE_MANAGER' ? `Incident closed by the line manager without escalation. ${welfare(f)}` : `Incident closed by the Head of Assurance and Statutory Duties without a report to the police.${notes(f.notes)}`,
  POLICE_REFERRAL: (f) =>
    f.about === 'INCIDENT'
      ? `Incident reported to the police on ${f.reportedAt ? when(f.reportedAt) : 'an unrecorded date'}, police reference ${f.policeReference ?? 'not recorded'}.`
      : f.about === 'INCIDENT_CALLED'
        ? `Line manager's welfare step recorded; the incident stands as reported to the police when they were called at ${formatDateTime(f.calledAt)}${f.policeReference ? `, police reference ${f.policeReference}` : ''}. ${welfare(f)}`
        : `Breach of the contact strategy reported to the police on ${f.reportedAt ? when(f.reportedAt) : 'an unrecorded date'} (police reference ${f.policeReference ?? 'not recorded'}), decided by ${f.decidedBy}`,
  WARNING_SENT: (f) =>
    `Warning sent by ${f.sentBy}: the person is told in writing (by email and post, each route they have) that ${f.behaviours.length === 1 ? 'a behaviour' : `${f.behaviours.length} behaviours`} of policy 1.2 (${f.behaviours.map(behaviourName).join('; ')}) ${f.behaviours.length === 1 ? 'is' : 'are'} unacceptable, and what may follow`,
  STRATEGY_DRAFTED: (f) => (f.copiedFromStatus ? `Contact strategy drafted as a copy of an earlier one (${lower(STRATEGY_STATUS[f.copiedFromStatus]?.text ?? 'ended')})` : 'Contact strategy drafted'),
  STRATEGY_CASE_ADDED: () => 'Case added to a draft contact strategy',
  STRATEGY_SUBMITTED: () => 'Contact strategy submitted for approval by the Statutory Operations Manager',
  STRATEGY_SUBMISSION_FAILED: () => 'The contact strategy could not be sent for a decision and is back in draft',
  STRATEGY_DECISION_REMINDER: () => 'The Statutory Operations Manager was reminded that the contact strategy awaits a decision',
  STRATEGY_DECISION_ESCALATED: () => 'No decision on the contact strategy after a reminder: escalated to the Statutory Operations Manager and the proposer',
  STRATEGY_NO_DECISION: () => 'No decision was made on the contact strategy within the decision period (after a reminder and an escalation)',
  STRATEGY_DECISION_REQUEST_FAILED: () => 'The Statutory Operations Manager could not be asked for a decision on the contact strategy; ask them directly',
  STRATEGY_DECISION_WAIT_FAILED: () => 'The workflow could not wait for a decision on the contact strategy; a decision can still be recorded',
  STRATEGY_APPROVED: (f) => `Contact strategy approved by ${f.decidedBy}`,
  STRATEGY_REJECTED: (f) => `Contact strategy rejected by ${f.decidedBy}`,
  STRATEGY_LETTERS_SENT: (f) => `The person was told in writing about the contact strategy, letter ${kindLabel(f.letterKind)} (${deliveryWords(f)})`,
  STRATEGY_ACTIVATED: (f) =>
    f.how
      ? `The person was told ${NOTIFIED_HOW_WORDS[f.how] ?? 'another way'}; the contact strategy is now in force until its review by ${formatDate(f.reviewDate)}`
      : `The contact strategy is now in force until its review by ${formatDate(f.reviewDate)}`,
  STRATEGY_AWAITING_POSTING: () => 'Approved: the contact strategy is in force once the letter to the person is posted',
  STRATEGY_NOT_NOTIFIED: (f) => `The contact strategy is not in force: the person could not be told in writing (${deliveryWords(f)})`,
  STRATEGY_NOT_NOTIFIED_SOM_EMAILED: () => 'The Statutory Operations Manager was emailed that the person has not been told of this strategy',
  STRATEGY_NOT_NOTIFIED_SOM_EMAIL_FAILED: () => 'The Statutory Operations Manager could not be emailed that the person has not been told of this strategy; it is listed in their inbox',
  STRATEGY_REVIEW_DUE: (f) => `The contact strategy is due for review (review date ${formatDate(f.reviewDate)}); its restrictions stay in force until the review is decided`,
  STRATEGY_EXTENDED: reviewed('EXTENDED'),
  STRATEGY_VARIED: reviewed('VARIED'),
  STRATEGY_ENDED: reviewed('ENDED'),
  SPOC_CHANGED: spocChanged,
  SPOC_COVER: spocCover,
  REVIEW_REMINDER: (f) => `Review reminder for the contact strategy (review due ${formatDate(f.reviewDate)}) sent to ${f.sentTo.join(' and ')}`,
  REVIEW_ESCALATED: (f) => `Review of the contact strategy (due ${formatDate(f.reviewDate)}) still undecided: escalated to the Statutory Operations Manager`,
  REVIEW_EMAIL_FAILED: (f) => `The review ${f.step === 'REMIND' ? 'reminder' : 'escalation'} for the contact strategy could not be sent; the next daily run will try again`,
  STILL_WAITING_CHASED: (f) => `${f.what} still waits: ${f.mailbox} reminded`,
  STILL_WAITING_ESCALATED: (f) => `${f.what} still waits after a reminder: brought to the Statutory Operations Manager`,
  STILL_WAITING_EMAIL_FAILED: (f) => `The email saying that ${f.what} still waits could not be sent; the next daily run will try again`,
  LETTER: letterWords,
  LETTER_NOT_SENT: (f) => {
    if (f.copyForName) return `The copy of the letter ${kindLabel(f.letterKind)} for ${representative(f.copyForName, f.copyForKind ?? 'OTHER')} could not be sent by ${channelWords(f.channel)}; it needs sending by hand.`;
    const what = f.undeliverable
      ? f.channel === 'EMAIL'
        ? 'no email address that letters have not bounced from'
        : 'no postal address that letters have not come back from'
      : f.channel === 'EMAIL'
        ? 'no email address'
        : 'no postal address';
    return `The person has ${what} on record, so the letter ${kindLabel(f.letterKind)} was not sent by ${channelWords(f.channel)}.`;
  },
  LETTER_FAILED_SOM_EMAILED: () => 'The Statutory Operations Manager was emailed that the letter reached the person by no route',
  LETTER_COPY_UNDELIVERABLE: copyUndeliverable,
  BREACH_REPORTED: (f) => `Breach of the contact strategy reported to the Statutory Operations Manager (occurred ${when(f.occurredAt)}): ${f.description}`,
  BREACH_DECIDED: (f) =>
    `Breach of the contact strategy decided by ${f.decidedBy}: ${f.actions.map((a) => BREACH_ACTION_WORDS[a]).join('; ')}.${notes(f.notes)}${f.awaitingAdvice ? ' The breach waits for the advice.' : ''}`,
  BREACH_LEGAL_ADVICE: (f) => `Legal or professional advice to be sought about a breach of the contact strategy, decided by ${f.decidedBy}`,
  BREACH_LEGAL_ADVICE_RECEIVED: (f) =>
    `Legal or professional advice about a breach of the contact strategy received on ${when(f.receivedAt)}: ${f.advice}. ${f.decidedBy} decided to ${BREACH_ACTION_WORDS[f.outcome]}.${notes(f.notes)}`,
  APPEAL_RECEIVED: (f) =>
    `Appeal against the contact strategy received ${when(f.receivedAt)}${lateWords(f)}; to be decided by ${formatDate(f.decisionDueBy)} by someone who took no part in the decision. Grounds: ${f.grounds}`,
  APPEAL_DECIDED: appealDecided,
};

/** A timeline entry as written: its kind and the fields its sentence is built from. */
export type TimelineFact = { [K in TimelineKind]: { kind: K; fields: TimelineFields[K] } }[TimelineKind];

/** The sentence for a timeline entry's kind and fields. */
export function timelineWords(kind: TimelineKind, fields: object): string {
  return (TIMELINE_WORDS[kind] as (f: object) => string)(fields);
}

// --- a strategy's history ------------------------------------------------------------

/** The history events that are not one per letter kind or per letter status. */
export const HISTORY_EVENTS = [
  'DRAFTED',
  'UPDATED',
  'SUBMITTED',
  'SUBMISSION_FAILED',
  'APPROVED',
  'REJECTED',
  'ACTIVATED',
  'NOTIFIED',
  'AWAITING_POSTING',
  'NOT_NOTIFIED',
  'NOT_NOTIFIED_SOM_EMAILED',
  'NOT_NOTIFIED_SOM_EMAIL_FAILED',
  'STRATEGY_DECISION_REMINDER',
  'STRATEGY_DECISION_ESCALATED',
  'STRATEGY_NO_DECISION',
  'STRATEGY_DECISION_REQUEST_FAILED',
  'STRATEGY_DECISION_WAIT_FAILED',
  'REVIEW_DUE',
  'EXTENDED',
  'VARIED',
  'ENDED',
  'SPOC_CHANGED',
  'SPOC_COVER',
  'APPEAL_RECEIVED',
  'APPEAL_UPHELD',
  /** `NOTIFIED_<letter kind>`: the person was told in writing of an outcome. */
  'NOTIFIED_BY_LETTER',
  /** `LETTER_<status>`: what happened to one of the strategy's letters. */
  'LETTER',
] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

/** Each history event's fields. */
export interface HistoryFields {
  DRAFTED: { restrictionCount: number; copiedFromStatus?: string };
  UPDATED: { changed: string[] };
  SUBMITTED: Record<string, never>;
  SUBMISSION_FAILED: Record<string, never>;
  APPROVED: { comments: string };
  REJECTED: { comments: string };
  ACTIVATED: Record<string, never>;
  NOTIFIED: { by: string; how: 'EMAIL' | 'POST' | 'BY_HAND'; at: string; notes: string };
  AWAITING_POSTING: Record<string, never>;
  NOT_NOTIFIED: Deliveries;
  NOT_NOTIFIED_SOM_EMAILED: Record<string, never>;
  NOT_NOTIFIED_SOM_EMAIL_FAILED: Record<string, never>;
  STRATEGY_DECISION_REMINDER: Record<string, never>;
  STRATEGY_DECISION_ESCALATED: Record<string, never>;
  STRATEGY_NO_DECISION: Record<string, never>;
  STRATEGY_DECISION_REQUEST_FAILED: Record<string, never>;
  STRATEGY_DECISION_WAIT_FAILED: Record<string, never>;
  REVIEW_DUE: { reviewDate: string };
  EXTENDED: ReviewFields;
  VARIED: ReviewFields;
  ENDED: ReviewFields;
  SPOC_CHANGED: SpocChangedFields;
  SPOC_COVER: SpocCoverFields;
  APPEAL_RECEIVED: AppealReceivedFields;
  APPEAL_UPHELD: AppealDecidedFields;
  NOTIFIED_BY_LETTER: { letterKind: LetterKind } & Deliveries;
  LETTER: LetterFields;
}

/** The sentence for each history event: a key per event, or this does not compile. */
export const HISTORY_WORDS: { readonly [E in HistoryEvent]: (f: HistoryFields[E]) => string } = {
  DRAFTED: (f) => (f.copiedFromStatus ? `Copied from an earlier contact strategy (${lower(STRATEGY_STATUS[f.copiedFromStatus]?.text ?? 'ended')})` : `Drafted with ${plural(f.restrictionCount, 'restriction')}`),
  UPDATED: (f) => `Draft changed: ${f.changed.map((c) => STRATEGY_FIELD_WORDS[c] ?? 'other details').join(', ')}`,
  SUBMITTED: () => 'Submitted to the Statutory Operations Manager for a decision',
  SUBMISSION_FAILED: () => 'The decision request could not be sent; returned to draft',
  APPROVED: (f) => `Approved by the Statutory Operations Manager${f.comments.trim() ? `: ${f.comments}` : ''}`,
  REJECTED: (f) => `Rejected by the Statutory Operations Manager${f.comments.trim() ? `: ${f.comments}` : ''}`,
  ACTIVATED: () => 'In force: the person has been told in writing',
  NOTIFIED: (f) => `In force: ${f.by} recorded that the person was told ${NOTIFIED_HOW_WORDS[f.how] ?? 'another way'} on ${when(f.at)}: ${f.notes}`,
  AWAITING_POSTING: TIMELINE_WORDS.STRATEGY_AWAITING_POSTING,
  NOT_NOTIFIED: (f) => `Not in force: approved, but no letter reached the person (${deliveryWords(f)}). Record how the person was told to put it in force`,
  NOT_NOTIFIED_SOM_EMAILED: TIMELINE_WORDS.STRATEGY_NOT_NOTIFIED_SOM_EMAILED,
  NOT_NOTIFIED_SOM_EMAIL_FAILED: TIMELINE_WORDS.STRATEGY_NOT_NOTIFIED_SOM_EMAIL_FAILED,
  STRATEGY_DECISION_REMINDER: TIMELINE_WORDS.STRATEGY_DECISION_REMINDER,
  STRATEGY_DECISION_ESCALATED: TIMELINE_WORDS.STRATEGY_DECISION_ESCALATED,
  STRATEGY_NO_DECISION: TIMELINE_WORDS.STRATEGY_NO_DECISION,
  STRATEGY_DECISION_REQUEST_FAILED: TIMELINE_WORDS.STRATEGY_DECISION_REQUEST_FAILED,
  STRATEGY_DECISION_WAIT_FAILED: TIMELINE_WORDS.STRATEGY_DECISION_WAIT_FAILED,
  REVIEW_DUE: (f) => `Review date ${formatDate(f.reviewDate)} reached: due for review; the restrictions stay in force until it is decided`,
  EXTENDED: reviewed('EXTENDED'),
  VARIED: reviewed('VARIED'),
  ENDED: reviewed('ENDED'),
  SPOC_CHANGED: spocChanged,
  SPOC_COVER: spocCover,
  APPEAL_RECEIVED: (f) => `Appeal received ${when(f.receivedAt)}${lateWords(f)}, recorded by ${f.recordedBy}. Grounds: ${f.grounds}`,
  APPEAL_UPHELD: appealDecided,
  NOTIFIED_BY_LETTER: TIMELINE_WORDS.STRATEGY_LETTERS_SENT,
  LETTER: letterWords,
};

/** A history entry as written: the event stored (`LETTER_<status>`, `NOTIFIED_<kind>` for the per-letter families) and its fields. */
export type HistoryFact = { [E in HistoryEvent]: { event: E; fields: HistoryFields[E] } }[HistoryEvent];

/** The event a history entry is stored under: a letter's carries its status, a notification its letter's kind. */
export function storedEvent(fact: HistoryFact): string {
  if (fact.event === 'LETTER') return `LETTER_${fact.fields.status}`;
  if (fact.event === 'NOTIFIED_BY_LETTER') return `NOTIFIED_${fact.fields.letterKind}`;
  return fact.event;
}

/** The table's key for a stored event (`LETTER_SENT` → LETTER), or undefined for one it does not know. */
export function historyEventOf(stored: string): HistoryEvent | undefined {
  if ((HISTORY_EVENTS as readonly string[]).includes(stored) && stored !== 'LETTER' && stored !== 'NOTIFIED_BY_LETTER') return stored as HistoryEvent;
  if (stored.startsWith('LETTER_')) return 'LETTER';
  if (stored.startsWith('NOTIFIED_') && stored.slice('NOTIFIED_'.length) in LETTER_KIND_SPECS) return 'NOTIFIED_BY_LETTER';
  return undefined;
}

/** The sentence for a stored history event and its fields; undefined for an event the table does not know. */
export function historyWords(event: string, fields: object): string | undefined {
  const key = historyEventOf(event);
  return key ? (HISTORY_WORDS[key] as (f: object) => string)(fields) : undefined;
}
