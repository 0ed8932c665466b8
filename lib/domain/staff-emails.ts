import { escapeHtml, ukLongDate } from './letter.js';
import type { FeedbackEvent } from './letter-events.js';

/**
 * The emails to staff: decision requests and their reminders and escalations,
 * review reminders and escalations, breach reports, and letters that reached the
 * person by no route. Pure wording, as plain text (and `textToHtml` for its HTML). Each
 * names the service user and the strategy id (so the reader knows what it is about)
 * and says where to act.
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
  id: string;
  personName: string;
  /** The references of the strategy's cases (the id where a case is not found). */
  caseRefs: string[];
  proposerName: string;
}

/** Every staff email ends by naming the office it comes from (setting ORG_NAME). */
export const signedBy = (email: StaffEmail, officeName: string): StaffEmail => ({ ...email, text: `${email.text}\n\n--\nContact strategies, ${officeName}` });

// --- the decision on a submitted strategy (policy 1.5: consult the SOM first) ----------

export interface SubmittedStrategy extends StrategyInBrief {
  restrictionTypes: string[];
  reviewDate: string;
}

function submittedFacts(s: SubmittedStrategy): string {
  return [
    `Service user: ${s.personName}`,
    `Strategy id: ${s.id}`,
    `Cases: ${s.caseRefs.join(', ')}`,
    `Proposed by: ${s.proposerName}`,
    `Restrictions: ${s.restrictionTypes.join(', ')}`,
    `Proposed review date: ${s.reviewDate}`,
  ].join('\n');
}

const howToDecide = (id: string) =>
  `Please approve or reject it in the case system (POST /strategies/${id}/decision). Policy 1.5 asks that you are consulted before a contact strategy is put in place; nobody may decide on a strategy they proposed.`;

/** To the Statutory Operations Manager, when a strategy is submitted. */
export function decisionRequest(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `Decision needed: contact strategy ${s.id} for ${s.personName}`,
    text: `A contact strategy for ${s.personName} (strategy ${s.id}) has been submitted and needs your decision.\n\n${submittedFacts(s)}\n\n${howToDecide(s.id)}`,
  };
}

/** To the Statutory Operations Manager, when the first wait for the decision ends. */
export function decisionReminder(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `Reminder: decision still needed on contact strategy ${s.id} for ${s.personName}`,
    text: `A contact strategy for ${s.personName} (strategy ${s.id}) is still waiting for your decision.\n\n${submittedFacts(s)}\n\n${howToDecide(s.id)}`,
  };
}

/** To the Statutory Operations Manager and the proposer, when the wait after the reminder ends. */
export function decisionEscalation(s: SubmittedStrategy, proposerHasEmail: boolean): StaffEmail {
  return {
    subject: `Escalation: no decision yet on contact strategy ${s.id} for ${s.personName}`,
    text: `Contact strategy ${s.id} for ${s.personName} has waited for a decision through a reminder and is now escalated to the Statutory Operations Manager and the proposer, ${s.proposerName}.${proposerHasEmail ? '' : ' (The proposer has no email address on record and was not emailed.)'}\n\n${submittedFacts(s)}\n\n${howToDecide(s.id)}`,
  };
}

/** To the Statutory Operations Manager and the proposer, when the last wait ends undecided. */
export function noDecisionMade(s: SubmittedStrategy): StaffEmail {
  return {
    subject: `No decision was made on contact strategy ${s.id} for ${s.personName}`,
    text: `No decision was made on contact strategy ${s.id} for ${s.personName} within the decision period, despite a reminder and an escalation. It remains pending and the person has not been told of it. A decision can still be recorded; the person will then be told in writing.\n\n${submittedFacts(s)}`,
  };
}

// --- reviews (policy 1.5: the review period) --------------------------------------------

export interface StrategyUnderReview extends StrategyInBrief {
  reviewDate: string;
}

function reviewEmail(s: StrategyUnderReview, subject: string, lead: string): StaffEmail {
  const text = [
    lead,
    `Service user: ${s.personName}\nStrategy: ${s.id}\nProposed by: ${s.proposerName}\nCases:\n${s.caseRefs.map((ref) => `- ${ref}`).join('\n')}`,
    'Please review the strategy and record the outcome: extend it (with a new review date), vary its restrictions, or end it. The person will be told of the outcome in writing by email and post.',
    `Record the outcome at POST /strategies/${s.id}/review.`,
  ].join('\n\n');
  return { subject, text };
}

/** To the proposer and the Statutory Operations Manager, as the review date nears (or has passed, `today` being later). */
export function reviewReminder(s: StrategyUnderReview, today: string): StaffEmail {
  const due = ukLongDate(s.reviewDate);
  return reviewEmail(
    s,
    `Review due ${due}: contact strategy ${s.id} for ${s.personName}`,
    `The contact strategy ${s.id} for ${s.personName} is due for review on ${due}${s.reviewDate < today ? ' (that date has passed)' : ''}.`,
  );
}

/** To the Statutory Operations Manager, a review still undecided `escalationDays` after its date. */
export function reviewEscalation(s: StrategyUnderReview, escalationDays: number): StaffEmail {
  return reviewEmail(
    s,
    `Escalation: review of contact strategy ${s.id} for ${s.personName} is overdue`,
    `The review of the contact strategy ${s.id} for ${s.personName} was due on ${ukLongDate(s.reviewDate)} and is still undecided ${escalationDays} days later. The restrictions remain in force until it is decided.`,
  );
}

// --- breaches (policy 1.6: reported to the SOM) ------------------------------------------

export interface ReportedBreach {
  id: string;
  strategyId: string;
  reportedBy: { name: string };
  occurredAt: string;
  description: string;
  contactIds: string[];
  incidentIds: string[];
}

/** To the Statutory Operations Manager, when a breach is reported. */
export function breachReported(b: ReportedBreach, personName: string, caseRefs: string[]): StaffEmail {
  const text = [
    `A breach of the contact strategy ${b.strategyId} for ${personName} has been reported by ${b.reportedBy.name}. Policy 1.6: please decide what to do.`,
    `Service user: ${personName}\nStrategy: ${b.strategyId}\nBreach: ${b.id}\nOccurred: ${b.occurredAt}\nCases: ${caseRefs.join(', ')}`,
    `What happened:\n${b.description}`,
    ...(b.contactIds.length ? [`Contacts: ${b.contactIds.join(', ')}`] : []),
    ...(b.incidentIds.length ? [`Incidents: ${b.incidentIds.join(', ')}`] : []),
    'You may adjust the strategy to further restrict communication, seek legal or professional advice, report the matter to the police, or take no further action.',
    `Record the decision at POST /breaches/${b.id}/decision.`,
  ].join('\n\n');
  return { subject: `Breach reported: contact strategy ${b.strategyId} for ${personName}`, text };
}

// --- letters that reached the person by no route (policy 1.5: told in writing) -----------

export interface UnreachedLetter {
  id: string;
  kind: string;
  /** The strategy it is about; a WARNING letter names its warning instead. */
  strategyId?: string | undefined;
  warningId?: string | undefined;
  personName: string;
  serviceUserId: string;
  caseRefs: string[];
}

/** To the Statutory Operations Manager, when an emailed letter was undeliverable and there is no posted copy. */
export function letterDidNotReach(letter: UnreachedLetter, feedback: { event: FeedbackEvent; detail: string }): StaffEmail {
  const what = feedback.event === 'COMPLAINT' ? 'was marked as spam by the recipient' : 'could not be delivered';
  const about = letter.strategyId ? `contact strategy ${letter.strategyId}` : `warning ${letter.warningId ?? ''}`;
  const text = [
    `The ${letter.kind} letter about ${about} for ${letter.personName} ${what} (${feedback.detail}), and there is no posted copy: the person has no postal address on record, or the posted letter failed.`,
    `Policy 1.5 requires the person to be told in writing. Please arrange another way to reach them (for example, record a postal address and send the letter by post) and record what was done on the case.`,
    letterFacts(letter),
  ].join('\n\n');
  return { subject: `Action needed: the letter about ${about} for ${letter.personName} did not reach them`, text };
}

/** What names a letter for staff who must act on it: the person, the strategy or warning, the letter and the cases. */
function letterFacts(letter: UnreachedLetter): string {
  return [
    `Service user: ${letter.personName}`,
    `Service user id: ${letter.serviceUserId}`,
    letter.strategyId ? `Strategy id: ${letter.strategyId}` : `Warning id: ${letter.warningId ?? ''}`,
    `Letter id: ${letter.id}`,
    `Cases: ${letter.caseRefs.join(', ')}`,
  ].join('\n');
}

/** To the Statutory Operations Manager, when every route of a letter failed (the posted letter was refused, and nothing else reached the person). */
export function letterFailedEveryRoute(letter: UnreachedLetter, why: string): StaffEmail {
  const about = letter.strategyId ? `contact strategy ${letter.strategyId}` : `warning ${letter.warningId ?? ''}`;
  const text = [
    `The ${letter.kind} letter about ${about} for ${letter.personName} could not be sent (${why}), and no other route reached them.`,
    `Policy 1.5 requires the person to be told in writing. The letter is listed with the failed letters in the console, where it can be sent again; record on the case what was done.`,
    letterFacts(letter),
  ].join('\n\n');
  return { subject: `Action needed: the letter about ${about} for ${letter.personName} could not be sent`, text };
}

// --- incidents (policy 1.3: escalation, written threats or abuse) ----------------------

/** What an email to staff says about an incident. */
export interface IncidentInBrief {
  id: string;
  personName: string;
  /** The reference of the incident's case (its id where the case is not found). */
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
    `Incident id: ${i.id}`,
    `Case: ${i.caseRef}`,
    `Occurred: ${i.occurredAt} (${i.channel.toLowerCase()})`,
    `Behaviours: ${i.behaviours.join('; ')}`,
    `Recorded by: ${i.recordedByName}`,
  ].join('\n');
}

/** To the line managers' mailbox, when an incident enters AWAITING_LINE_MANAGER. */
export function incidentAwaitingLineManager(i: IncidentInBrief): StaffEmail {
  return {
    subject: `Incident ${i.id} about ${i.personName} awaits a line manager`,
    text: `An incident about ${i.personName} (incident ${i.id}) has been reported to a line manager.\n\n${incidentFacts(i)}\n\nPolicy 1.3: please consider the welfare of the member of staff, offer support, and either escalate the incident to the Head of Assurance and Statutory Duties or close it with your reasons (POST /incidents/${i.id}/escalate). It is in the line managers' queue until then.`,
  };
}

/** To the Head of Assurance's mailbox, when an incident enters AWAITING_HEAD_OF_ASSURANCE. */
export function incidentAwaitingHeadOfAssurance(i: IncidentInBrief, lineManagerNotes: string): StaffEmail {
  return {
    subject: `Incident ${i.id} about ${i.personName} escalated to the Head of Assurance`,
    text: `A line manager has escalated an incident about ${i.personName} (incident ${i.id}) to the Head of Assurance and Statutory Duties.\n\n${incidentFacts(i)}\nLine manager's notes: ${lineManagerNotes}\n\nPolicy 1.3: please decide whether to report it to the police, and record the police reference or close it with your reasons (POST /incidents/${i.id}/police-referral). It is in the Head of Assurance's queue until then.`,
  };
}

/** To the Statutory Operations Manager, when threats or abuse arrive in writing. */
export function writtenThreatOrAbuse(i: IncidentInBrief): StaffEmail {
  return {
    subject: `Written threats or abuse from ${i.personName}: consider a contact strategy (incident ${i.id})`,
    text: `An incident of threats or abuse in writing from ${i.personName} (incident ${i.id}) has been recorded.\n\n${incidentFacts(i)}\n\nPolicy 1.3: written threats or abuse are referred to the Statutory Operations Manager to consider putting a contact strategy in place (POST /strategies).`,
  };
}

/** Something still waiting for someone, as the daily chasers word it. */
export interface StillWaitingInBrief {
  /** What waits, in words with its id: "Incident 01J…", "Appeal 01J…". */
  what: string;
  personName: string;
  /** The UK date it began to wait. */
  since: string;
  /** Who it waits for and what they are to do, in words. */
  waitingFor: string;
  /** Where the step is recorded, for the reader who acts on it. */
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
      `Record the step at ${w.recordAt}.`,
    ].join('\n\n'),
  };
}
