import { escapeHtml, ukLongDate } from './letter.js';
import type { FeedbackEvent } from './letter-events.js';
import { RESTRICTION_SPECS } from './restrictions/index.js';
import { channelName, formatDateTime, letterKindLabel } from './words.js';

/**
 * The emails to staff: decision requests and their reminders and escalations,
 * review reminders and escalations, breach reports, and letters that reached the
 * person by no route. Pure wording, as plain text (and `textToHtml` for its HTML). Each
 * names the service user and the cases by their references (so the reader knows what
 * it is about) and says where in the console to act; like every page staff read, it
 * names no code and no internal id (the words are lib/domain/words.ts's).
 */

/** Plain text as simple, escaped HTML paragraphs: how a staff email is sent besides as text. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><body>${paragraphs}</body></html>`;
}

export interface StaffEmail {
  subject: string;
  text: string;
}

/** What a staff email says about a strategy. */
export interface StrategyInBrief {
  personName: string;
  /** The references of the strategy's cases. */
  caseRefs: string[];
  proposerName: string;
}

/** What a staff email names in place of a record that is gone: never its id. */
export const NOT_ON_RECORD = { person: 'a service user no longer on record', case: 'a case no longer on record' } as const;

/** Every staff email ends by naming the office it comes from (setting ORG_NAME). */
export const signedBy = (email: StaffEmail, officeName: string): StaffEmail => ({ ...email, text: `${email.text}\n\n--\nContact strategies, ${officeName}` });

// --- the decision on a submitted strategy (policy 1.5: consult the SOM first) ----------

export interface SubmittedStrategy extends StrategyInBrief {
  restrictionTypes: string[];
  reviewDate: string;
}

/** A restriction type as staff know it (its title), never its code. */
const restrictionTitle = (type: string) => (RESTRICTION_SPECS as Record<string, { title: string } | undefined>)[type]?.title ?? 'A restriction no longer listed';

function submittedFacts(s: SubmittedStrategy): string {
  return [
    `Service user: ${s.personName}`,
    `Cases: ${s.caseRefs.join(', ')}`,
    `Proposed by: ${s.proposerName}`,
    `Restrictions: ${s.restrictionTypes.map(restrictionTitle).join('; ')}`,
    `Proposed review date: ${ukLongDate(s.reviewDate)}`,
  ].join('\n');
}

const HOW_TO_DECIDE =
  'Please approve or reject it in the console (Manager inbox, Strategies awaiting decision). Policy 1.5 asks that you are consulted before a contact strategy is put in place; nobody may decide on a strategy they proposed.';

/** To the Statutory Operations Manager, when a strategy is submitted. */
export function decisionRequest(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `Decision needed: contact strategy for ${s.personName}`,
    text: `A contact strategy for ${s.personName} has been submitted and needs your decision.\n\n${submittedFacts(s)}\n\n${HOW_TO_DECIDE}`,
  };
}

/** To the Statutory Operations Manager, when the first wait for the decision ends. */
export function decisionReminder(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `Reminder: decision still needed on the contact strategy for ${s.personName}`,
    text: `A contact strategy for ${s.personName} is still waiting for your decision.\n\n${submittedFacts(s)}\n\n${HOW_TO_DECIDE}`,
  };
}

/** To the Statutory Operations Manager and the proposer, when the wait after the reminder ends. */
export function decisionEscalation(s: SubmittedStrategy, proposerHasEmail: boolean): StaffEmail {
  return {
    subject: `Escalation: no decision yet on the contact strategy for ${s.personName}`,
    text: `The contact strategy for ${s.personName} has waited for a decision through a reminder and is now escalated to the Statutory Operations Manager and the proposer, ${s.proposerName}.${proposerHasEmail ? '' : ' (The proposer has no email address on record and was not emailed.)'}\n\n${submittedFacts(s)}\n\n${HOW_TO_DECIDE}`,
  };
}

/** To the Statutory Operations Manager and the proposer, when the last wait ends undecided. */
export function noDecisionMade(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `No decision was made on the contact strategy for ${s.personName}`,
    text: `No decision was made on the contact strategy for ${s.personName} within the decision period, despite a reminder and an escalation. It remains pending and the person has not been told of it. A decision can still be recorded; the person will then be told in writing.\n\n${submittedFacts(s)}`,
  };
}

// --- reviews (policy 1.5: the review period) --------------------------------------------

export interface StrategyUnderReview extends StrategyInBrief {
  reviewDate: string;
}

function reviewEmail(s: StrategyUnderReview, subject: string, lead: string): StaffEmail {
  const text = [
    lead,
    `Service user: ${s.personName}\nProposed by: ${s.proposerName}\nCases:\n${s.caseRefs.map((ref) => `- ${ref}`).join('\n')}`,
    'Please review the strategy and record the outcome: extend it (with a new review date), vary its restrictions, or end it. The person will be told of the outcome in writing by email and post.',
    'Record the outcome in the console (Manager inbox, Reviews due and overdue).',
  ].join('\n\n');
  return { subject, text };
}

/** To the proposer and the Statutory Operations Manager, as the review date nears (or has passed, `today` being later). */
export function reviewReminder(s: StrategyUnderReview, today: string): StaffEmail {
  const due = ukLongDate(s.reviewDate);
  return reviewEmail(
    s,
    `Review due ${due}: contact strategy for ${s.personName}`,
    `The contact strategy for ${s.personName} is due for review on ${due}${s.reviewDate < today ? ' (that date has passed)' : ''}.`,
  );
}

/** To the Statutory Operations Manager, a review still undecided `escalationDays` after its date. */
export function reviewEscalation(s: StrategyUnderReview, escalationDays: number): StaffEmail {
  return reviewEmail(
    s,
    `Escalation: review of the contact strategy for ${s.personName} is overdue`,
    `The review of the contact strategy for ${s.personName} was due on ${ukLongDate(s.reviewDate)} and is still undecided ${escalationDays} days later. The restrictions remain in force until it is decided.`,
  );
}

// --- breaches (policy 1.6: reported to the SOM) ------------------------------------------

export interface ReportedBreach {
  reportedBy: { name: string };
  occurredAt: string;
  description: string;
  contactIds: string[];
  incidentIds: string[];
}

const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const linkedWords = (contacts: number, incidents: number) =>
  [contacts ? counted(contacts, 'contact') : '', incidents ? counted(incidents, 'incident') : ''].filter(Boolean).join(' and ');

/** To the Statutory Operations Manager, when a breach is reported. */
export function breachReported(b: ReportedBreach, personName: string, caseRefs: string[]): StaffEmail {
  const text = [
    `A breach of the contact strategy for ${personName} has been reported by ${b.reportedBy.name}. Policy 1.6: please decide what to do.`,
    `Service user: ${personName}\nOccurred: ${formatDateTime(b.occurredAt)}\nCases: ${caseRefs.join(', ')}`,
    `What happened:\n${b.description}`,
    ...(b.contactIds.length || b.incidentIds.length ? [`The report names ${linkedWords(b.contactIds.length, b.incidentIds.length)}, listed with the breach.`] : []),
    'You may adjust the strategy to further restrict communication, seek legal or professional advice, report the matter to the police, or take no further action.',
    'Record the decision in the console (Manager inbox, Breaches awaiting decision).',
  ].join('\n\n');
  return { subject: `Breach reported: contact strategy for ${personName}`, text };
}

// --- letters that reached the person by no route (policy 1.5: told in writing) -----------

export interface UnreachedLetter {
  kind: string;
  /** Whether it is about a strategy; a warning letter is about a warning instead. */
  strategyId?: string | undefined;
  personName: string;
  caseRefs: string[];
}

/** What a letter is about, in words. */
const aboutWords = (letter: UnreachedLetter) => (letter.strategyId ? 'the contact strategy' : 'the warning');

/** To the Statutory Operations Manager, when an emailed letter was undeliverable and there is no posted copy. */
export function letterDidNotReach(letter: UnreachedLetter, feedback: { event: FeedbackEvent; detail: string }): StaffEmail {
  const what = feedback.event === 'COMPLAINT' ? 'was marked as spam by the recipient' : 'could not be delivered';
  const about = aboutWords(letter);
  const text = [
    `The letter “${letterKindLabel(letter.kind)}” about ${about} for ${letter.personName} ${what} (${feedback.detail}), and there is no posted copy: the person has no postal address on record, or the posted letter failed.`,
    `Policy 1.5 requires the person to be told in writing. Please arrange another way to reach them (for example, record a postal address and send the letter by post) and record what was done on the case.`,
    letterFacts(letter),
  ].join('\n\n');
  return { subject: `Action needed: the letter about ${about} for ${letter.personName} did not reach them`, text };
}

/** What names a letter for staff who must act on it: the person, the letter and the cases. */
function letterFacts(letter: UnreachedLetter): string {
  return [`Service user: ${letter.personName}`, `Letter: ${letterKindLabel(letter.kind)}`, `Cases: ${letter.caseRefs.join(', ')}`].join('\n');
}

/** To the Statutory Operations Manager, when every route of a letter failed (the posted letter was refused, and nothing else reached the person). */
export function letterFailedEveryRoute(letter: UnreachedLetter, why: string): StaffEmail {
  const about = aboutWords(letter);
  const text = [
    `The letter “${letterKindLabel(letter.kind)}” about ${about} for ${letter.personName} could not be sent (${why}), and no other route reached them.`,
    `Policy 1.5 requires the person to be told in writing. The letter is listed with the failed letters in the console, where it can be sent again; record on the case what was done.`,
    letterFacts(letter),
  ].join('\n\n');
  return { subject: `Action needed: the letter about ${about} for ${letter.personName} could not be sent`, text };
}

// --- incidents (policy 1.3: escalation, written threats or abuse) ----------------------

/** What an email to staff says about an incident. */
export interface IncidentInBrief {
  personName: string;
  /** The reference of the incident's case. */
  caseRef: string;
  occurredAt: string;
  channel: string;
  /** The behaviours in plain words. */
  behaviours: string[];
  recordedByName: string;
}

function incidentFacts(i: IncidentInBrief): string {
  return [
    `Service user: ${i.personName}`,
    `Case: ${i.caseRef}`,
    `Occurred: ${formatDateTime(i.occurredAt)} (${channelName(i.channel).toLowerCase()})`,
    `Behaviours: ${i.behaviours.join('; ')}`,
    `Recorded by: ${i.recordedByName}`,
  ].join('\n');
}

/** How an incident is named in a subject: by its person and when it happened. */
const incidentName = (i: IncidentInBrief) => `Incident of ${formatDateTime(i.occurredAt)} about ${i.personName}`;

/** To the line managers' mailbox, when an incident enters AWAITING_LINE_MANAGER. */
export function incidentAwaitingLineManager(i: IncidentInBrief): StaffEmail {
  return {
    subject: `${incidentName(i)} awaits a line manager`,
    text: `An incident about ${i.personName} has been reported to a line manager.\n\n${incidentFacts(i)}\n\nPolicy 1.3: please consider the welfare of the member of staff, offer support, and either escalate the incident to the Head of Assurance and Statutory Duties or close it with your reasons, in the console (Incident queue, Waiting for a line manager). It is in the line managers' queue until then.`,
  };
}

/** To the Head of Assurance's mailbox, when an incident enters AWAITING_HEAD_OF_ASSURANCE. */
export function incidentAwaitingHeadOfAssurance(i: IncidentInBrief, lineManagerNotes: string): StaffEmail {
  return {
    subject: `${incidentName(i)} escalated to the Head of Assurance`,
    text: `A line manager has escalated an incident about ${i.personName} to the Head of Assurance and Statutory Duties.\n\n${incidentFacts(i)}\nLine manager's notes: ${lineManagerNotes}\n\nPolicy 1.3: please decide whether to report it to the police, and record the police reference or close it with your reasons, in the console (Incident queue, Waiting for the Head of Assurance). It is in the Head of Assurance's queue until then.`,
  };
}

/** To the Statutory Operations Manager, when threats or abuse arrive in writing. */
export function writtenThreatOrAbuse(i: IncidentInBrief): StaffEmail {
  return {
    subject: `Written threats or abuse from ${i.personName}: consider a contact strategy`,
    text: `An incident of threats or abuse in writing from ${i.personName} has been recorded.\n\n${incidentFacts(i)}\n\nPolicy 1.3: written threats or abuse are referred to the Statutory Operations Manager to consider putting a contact strategy in place (in the console, from the person's page).`,
  };
}

/** Something still waiting for someone, as the daily chasers word it. */
export interface StillWaitingInBrief {
  /** What waits, in words: "An incident (case OPCC-2026-000123)". */
  what: string;
  personName: string;
  /** The UK date it began to wait. */
  since: string;
  /** Who it waits for and what they are to do, in words. */
  waitingFor: string;
  /** Where in the console the step is recorded, for the reader who acts on it: "Incident queue". */
  recordAt: string;
}

/** To the mailbox first told, when something still waits (the chase), or to the Statutory Operations Manager after twice as long (the escalation). */
export function stillWaiting(w: StillWaitingInBrief, toSom: boolean): StaffEmail {
  const since = ukLongDate(w.since);
  return {
    subject: `${toSom ? 'Escalated: still waiting' : 'Reminder: still waiting'}: ${w.what} about ${w.personName}`,
    text: [
      `${w.what} about ${w.personName} has been waiting since ${since} for ${w.waitingFor}.`,
      toSom
        ? 'It was chased once and still waits, so it is brought to the Statutory Operations Manager: please see that it is dealt with.'
        : 'Nothing has been recorded on it since. Please deal with it, or say why it waits.',
      `Record the step in the console (${w.recordAt}).`,
    ].join('\n\n'),
  };
}
