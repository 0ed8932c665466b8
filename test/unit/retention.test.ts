import { describe, expect, it } from 'vitest';
import { caseRetainUntil, unmatchedContactExpiry } from '../../lib/domain/retention.js';

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

  it('expires UNMATCHED_CONTACT_RETENTION_DAYS after it was screened (epoch seconds)', () => {
    expect(unmatchedContactExpiry({ matchedPeople: 0 }, screenedAt, 90)).toBe(epoch + 90 * DAY);
    expect(unmatchedContactExpiry({ matchedPeople: 0 }, screenedAt, 1)).toBe(epoch + DAY);
  });

  it('never expires a contact on someone\'s record: matched to a person, to several, or named against a case', () => {
    expect(unmatchedContactExpiry({ matchedPeople: 1 }, screenedAt, 90)).toBeUndefined();
    expect(unmatchedContactExpiry({ matchedPeople: 2 }, screenedAt, 90)).toBeUndefined();
    expect(unmatchedContactExpiry({ matchedPeople: 0, caseId: '01CASE' }, screenedAt, 90)).toBeUndefined();
  });
});
