import { describe, expect, it } from 'vitest';
import {
  breachReported,
  decisionEscalation,
  decisionReminder,
  decisionRequest,
  letterDidNotReach,
  noDecisionMade,
  reviewEscalation,
  reviewReminder,
  signedBy,
  textToHtml,
} from '../../lib/domain/staff-emails.js';
import { loadConfig, office } from '../../lib/config.js';

/** Every staff email names the service user and the cases, and says where in the console to act (tests/unit/words-to-staff.test.ts: no codes or ids). */
const submitted = { personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001', 'OPCC-2026-000002'], proposerName: 'Pat Proposer', restrictionTypes: ['NO_TELEPHONE', 'RECORD_CALLS'], reviewDate: '2027-06-01' };

describe('the emails that ask for and chase a decision (policy 1.5: consult the SOM first)', () => {
  it('asks for a decision with the facts and where to decide, and says nobody decides on their own proposal', () => {
    const { subject, text } = decisionRequest(submitted);
    expect(subject).toBe('Decision needed: contact strategy for Morgan Example');
    expect(text).toContain('A contact strategy for Morgan Example has been submitted and needs your decision.');
    expect(text).toContain(
      'Service user: Morgan Example\nCases: OPCC-2026-000001, OPCC-2026-000002\nProposed by: Pat Proposer\nRestrictions: No telephone contact; Record or monitor telephone calls\nProposed review date: Tuesday 1 June 2027',
    );
    expect(text).toContain('in the console (Manager inbox, Strategies awaiting decision)');
    expect(text).toContain('nobody may decide on a strategy they proposed');
  });

  it('reminds that the decision is still needed', () => {
    const { subject, text } = decisionReminder(submitted);
    expect(subject).toBe('Reminder: decision still needed on the contact strategy for Morgan Example');
    expect(text).toMatch(/^A contact strategy for Morgan Example is still waiting for your decision\./);
    expect(text).toContain('in the console (Manager inbox, Strategies awaiting decision)');
  });

  it('escalates, naming the proposer, and says when the proposer could not be emailed', () => {
    const emailed = decisionEscalation(submitted, true);
    expect(emailed.subject).toBe('Escalation: no decision yet on the contact strategy for Morgan Example');
    expect(emailed.text).toContain('escalated to the Statutory Operations Manager and the proposer, Pat Proposer.');
    expect(emailed.text).not.toContain('was not emailed');
    expect(decisionEscalation(submitted, false).text).toContain('(The proposer has no email address on record and was not emailed.)');
  });

  it('says no decision was made, that the person has not been told, and that a decision can still be recorded', () => {
    const { subject, text } = noDecisionMade(submitted);
    expect(subject).toBe('No decision was made on the contact strategy for Morgan Example');
    expect(text).toContain('It remains pending and the person has not been told of it. A decision can still be recorded');
    expect(text).toContain('Service user: Morgan Example\nCases: OPCC-2026-000001, OPCC-2026-000002');
  });
});

describe('the review emails', () => {
  const due = { personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001'], proposerName: 'Pat Proposer', reviewDate: '2027-06-01' };

  it('reminds of the review date in UK long form, the cases as a list, and where to record the outcome', () => {
    const { subject, text } = reviewReminder(due, '2027-05-20');
    expect(subject).toBe('Review due Tuesday 1 June 2027: contact strategy for Morgan Example');
    expect(text).toMatch(/^The contact strategy for Morgan Example is due for review on Tuesday 1 June 2027\.\n/);
    expect(text).toContain('Service user: Morgan Example\nProposed by: Pat Proposer\nCases:\n- OPCC-2026-000001');
    expect(text).toContain('Record the outcome in the console (Manager inbox, Reviews due and overdue).');
  });

  it('says when the review date has passed', () => {
    expect(reviewReminder(due, '2027-06-02').text).toContain('on Tuesday 1 June 2027 (that date has passed).');
    expect(reviewReminder(due, '2027-06-01').text).not.toContain('has passed');
  });

  it('escalates a review still undecided, saying how long and that the restrictions stay in force', () => {
    const { subject, text } = reviewEscalation(due, 7);
    expect(subject).toBe('Escalation: review of the contact strategy for Morgan Example is overdue');
    expect(text).toContain('was due on Tuesday 1 June 2027 and is still undecided 7 days later. The restrictions remain in force until it is decided.');
  });
});

describe('the breach email (policy 1.6: reported to the SOM)', () => {
  const breach = { reportedBy: { name: 'Casey Worker' }, occurredAt: '2027-05-01T10:00:00.000Z', description: 'Called 12 times.', contactIds: ['K1'], incidentIds: [] };

  it('names the person, when it happened, the cases and how many records it links, lists the options and where to decide', () => {
    const { subject, text } = breachReported(breach, 'Morgan Example', ['OPCC-2026-000001']);
    expect(subject).toBe('Breach reported: contact strategy for Morgan Example');
    expect(text).toContain('reported by Casey Worker. Policy 1.6: please decide what to do.');
    expect(text).toContain('Service user: Morgan Example\nOccurred: 1 May 2027, 11:00am\nCases: OPCC-2026-000001');
    expect(text).toContain('What happened:\nCalled 12 times.');
    expect(text).toContain('The report names 1 contact, listed with the breach.');
    expect(breachReported({ ...breach, contactIds: ['K1', 'K2'], incidentIds: ['I1'] }, 'Morgan Example', []).text).toContain('The report names 2 contacts and 1 incident, listed with the breach.');
    expect(text).toContain('Record the decision in the console (Manager inbox, Breaches awaiting decision).');
  });
});

describe('the email about a letter that reached the person by no route', () => {
  const letter = { kind: 'IMPLEMENTED', strategyId: 'S1', personName: 'Morgan Example', caseRefs: ['OPCC-2026-000001'] };

  it('says what happened, asks for another way to tell the person in writing, and names the person, the letter and the cases', () => {
    const { subject, text } = letterDidNotReach(letter, { event: 'BOUNCE', detail: 'Permanent bounce, General' });
    expect(subject).toBe('Action needed: the letter about the contact strategy for Morgan Example did not reach them');
    expect(text).toContain('The letter “Strategy put in place” about the contact strategy for Morgan Example could not be delivered (Permanent bounce, General), and there is no posted copy');
    expect(text).toContain('Policy 1.5 requires the person to be told in writing.');
    expect(text).toContain('Service user: Morgan Example\nLetter: Strategy put in place\nCases: OPCC-2026-000001');
    expect(letterDidNotReach({ ...letter, kind: 'WARNING', strategyId: undefined }, { event: 'BOUNCE', detail: 'x' }).subject).toBe('Action needed: the letter about the warning for Morgan Example did not reach them');
  });

  it('says when the person marked it as spam', () => {
    expect(letterDidNotReach(letter, { event: 'COMPLAINT', detail: 'complaint (abuse)' }).text).toContain('was marked as spam by the recipient (complaint (abuse))');
  });
});

describe('any office can deploy it (settings ORG_NAME, ORG_POSTAL_ADDRESS, POLICE_FORCE_NAME)', () => {
  const northshire = loadConfig({ ORG_NAME: 'Northshire OPFCC', ORG_POSTAL_ADDRESS: 'PO Box 123 | Northtown|NT1 2AB', POLICE_FORCE_NAME: 'Northshire Constabulary' });

  it('reads the office, its address (lines separated by |) and the police force from the settings', () => {
    expect(office(northshire)).toMatchObject({ name: 'Northshire OPFCC', postalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'], policeForce: 'Northshire Constabulary' });
    expect(office(loadConfig({}))).toMatchObject({ name: 'Office of the Police and Crime Commissioner for Humberside', postalAddress: [], policeForce: 'Humberside Police' });
    expect(() => loadConfig({ ORG_NAME: ' ' })).toThrow(/ORG_NAME/);
  });

  it('signs every staff email with the office from the settings, and names no other office', () => {
    const { subject, text } = signedBy(letterDidNotReach({ kind: 'IMPLEMENTED', strategyId: 'S1', personName: 'Morgan Example', caseRefs: ['C-1'] }, { event: 'BOUNCE', detail: 'x' }), office(northshire).name);
    expect(text.endsWith('\n\n--\nContact strategies, Northshire OPFCC')).toBe(true);
    expect(`${subject}${text}`).not.toMatch(/Humberside/i);
  });
});

describe('a staff email as HTML', () => {
  it('keeps the paragraphs and line breaks of the text, and escapes what it quotes', () => {
    expect(textToHtml('Breach <b>reported</b> by "Sam"\nline two\n\nNext & last')).toBe(
      '<!doctype html><html lang="en"><body><p>Breach &lt;b&gt;reported&lt;/b&gt; by &quot;Sam&quot;<br>line two</p>\n<p>Next &amp; last</p></body></html>',
    );
  });
});
