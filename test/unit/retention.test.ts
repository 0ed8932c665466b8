import { describe, expect, it } from 'vitest';
import { caseRetainUntil, dueForDisposal, retentionIndexDate, unmatchedContactExpiry, type RetentionFacts } from '../../lib/domain/retention.js';

const DAY = 24 * 60 * 60;

describe('retention of concluded cases (UK GDPR storage limitation)', () => {
  it('is due for a disposal review the same day RETENTION_YEARS later', () => {
    expect(caseRetainUntil('2026-11-28', 6)).toBe('2032-11-28');
    expect(caseRetainUntil('2026-01-01', 1)).toBe('2027-01-01');
  });

  it('clamps 29 February to the end of February in a year that has none', () => {
    expect(caseRetainUntil('2028-02-29', 1)).toBe('2029-02-28');
    expect(caseRetainUntil('2028-02-29', 4)).toBe('2032-02-29');
  });
});

describe('retention of screened contacts that matched nobody', () => {
  const screenedAt = new Date('2026-11-28T10:00:00.500Z');
  const epoch = Math.floor(screenedAt.getTime() / 1000);

  it('expires UNMATCHED_CONTACT_DAYS after it was screened (epoch seconds)', () => {
    expect(unmatchedContactExpiry({ matchedPeople: 0 }, screenedAt, 90)).toBe(epoch + 90 * DAY);
    expect(unmatchedContactExpiry({ matchedPeople: 0 }, screenedAt, 1)).toBe(epoch + DAY);
  });

  it('never expires a contact on someone\'s record: matched to a person, to several, or named against a case', () => {
    expect(unmatchedContactExpiry({ matchedPeople: 1 }, screenedAt, 90)).toBeUndefined();
    expect(unmatchedContactExpiry({ matchedPeople: 2 }, screenedAt, 90)).toBeUndefined();
    expect(unmatchedContactExpiry({ matchedPeople: 0, caseId: '01CASE' }, screenedAt, 90)).toBeUndefined();
  });
});

describe('a person due for disposal', () => {
  const closed: RetentionFacts = {
    createdAt: '2020-03-01T10:00:00.000Z',
    cases: [{ status: 'CONCLUDED', concludedAt: '2020-06-01T10:00:00.000Z' }],
    strategies: [{ status: 'ENDED', endedAt: '2021-02-10T10:00:00.000Z', updatedAt: '2021-02-10T10:00:00.000Z' }],
    undecidedAppeals: 0,
    undecidedBreaches: 0,
    incidentsWaiting: 0,
  };

  it('is due RETENTION_YEARS after the later of their last case concluding and their last strategy ending', () => {
    expect(dueForDisposal(closed, '2027-02-10', 6)).toEqual({ due: true, dueSince: '2027-02-10' });
    expect(dueForDisposal(closed, '2027-02-09', 6)).toEqual({ due: false, why: 'NOT_YET', dueSince: '2027-02-10' });
  });

  it('who never had a case is due RETENTION_YEARS after they were put on record', () => {
    expect(dueForDisposal({ ...closed, cases: [], strategies: [] }, '2026-03-01', 6)).toEqual({ due: true, dueSince: '2026-03-01' });
  });

  it('is never due while anything of theirs is open', () => {
    const today = '2040-01-01';
    expect(dueForDisposal({ ...closed, cases: [{ status: 'OPEN' }] }, today, 6)).toEqual({ due: false, why: 'SOMETHING_OPEN' });
    for (const status of ['ACTIVE', 'REVIEW_DUE', 'APPROVED', 'PENDING_APPROVAL', 'NOT_NOTIFIED']) {
      expect(dueForDisposal({ ...closed, strategies: [{ status, updatedAt: '2020-01-01T00:00:00.000Z' }] }, today, 6).due).toBe(false);
    }
    expect(dueForDisposal({ ...closed, undecidedAppeals: 1 }, today, 6).due).toBe(false);
    expect(dueForDisposal({ ...closed, undecidedBreaches: 1 }, today, 6).due).toBe(false);
    expect(dueForDisposal({ ...closed, incidentsWaiting: 1 }, today, 6).due).toBe(false);
  });

  it('is never due under a legal hold', () => {
    expect(dueForDisposal({ ...closed, legalHold: { reason: 'Claim' } }, '2040-01-01', 6)).toEqual({ due: false, why: 'LEGAL_HOLD' });
  });

  it('counts a draft or rejected strategy from when it last changed', () => {
    const rejected = { ...closed, strategies: [{ status: 'REJECTED', updatedAt: '2022-05-05T10:00:00.000Z' }] };
    expect(dueForDisposal(rejected, '2028-05-05', 6)).toEqual({ due: true, dueSince: '2028-05-05' });
  });

  it('keeps in the index a date no later than the person can next be due', () => {
    expect(retentionIndexDate(new Date('2026-06-30T23:30:00.000Z'), 6)).toBe('2032-07-01');
  });
});
