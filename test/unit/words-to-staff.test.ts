import { describe, expect, it } from 'vitest';
import { appealReceivedEmail } from '../../lib/domain/appeals.js';
import { notNotifiedAlert } from '../../lib/domain/approval.js';
import { forwardPlan } from '../../lib/domain/inbound-email.js';
import { LETTER_KINDS } from '../../lib/domain/letters/index.js';
import { RESTRICTION_TYPES } from '../../lib/domain/restrictions/index.js';
import { DECISIONS } from '../../lib/domain/screening.js';
import {
  breachReported,
  decisionEscalation,
  decisionReminder,
  decisionRequest,
  incidentAwaitingHeadOfAssurance,
  incidentAwaitingLineManager,
  letterDidNotReach,
  letterFailedEveryRoute,
  noDecisionMade,
  reviewEscalation,
  reviewReminder,
  stillWaiting,
  writtenThreatOrAbuse,
  type StaffEmail,
} from '../../lib/domain/staff-emails.js';
import { COPYABLE_IN_WORDS } from '../../lib/domain/strategy-copy.js';
import { alreadyCheckedWords, CHECK_OUTCOMES, notUnansweredWords, safeguardingConcernEmail } from '../../lib/domain/unanswered.js';
import { CHANNELS, STATE_WORDS, type StatefulRecord } from '../../lib/domain/words.js';
import { wrongState } from '../../lib/errors.js';

/**
 * Staff never read a code or an internal id: every problem detail the console shows
 * and every staff email is worded by lib/domain/words.ts. Each builder is fed codes
 * and ids; what it writes must keep none of them.
 */
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/;
const CODE = /\b[A-Z]{2,}(?:_[A-Z]+)+\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** Every bare code staff could meet: statuses, decisions, channels, letter kinds, restriction types, check outcomes. */
const VOCAB = new Set<string>([
  ...Object.values(STATE_WORDS).flatMap((t) => Object.keys(t)),
  ...DECISIONS,
  ...CHANNELS.map((c) => c.value),
  ...LETTER_KINDS,
  ...RESTRICTION_TYPES,
  ...CHECK_OUTCOMES,
]);

function expectInWords(text: string): void {
  expect(text).not.toMatch(ULID);
  expect(text).not.toMatch(CODE);
  expect(text).not.toMatch(ISO_DATE);
  const bare = (text.match(/\b[A-Z]{2,}\b/g) ?? []).filter((w) => VOCAB.has(w));
  expect(bare, text).toEqual([]);
}
const expectEmailInWords = (e: StaffEmail) => {
  expectInWords(e.subject);
  expectInWords(e.text);
};

const ID = '01JH8Z3K4M5N6P7Q8R9S0T1V2W';
const ID2 = '01JH8Z3K4M5N6P7Q8R9S0T1V2X';

describe('a refused action (409) words the state and carries its code in `state`', () => {
  const pairs = Object.entries(STATE_WORDS).flatMap(([record, table]) => Object.keys(table).map((code) => [record as StatefulRecord, code] as const));

  it.each(pairs)('%s %s', (record, code) => {
    const problem = wrongState(record, code, 'decided');
    expect(problem.status).toBe(409);
    expectInWords(problem.detail);
    expect(problem.detail).toContain(`This ${record} cannot be decided while its status is “`);
    expect(problem.extensions).toEqual({ state: code });
  });

  it('never shows a code no table knows', () => {
    expect(wrongState('strategy', 'SOMETHING_NEW', 'copied', COPYABLE_IN_WORDS).detail).toBe(
      'This strategy cannot be copied while its status is “not known”. Only a strategy whose status is “Rejected”, “Ended” or “Not notified” can be copied.',
    );
  });

  it('words why a contact has no second read, for every outcome and decision', () => {
    for (const outcome of CHECK_OUTCOMES) expectInWords(alreadyCheckedWords({ outcome, by: { name: 'Robin Reader' }, at: '2027-05-01T10:00:00.000Z' }));
    expect(alreadyCheckedWords({ outcome: 'NOTHING_NEW', by: { name: 'Robin Reader' }, at: '2027-05-01T10:00:00.000Z' })).toBe(
      'This contact has had its second read already: Robin Reader read it on 1 May 2027, 11:00am and found nothing new: no fresh matter and no safeguarding concern. It cannot be checked again.',
    );
    for (const decision of [...DECISIONS, undefined]) expectInWords(notUnansweredWords(decision));
    expect(notUnansweredWords('PROCEED')).toBe('This contact was screened “Proceed”: it was not logged without a reply, so it has no second read.');
  });
});

describe('every staff email is in words', () => {
  const strategy = { personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001'], proposerName: 'Pat Proposer', restrictionTypes: [...RESTRICTION_TYPES], reviewDate: '2027-06-01' };
  const incident = { personName: 'Morgan Example', caseRef: 'OPCC-2026-000001', occurredAt: '2027-05-01T10:00:00.000Z', channel: 'PHONE', behaviours: ['Abusive language'], recordedByName: 'Casey Worker' };

  it('the decision and review emails', () => {
    for (const e of [decisionRequest(strategy), decisionReminder(strategy), decisionEscalation(strategy, false), noDecisionMade(strategy), reviewReminder(strategy, '2027-06-02'), reviewEscalation(strategy, 7)]) {
      expectEmailInWords(e);
    }
  });

  it('the breach, appeal, not-notified and safeguarding emails', () => {
    expectEmailInWords(breachReported({ reportedBy: { name: 'Casey Worker' }, occurredAt: '2027-05-01T10:00:00.000Z', description: 'Called 12 times.', contactIds: [ID], incidentIds: [ID2] }, 'Morgan Example', ['OPCC-2026-000001']));
    expectEmailInWords(appealReceivedEmail({ receivedAt: '2027-05-01T10:00:00.000Z', grounds: 'Unfair.', late: true, lateReason: 'In hospital.', decisionDueBy: '2027-05-29', recordedBy: { name: 'Casey Worker' } }, 'Morgan Example', ['OPCC-2026-000001']));
    expectEmailInWords(notNotifiedAlert({ personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001'], outcomes: 'email bounced, post failed' }));
    for (const channel of CHANNELS) {
      expectEmailInWords(safeguardingConcernEmail({ personName: 'Morgan Example', caseRefs: [], underStrategy: true, channel: channel.value, occurredAt: '2027-05-01T10:00:00.000Z', checkedBy: { name: 'Robin Reader' }, notes: 'Mentions self-harm.' }));
    }
  });

  it('the letter emails, for every kind of letter', () => {
    for (const kind of LETTER_KINDS) {
      const letter = { kind, strategyId: kind === 'WARNING' ? undefined : ID, personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001'] };
      expectEmailInWords(letterDidNotReach(letter, { event: 'BOUNCE', detail: 'Permanent bounce, General' }));
      expectEmailInWords(letterFailedEveryRoute(letter, 'the address could not be printed'));
    }
  });

  it('the incident and still-waiting emails', () => {
    for (const channel of CHANNELS) {
      const i = { ...incident, channel: channel.value };
      for (const e of [incidentAwaitingLineManager(i), incidentAwaitingHeadOfAssurance(i, 'Offered support.'), writtenThreatOrAbuse(i)]) expectEmailInWords(e);
    }
    const w = { what: 'An incident (cases OPCC-2026-000001)', personName: 'Morgan Example', since: '2027-05-01', waitingFor: 'a line manager', recordAt: 'Incident queue, Waiting for a line manager' };
    expectEmailInWords(stillWaiting(w, false));
    expectEmailInWords(stillWaiting(w, true));
  });

  it('the forwarded inbound email: its first line words the decision, the header keeps the code', () => {
    for (const decision of DECISIONS) {
      for (const senderUnverified of [false, true]) {
        const plan = forwardPlan({ decision, reasons: ['A contact strategy is in force.'], contactId: ID, spoc: { staffId: ID2, staffName: 'Sam Spoc' }, potentialBreach: false, from: 'morgan@example.org', senderUnverified, subject: 'My complaint' });
        if (plan.forward) {
          expectInWords(plan.firstLine);
          expect(plan.headers['X-Contact-Decision']).toBe(decision);
        } else expectInWords(plan.reason);
      }
    }
  });
});
