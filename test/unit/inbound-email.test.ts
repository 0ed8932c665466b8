import { describe, expect, it } from 'vitest';
import { caseReferenceIn, forwardedText, forwardPlan, LOGGED_PREFIX, senderVerified, summaryOf, type ScreenedEmail } from '../../lib/domain/inbound-email.js';

const screened = (over: Partial<ScreenedEmail> = {}): ScreenedEmail => ({
  decision: 'PROCEED',
  reasons: [],
  contactId: 'C1',
  potentialBreach: false,
  from: 'pat@example.com',
  senderUnverified: false,
  subject: 'A question',
  ...over,
});

describe('inbound email: who the sender is', () => {
  it('trusts the From address only when SES says SPF or DKIM passed', () => {
    expect(senderVerified({ spf: 'PASS', dkim: 'FAIL' })).toBe(true);
    expect(senderVerified({ spf: 'FAIL', dkim: 'PASS' })).toBe(true);
    expect(senderVerified({ spf: 'GRAY', dkim: 'PROCESSING_FAILED' })).toBe(false);
    expect(senderVerified({})).toBe(false);
  });
});

describe('inbound email: the case a subject names', () => {
  it('finds a case reference anywhere in the subject, whatever its case', () => {
    expect(caseReferenceIn('Re: opcc-2026-000123 my complaint')).toBe('OPCC-2026-000123');
    expect(caseReferenceIn('About OPCC-2026-12 (short)')).toBeUndefined();
    expect(caseReferenceIn(undefined)).toBeUndefined();
  });

  it('records the subject as the summary, without control characters, at most 300 characters', () => {
    expect(summaryOf('Hello\u0007 \u202Eworld')).toBe('Hello world');
    expect(summaryOf('')).toBe('Inbound email (no subject)');
    expect(summaryOf('x'.repeat(400))).toHaveLength(300);
  });
});

describe('inbound email: what is forwarded to the office mailbox', () => {
  it('forwards PROCEED with the decision and contact id in headers and a first line naming the sender', () => {
    const plan = forwardPlan(screened());
    expect(plan).toMatchObject({ forward: true, subject: 'A question', headers: { 'X-Contact-Decision': 'PROCEED', 'X-Contact-Id': 'C1' } });
    if (plan.forward) expect(plan.firstLine).toMatch(/^From pat@example\.com\. Screened PROCEED: No contact strategy is in force\./);
  });

  it('forwards PROCEED_VIA_SPOC naming the single point of contact in a header and the first line', () => {
    const plan = forwardPlan(screened({ decision: 'PROCEED_VIA_SPOC', reasons: ['Route to the single point of contact.'], spoc: { staffId: 'S1', staffName: 'Jo Officer' } }));
    expect(plan).toMatchObject({ forward: true, headers: { 'X-Contact-Spoc': 'Jo Officer (S1)' } });
    if (plan.forward) expect(plan.firstLine).toContain('Single point of contact: Jo Officer');
  });

  it.each(['LOG_ONLY', 'REFUSE'] as const)('forwards %s with the subject prefixed and the reason in the first line', (decision) => {
    const plan = forwardPlan(screened({ decision, reasons: ['Same matter as a concluded case.'] }));
    expect(plan).toMatchObject({ forward: true, subject: `${LOGGED_PREFIX} A question` });
    if (plan.forward) expect(plan.firstLine).toBe(`Logged – do not reply. From pat@example.com. Screened ${decision}: Same matter as a concluded case.`);
  });

  it.each(['CHANNEL_BLOCKED', 'LIMIT_REACHED'] as const)('does not forward %s', (decision) => {
    expect(forwardPlan(screened({ decision, potentialBreach: true })).forward).toBe(false);
  });

  it('says when the sender was not verified, in the first line and a header', () => {
    const plan = forwardPlan(screened({ senderUnverified: true }));
    expect(plan).toMatchObject({ forward: true, headers: { 'X-Contact-Sender-Unverified': 'true' } });
    if (plan.forward) expect(plan.firstLine).toMatch(/sender not verified/);
  });

  it('puts the first line above the original text', () => {
    expect(forwardedText('First.', 'Body')).toBe('First.\n\nBody');
    expect(forwardedText('First.', undefined)).toMatch(/no text part/);
  });
});
