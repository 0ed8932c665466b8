import { describe, expect, it } from 'vitest';
import { letterEventSummary, missingRouteSummary } from '../../lib/domain/letter-events.js';
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

  it('one entry per status, naming the kind and the subject', () => {
    expect(letterEventSummary({ ...letter, channel: 'EMAIL', status: 'SENT' })).toBe('IMPLEMENTED letter sent by email: How you can contact us from now on');
    expect(letterEventSummary({ ...letter, channel: 'POST', status: 'QUEUED' })).toBe('IMPLEMENTED letter queued for post: How you can contact us from now on');
    expect(letterEventSummary({ ...letter, channel: 'POST', status: 'DISPATCHED' })).toBe('IMPLEMENTED letter dispatched by post: How you can contact us from now on');
    expect(letterEventSummary({ ...letter, channel: 'EMAIL', status: 'BOUNCED' })).toBe('IMPLEMENTED letter sent by email bounced: How you can contact us from now on');
    expect(letterEventSummary({ ...letter, channel: 'EMAIL', status: 'COMPLAINED' })).toBe('IMPLEMENTED letter sent by email was marked as spam by the recipient: How you can contact us from now on');
  });

  it('a failed letter says by which route, why, and that it needs sending by hand', () => {
    expect(letterEventSummary({ ...letter, channel: 'POST', status: 'FAILED', failure: { error: 'States.Timeout' } })).toBe(
      'IMPLEMENTED letter could not be sent by post (States.Timeout); it needs sending by hand: How you can contact us from now on',
    );
    expect(letterEventSummary({ ...letter, channel: 'EMAIL', status: 'FAILED' })).toContain('(unknown error)');
  });

  it('a route the person does not have is recorded, saying which', () => {
    expect(missingRouteSummary('ENDED', 'POST')).toBe('The person has no postal address on record, so the ENDED letter was not sent by post.');
    expect(missingRouteSummary('ENDED', 'EMAIL')).toBe('The person has no email address on record, so the ENDED letter was not sent by email.');
    expect(missingRouteSummary('ENDED', 'EMAIL', true)).toBe('The person has no email address that letters have not bounced from on record, so the ENDED letter was not sent by email.');
  });
});
