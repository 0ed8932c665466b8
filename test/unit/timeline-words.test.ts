import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_CODES } from '../../lib/domain/behaviours.js';
import { LETTER_KINDS } from '../../lib/domain/letters/index.js';
import { LETTER_STATUSES } from '../../lib/domain/letter-routes.js';
import { TIMELINE_KINDS } from '../../lib/domain/timeline-kinds.js';
import { HISTORY_EVENTS, HISTORY_WORDS, historyWords, storedEvent, TIMELINE_WORDS, timelineWords, type HistoryFact } from '../../lib/domain/timeline-words.js';
import { LETTER_STATUS, letterKindLabel } from '../../lib/domain/words.js';

const ULID = /[0-9A-HJKMNP-TV-Z]{26}/;
const CODE = /\b[A-Z]{2,}_[A-Z_]+\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** Every field any kind's sentence reads, filled with codes, ids and ISO dates: whatever a sentence keeps of them must be in words. */
const fields = (over: Record<string, unknown> = {}) => ({
  caseType: 'CORRESPONDENCE',
  reference: 'OPCC-2026-000001',
  subject: 'Handling of my complaint',
  finalDecision: 'Not upheld',
  changed: ['postalAddress', 'additionalNeeds'],
  direction: 'INBOUND',
  channel: 'PHONE',
  summary: 'Asked for an update',
  decision: 'CHANNEL_BLOCKED',
  checkedBy: 'Lee Manager',
  outcome: 'NO_FURTHER_ACTION',
  notes: 'Seen to.',
  behaviours: [...BEHAVIOUR_CODES],
  description: 'Shouted',
  callTerminated: true,
  escalation: 'AWAITING_LINE_MANAGER',
  policeCalledAt: '2026-03-12T14:05:00.000Z',
  welfareSupportOffered: true,
  about: 'BREACH',
  reportedAt: '2026-03-12T14:05:00.000Z',
  calledAt: '2026-03-12T14:05:00.000Z',
  sentBy: 'Sam Caseworker',
  copiedFromStatus: 'NOT_NOTIFIED',
  decidedBy: 'Sam Manager',
  letterKind: 'APPEAL_OUTCOME',
  copyForName: 'Jo Bloggs MP',
  copyForKind: 'MP',
  feedback: 'BOUNCE',
  detail: 'Permanent bounce, General',
  byEmail: 'NO_ROUTE',
  byPost: 'PRINT_READY',
  reviewDate: '2027-06-02',
  nextReviewDate: '2027-06-02',
  how: 'BY_HAND',
  restrictions: ['WRITTEN_ONLY', 'SINGLE_POINT_OF_CONTACT'],
  after: 'BREACH',
  by: 'Sam Manager',
  fromName: 'Alex',
  toName: 'Jo',
  coverName: 'Jo',
  spocName: 'Alex',
  from: '2026-03-12',
  until: '2026-03-19',
  reason: 'Leave',
  sentTo: ['Sam Manager'],
  step: 'ESCALATE',
  what: 'A breach',
  mailbox: 'the Statutory Operations Manager',
  status: 'SENT_TO_PRINTER',
  failure: 'the print and post service had a technical failure',
  occurredAt: '2026-03-12T14:05:00.000Z',
  actions: ['ADJUST_STRATEGY', 'POLICE_REFERRAL'],
  awaitingAdvice: true,
  receivedAt: '2026-03-12T14:05:00.000Z',
  advice: 'Refer it',
  late: true,
  appealBy: '2026-03-10',
  lateReason: 'In hospital',
  decisionDueBy: '2026-04-09',
  grounds: 'Unfair',
  recordedBy: 'Sam Caseworker',
  reasons: 'Fair',
  restrictionCount: 2,
  comments: 'Agreed',
  at: '2026-03-12T14:05:00.000Z',
  ...over,
});

/** The kinds whose `outcome` is not a breach action. */
const OUTCOME_OF: Record<string, string> = { CONTACT_CHECKED: 'FRESH_MATTER', APPEAL_DECIDED: 'VARIED', APPEAL_UPHELD: 'VARIED' };

const inWords = (sentence: string, what: string) => {
  expect(sentence, what).not.toMatch(CODE);
  expect(sentence, what).not.toMatch(ULID);
  expect(sentence, what).not.toMatch(ISO_DATE);
  expect(sentence.trim(), what).not.toBe('');
  expect(sentence, what).not.toContain('undefined');
};

describe('the wording table', () => {
  it('words every timeline kind, with no code, id or ISO date in the sentence', () => {
    expect(Object.keys(TIMELINE_WORDS).sort()).toEqual([...TIMELINE_KINDS].sort());
    for (const kind of TIMELINE_KINDS) {
      const outcome = OUTCOME_OF[kind] ?? 'NO_FURTHER_ACTION';
      inWords(timelineWords(kind, fields({ outcome })), kind);
      inWords(timelineWords(kind, fields({ outcome, about: 'INCIDENT', closedBy: 'LINE_MANAGER', feedback: 'COMPLAINT', copyForName: 'Ann MP', copyForKind: 'MP' })), kind);
    }
  });

  it('words every history event, each letter status and each letter kind', () => {
    expect(Object.keys(HISTORY_WORDS).sort()).toEqual([...HISTORY_EVENTS].sort());
    for (const event of HISTORY_EVENTS) inWords((HISTORY_WORDS[event] as (f: object) => string)(fields({ outcome: OUTCOME_OF[event] ?? 'NO_FURTHER_ACTION' })), event);
    for (const status of LETTER_STATUSES) inWords(historyWords(`LETTER_${status}`, fields({ status }))!, status);
    for (const kind of LETTER_KINDS) inWords(historyWords(`NOTIFIED_${kind}`, fields({ letterKind: kind }))!, kind);
    expect(historyWords('SOMETHING_ELSE', {})).toBeUndefined();
  });

  it('stores a letter history entry under its status and a notification under its letter kind', () => {
    const letter = { event: 'LETTER', fields: { letterKind: 'WARNING', channel: 'POST', status: 'POSTED', subject: 'S' } } as HistoryFact;
    expect(storedEvent(letter)).toBe('LETTER_POSTED');
    expect(storedEvent({ event: 'NOTIFIED_BY_LETTER', fields: { letterKind: 'VARIED' } } as HistoryFact)).toBe('NOTIFIED_VARIED');
  });

  it('names a letter by its kind’s label and its status as every page words it', () => {
    for (const status of LETTER_STATUSES.filter((s) => s !== 'FAILED')) {
      const sentence = TIMELINE_WORDS.LETTER({ letterKind: 'WARNING', channel: 'POST', status, subject: 'Your behaviour' });
      expect(sentence).toBe(`Letter “${letterKindLabel('WARNING')}”: ${LETTER_STATUS[status].text.toLowerCase()}: Your behaviour`);
    }
  });

  it('puts dates in words, in UK time', () => {
    expect(TIMELINE_WORDS.STRATEGY_ACTIVATED({ reviewDate: '2027-06-02' })).toBe('The contact strategy is now in force until its review by 2 June 2027');
    expect(TIMELINE_WORDS.BREACH_REPORTED({ occurredAt: '2026-07-01T23:30:00.000Z', description: 'Rang' })).toContain('2 Jul 2026, 12:30am');
  });

  it('words codes by the tables that word them everywhere: decisions, behaviours, case types, fields changed', () => {
    expect(TIMELINE_WORDS.CONTACT({ direction: 'INBOUND', channel: 'ONLINE', summary: 'again', decision: 'LOG_ONLY' })).toBe('Inbound online form contact: again Screened: Log only – do not respond.');
    expect(TIMELINE_WORDS.CASE_OPENED({ caseType: 'COMPLAINT', reference: 'OPCC-2026-000001', subject: 'Handling' })).toBe('Complaint case OPCC-2026-000001 opened: Handling');
    expect(TIMELINE_WORDS.PERSON_UPDATED({ changed: ['postalAddress', 'additionalNeeds'] })).toBe("The person's details were changed: postal address, additional needs.");
    expect(TIMELINE_WORDS.INCIDENT({ channel: 'PHONE', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description: 'shouted', callTerminated: false, escalation: 'NONE' })).toBe(
      'Incident by phone (Verbal or written abuse): shouted Escalation: not escalated.',
    );
  });
});
