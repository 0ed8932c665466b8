import { describe, expect, it } from 'vitest';
import { occurredAtErrors } from '../../lib/domain/breach.js';
import { FUTURE_TOLERANCE_MS, notInFuture } from '../../lib/domain/not-in-future.js';
import { referralDateErrors } from '../../lib/domain/records.js';

/** One rule for every instant recorded as having happened: contacts, incidents, police reports, breaches, screened contacts. */
describe('not in the future', () => {
  const now = new Date('2026-11-28T12:00:00.000Z');
  const ahead = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('allows five minutes of clock skew between devices, and no more', () => {
    expect(FUTURE_TOLERANCE_MS).toBe(5 * 60 * 1000);
    expect(notInFuture('at', ahead(FUTURE_TOLERANCE_MS), now)).toEqual([]);
    expect(notInFuture('at', ahead(FUTURE_TOLERANCE_MS + 1), now)).toEqual([{ path: 'at', message: 'must not be in the future' }]);
  });

  it('accepts the past and now, in any ISO offset', () => {
    expect(notInFuture('at', '2026-11-28T12:00:00.000Z', now)).toEqual([]);
    expect(notInFuture('at', '2026-11-28T13:04:00+01:00', now)).toEqual([]);
    expect(notInFuture('at', '2020-01-01T00:00:00Z', now)).toEqual([]);
  });

  it('is the rule breaches and police reports follow too', () => {
    for (const ms of [0, FUTURE_TOLERANCE_MS, FUTURE_TOLERANCE_MS + 1, 60 * 60 * 1000]) {
      expect(occurredAtErrors(ahead(ms), now)).toEqual(notInFuture('occurredAt', ahead(ms), now));
      expect(referralDateErrors(ahead(ms), '2026-11-28T10:00:00.000Z', now)).toEqual(notInFuture('reportedAt', ahead(ms), now));
    }
  });
});
