import { describe, expect, it } from 'vitest';
import {
  caseReferenceIn,
  forwardedText,
  forwardPlan,
  LOGGED_PREFIX,
  quarantineOf,
  sameMessageKey,
  senderVerified,
  summaryOf,
  UNVERIFIED_REASON,
  unverifiedOutcome,
  withholds,
  type ScreenedEmail,
} from '../../lib/domain/inbound-email.js';
import { DECISIONS, POTENTIAL_BREACH_REASON } from '../../lib/domain/screening.js';
import { decisionTitle } from '../../lib/domain/words.js';
import { localVerdicts } from '../../local/smtp.js';

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
  it('trusts the From address only when DMARC passed: SPF or DKIM alone prove nothing about the From header', () => {
    expect(senderVerified({ dmarc: 'PASS' })).toBe(true);
    expect(senderVerified({ dmarc: 'pass' })).toBe(true);
    for (const dmarc of ['FAIL', 'GRAY', 'PROCESSING_FAILED', undefined]) expect(senderVerified({ dmarc, spam: 'PASS', virus: 'PASS' })).toBe(false);
  });

  it('records an unverified email against nobody and never as a breach, but keeps the decision that withholds it', () => {
    const blocked = unverifiedOutcome({ decision: 'CHANNEL_BLOCKED', reasons: ['Email is blocked.', POTENTIAL_BREACH_REASON], strategyId: 'S1', potentialBreach: true });
    expect(blocked).toEqual({ decision: 'CHANNEL_BLOCKED', reasons: [UNVERIFIED_REASON, expect.stringMatching(/withheld the same way/), 'Email is blocked.'], potentialBreach: false });
    expect(blocked.strategyId).toBeUndefined();
    const open = unverifiedOutcome({ decision: 'PROCEED', reasons: ['No contact strategy is in force for this person.'], potentialBreach: false });
    expect(open).toEqual({ decision: 'PROCEED', reasons: [UNVERIFIED_REASON, 'No contact strategy is in force for this person.'], potentialBreach: false });
  });

  it('withholds exactly LOG_ONLY, REFUSE, CHANNEL_BLOCKED and LIMIT_REACHED', () => {
    expect(DECISIONS.filter(withholds)).toEqual(['LOG_ONLY', 'REFUSE', 'LIMIT_REACHED', 'CHANNEL_BLOCKED']);
  });
});

describe('inbound email: spam and viruses', () => {
  it('holds back a message whose spam or virus verdict is FAIL, naming a virus first', () => {
    expect(quarantineOf({ dmarc: 'PASS', spam: 'PASS', virus: 'PASS' })).toBeUndefined();
    expect(quarantineOf({ spam: 'GRAY', virus: 'PROCESSING_FAILED' })).toBeUndefined();
    expect(quarantineOf({ spam: 'FAIL' })).toBe('SPAM');
    expect(quarantineOf({ virus: 'fail' })).toBe('VIRUS');
    expect(quarantineOf({ spam: 'FAIL', virus: 'FAIL' })).toBe('VIRUS');
  });
});

describe('inbound email: the same message sent again', () => {
  const key = (from: string, messageId: string | undefined, verified = true) => sameMessageKey({ from, messageId, verified });

  it('is the same From address and the same Message-ID, case aside in the address', () => {
    expect(key('Pat@Example.com', '<dup-42@x>')).toBe(key('pat@example.com ', ' <dup-42@x>'));
  });

  it('is never another sender\'s message with the same Message-ID', () => {
    expect(key('throwaway@example.net', '<dup-42@x>')).not.toBe(key('blocked@example.com', '<dup-42@x>'));
    expect(key('pat@example.com', '<a@x>')).not.toBe(key('pat@example.com', '<b@x>'));
  });

  it('is never a forged copy standing in for a verified message, or the other way round', () => {
    expect(key('pat@example.com', '<dup-42@x>', false)).not.toBe(key('pat@example.com', '<dup-42@x>', true));
  });

  it('cannot be told without a Message-ID: each delivery is then a contact of its own', () => {
    expect(key('pat@example.com', undefined)).toBeUndefined();
    expect(key('pat@example.com', '  ')).toBeUndefined();
  });
});

describe('inbound email: the local SMTP server\'s verdicts', () => {
  it('takes every verdict as PASS unless X-Local-Verdicts names some as FAIL', () => {
    expect(localVerdicts('From: a@example.com\r\nSubject: hi')).toEqual({ dmarc: 'PASS', spam: 'PASS', virus: 'PASS' });
    expect(localVerdicts('From: a@example.com\r\nX-Local-Verdicts: dmarc=FAIL')).toEqual({ dmarc: 'FAIL', spam: 'PASS', virus: 'PASS' });
    expect(localVerdicts('x-local-verdicts: virus=fail;  SPAM=Fail\r\nSubject: x')).toEqual({ dmarc: 'PASS', spam: 'FAIL', virus: 'FAIL' });
    expect(localVerdicts('X-Local-Verdicts: dmarc=FAIL;\r\n spam=FAIL; virus=FAIL')).toEqual({ dmarc: 'FAIL', spam: 'FAIL', virus: 'FAIL' });
  });

  it('ignores anything else, including the old single-verdict header and the same words in another header', () => {
    expect(localVerdicts('X-Local-Ses-Verdict: FAIL\r\nSubject: dmarc=FAIL')).toEqual({ dmarc: 'PASS', spam: 'PASS', virus: 'PASS' });
    expect(localVerdicts('X-Local-Verdicts: dmarc=PASS; spf=FAIL; virus=maybe')).toEqual({ dmarc: 'PASS', spam: 'PASS', virus: 'PASS' });
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
    if (plan.forward) expect(plan.firstLine).toMatch(/^From pat@example\.com\. Screened “Proceed”: No contact strategy is in force\./);
  });

  it('forwards PROCEED_VIA_SPOC naming the single point of contact in a header and the first line', () => {
    const plan = forwardPlan(screened({ decision: 'PROCEED_VIA_SPOC', reasons: ['Route to the single point of contact.'], spoc: { staffId: 'S1', staffName: 'Jo Officer' } }));
    expect(plan).toMatchObject({ forward: true, headers: { 'X-Contact-Spoc': 'Jo Officer (S1)' } });
    if (plan.forward) expect(plan.firstLine).toContain('Single point of contact: Jo Officer');
  });

  it.each(['LOG_ONLY', 'REFUSE'] as const)('forwards %s with the subject prefixed and the reason in the first line', (decision) => {
    const plan = forwardPlan(screened({ decision, reasons: ['Same matter as a concluded case.'] }));
    expect(plan).toMatchObject({ forward: true, subject: `${LOGGED_PREFIX} A question` });
    if (plan.forward) expect(plan.firstLine).toBe(`Logged – do not reply. From pat@example.com. Screened “${decisionTitle(decision)}”: Same matter as a concluded case.`);
  });

  it.each(['CHANNEL_BLOCKED', 'LIMIT_REACHED'] as const)('does not forward %s', (decision) => {
    expect(forwardPlan(screened({ decision, potentialBreach: true })).forward).toBe(false);
  });

  it('says first of all when the sender could not be verified, in the first line and a header', () => {
    const plan = forwardPlan(screened({ senderUnverified: true }));
    expect(plan).toMatchObject({ forward: true, headers: { 'X-Contact-Sender-Unverified': 'true' } });
    if (plan.forward) expect(plan.firstLine).toMatch(/^The sender could not be verified\. From pat@example\.com/);
  });

  it('withholds an unverified email the way the claimed person\'s strategy would: not forwarded when blocked, prefixed when logged only', () => {
    expect(forwardPlan(screened({ senderUnverified: true, decision: 'CHANNEL_BLOCKED' })).forward).toBe(false);
    expect(forwardPlan(screened({ senderUnverified: true, decision: 'LIMIT_REACHED' })).forward).toBe(false);
    const logged = forwardPlan(screened({ senderUnverified: true, decision: 'REFUSE', reasons: [UNVERIFIED_REASON] }));
    expect(logged).toMatchObject({ forward: true, subject: `${LOGGED_PREFIX} A question`, headers: { 'X-Contact-Sender-Unverified': 'true', 'X-Contact-Decision': 'REFUSE' } });
    if (logged.forward) expect(logged.firstLine).toMatch(/could not be verified/);
  });

  it.each(['SPAM', 'VIRUS'] as const)('never forwards a message held back as %s, whatever the decision', (quarantined) => {
    for (const decision of DECISIONS) {
      expect(forwardPlan(screened({ decision, quarantined })).forward).toBe(false);
      expect(forwardPlan(screened({ decision, quarantined, senderUnverified: true })).forward).toBe(false);
    }
  });

  it('puts the first line above the original text', () => {
    expect(forwardedText('First.', 'Body')).toBe('First.\n\nBody');
    expect(forwardedText('First.', undefined)).toMatch(/no text part/);
  });
});

describe('inbound email: the markers recorded with the contact', () => {
  it('keys a delivery and a message apart, hashed: no address or Message-ID is stored in a key or an attribute', async () => {
    const { inboundEmailWrites, DELIVERY_WRITE, MESSAGE_WRITE } = await import('../../lib/store/inbound-email.js');
    const same = sameMessageKey({ from: 'pat@example.com', messageId: '<dup-42@x>', verified: true })!;
    const writes = inboundEmailWrites(
      { result: { decision: 'PROCEED', reasons: [], potentialBreach: false, contactId: 'C1' }, senderUnverified: false, deliveryId: 'ses-1', forwardOwed: true, recordedAt: '2027-01-04T10:00:00.000Z' },
      same,
    );
    expect(writes.map((w) => w.name)).toEqual([DELIVERY_WRITE, MESSAGE_WRITE]);
    const items = writes.map((w) => (w as { Put: { Item: Record<string, unknown>; ConditionExpression: string } }).Put);
    for (const put of items) expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(new Set(items.map((p) => p.Item.pk)).size).toBe(2);
    expect(JSON.stringify(items)).not.toMatch(/pat@example\.com|dup-42/);
    // Without a Message-ID, only the delivery is remembered.
    expect(inboundEmailWrites({ result: { decision: 'PROCEED', reasons: [], potentialBreach: false, contactId: 'C2' }, senderUnverified: true, deliveryId: 'ses-2', recordedAt: '2027-01-04T10:00:00.000Z' }, undefined)).toHaveLength(1);
  });
});
