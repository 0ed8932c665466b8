import { describe, expect, it } from 'vitest';
import { personFlags } from '../../lib/domain/records.js';
import { mayCopy } from '../../lib/domain/strategy-copy.js';

const now = new Date('2026-11-28T12:00:00.000Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('the repeated-terminated-calls prompt (policy 1.3: repeated instances may lead to telephone contact being disallowed)', () => {
  it('prompts once the calls terminated after a warning in the last 90 days reach the setting', () => {
    expect(personFlags({ terminatedCallTimes: [daysAgo(1), daysAgo(89)], noTelephoneInForce: false, prompt: 2, now })).toEqual(['REPEATED_TERMINATED_CALLS']);
    expect(personFlags({ terminatedCallTimes: [daysAgo(1)], noTelephoneInForce: false, prompt: 2, now })).toEqual([]);
    expect(personFlags({ terminatedCallTimes: [daysAgo(1)], noTelephoneInForce: false, prompt: 1, now })).toEqual(['REPEATED_TERMINATED_CALLS']);
  });

  it('does not count calls older than 90 days', () => {
    expect(personFlags({ terminatedCallTimes: [daysAgo(1), daysAgo(91)], noTelephoneInForce: false, prompt: 2, now })).toEqual([]);
  });

  it('does not prompt when telephone contact is already disallowed (NO_TELEPHONE in force)', () => {
    expect(personFlags({ terminatedCallTimes: [daysAgo(1), daysAgo(2), daysAgo(3)], noTelephoneInForce: true, prompt: 2, now })).toEqual([]);
  });
});

describe('copying a strategy into a new draft', () => {
  it('copies only a strategy that is not in force and will not be', () => {
    for (const s of ['REJECTED', 'ENDED', 'NOT_NOTIFIED']) expect(mayCopy(s)).toBe(true);
    for (const s of ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACTIVE', 'REVIEW_DUE']) expect(mayCopy(s)).toBe(false);
  });
});
