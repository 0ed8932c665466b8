import { describe, expect, it } from 'vitest';
import { failureWords, letterFields } from '../../lib/domain/letter-events.js';
import { TIMELINE_WORDS } from '../../lib/domain/timeline-words.js';
import { deliveryKeyOf, letterFitsStatus } from '../../lib/domain/letter-routes.js';

describe('deliveryKeyOf: when two deliveries are the same one', () => {
  it('a strategy is implemented once, so its IMPLEMENTED letter is one delivery however often it is requested', () => {
    expect(deliveryKeyOf('IMPLEMENTED', 'submitted-v2')).toBe('IMPLEMENTED');
    expect(deliveryKeyOf('IMPLEMENTED', 'approved-v3')).toBe('IMPLEMENTED');
  });

  it('an outcome letter is one delivery per request', () => {
    expect(deliveryKeyOf('EXTENDED', 'review-v5')).toBe('EXTENDED#review-v5');
    expect(deliveryKeyOf('VARIED', 'breach-B1')).toBe('VARIED#breach-B1');
  });
});

describe('letterFitsStatus: which letters may be written about a strategy', () => {
  it('an IMPLEMENTED letter only about a strategy approved or in force', () => {
    expect(letterFitsStatus('IMPLEMENTED', 'APPROVED')).toBe(true);
    expect(letterFitsStatus('IMPLEMENTED', 'ACTIVE')).toBe(true);
    for (const status of ['DRAFT', 'PENDING_APPROVAL', 'REJECTED', 'REVIEW_DUE', 'ENDED'] as const) expect(letterFitsStatus('IMPLEMENTED', status)).toBe(false);
  });

  it('an outcome letter about whatever the outcome left', () => {
    expect(letterFitsStatus('ENDED', 'ENDED')).toBe(true);
    expect(letterFitsStatus('VARIED', 'ACTIVE')).toBe(true);
  });
});

describe('what the timeline says about a letter', () => {
  const letter = { kind: 'IMPLEMENTED' as const, subject: 'How you can contact us from now on' };
  const words = (l: Parameters<typeof letterFields>[0]) => TIMELINE_WORDS.LETTER(letterFields(l));

  it('one entry per status, naming the kind by its label, the status as every page words it, and the subject', () => {
    expect(words({ ...letter, channel: 'EMAIL', status: 'SENT' })).toBe('Letter “Strategy put in place”: emailed: How you can contact us from now on');
    expect(words({ ...letter, channel: 'POST', status: 'QUEUED' })).toBe('Letter “Strategy put in place”: being prepared for post: How you can contact us from now on');
    expect(words({ ...letter, channel: 'POST', status: 'DISPATCHED' })).toBe('Letter “Strategy put in place”: posted: How you can contact us from now on');
    expect(words({ ...letter, channel: 'EMAIL', status: 'BOUNCED' })).toBe('Letter “Strategy put in place”: not delivered: How you can contact us from now on');
    expect(words({ ...letter, channel: 'EMAIL', status: 'COMPLAINED' })).toBe('Letter “Strategy put in place”: reported as unwanted: How you can contact us from now on');
  });

  it('a failed letter says by which route, why, and that it needs sending by hand', () => {
    expect(words({ ...letter, channel: 'POST', status: 'FAILED', failure: { error: 'States.Timeout' } })).toBe(
      'Letter “Strategy put in place”: could not be sent by post (the sending step took too long); it needs sending by hand: How you can contact us from now on',
    );
    expect(words({ ...letter, channel: 'EMAIL', status: 'FAILED' })).toContain('(no reason was recorded)');
  });

  it("a failure's error name is worded, never shown: time, a busy or refusing service, or a technical failure", () => {
    expect(failureWords({ error: 'TooManyRequestsException' })).toBe('the sending service was busy or unavailable');
    expect(failureWords({ error: 'MessageRejected' })).toBe('the sending service refused it');
    expect(failureWords({ error: 'PrintProviderRefused' })).toBe('the sending service refused it');
    expect(failureWords({ error: 'Lambda.ServiceException' })).toBe('a technical failure while sending it');
    expect(failureWords({ error: 'PrintProviderFailed', reason: 'validation-failed' })).toBe('the print and post service found the PDF did not meet its letter specification');
  });

  it('a route the person does not have is recorded, saying which', () => {
    expect(TIMELINE_WORDS.LETTER_NOT_SENT({ letterKind: 'ENDED', channel: 'POST' })).toBe('The person has no postal address on record, so the letter “Restrictions lifted” was not sent by post.');
    expect(TIMELINE_WORDS.LETTER_NOT_SENT({ letterKind: 'ENDED', channel: 'EMAIL' })).toBe('The person has no email address on record, so the letter “Restrictions lifted” was not sent by email.');
    expect(TIMELINE_WORDS.LETTER_NOT_SENT({ letterKind: 'ENDED', channel: 'EMAIL', undeliverable: true })).toBe(
      'The person has no email address that letters have not bounced from on record, so the letter “Restrictions lifted” was not sent by email.',
    );
  });
});
