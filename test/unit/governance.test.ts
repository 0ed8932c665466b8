import { describe, expect, it } from 'vitest';
import { governanceFigures, incidentsByMonth, lastMonths, reportingWindow, reviewTimeliness } from '../../lib/domain/governance.js';

const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY).toISOString();

describe('the "on time" review figure', () => {
  it('counts a review decided before its date (from ACTIVE) as on time', () => {
    expect(reviewTimeliness([{ at: '2026-05-01T10:00:00Z', event: 'EXTENDED', fromStatus: 'ACTIVE' }], 7)).toEqual({ onTime: 1, late: 0, outcomes: { EXTENDED: 1 } });
  });

  it('counts a review decided within the escalation window of becoming due as on time, and later as late', () => {
    const due = '2026-05-01T06:00:00.000Z';
    const within = [{ at: due, event: 'REVIEW_DUE' }, { at: at(due, 7), event: 'VARIED', fromStatus: 'REVIEW_DUE' }];
    const after = [{ at: due, event: 'REVIEW_DUE' }, { at: at(due, 7.01), event: 'ENDED', fromStatus: 'REVIEW_DUE' }];
    expect(reviewTimeliness(within, 7)).toEqual({ onTime: 1, late: 0, outcomes: { VARIED: 1 } });
    expect(reviewTimeliness(after, 7)).toEqual({ onTime: 0, late: 1, outcomes: { ENDED: 1 } });
  });

  it('reads the history in time order, and counts each review against its own due date', () => {
    const history = [
      { at: '2027-06-20T00:00:00.000Z', event: 'EXTENDED', fromStatus: 'REVIEW_DUE' },
      { at: '2026-05-01T00:00:00.000Z', event: 'REVIEW_DUE' },
      { at: '2026-05-20T00:00:00.000Z', event: 'EXTENDED', fromStatus: 'REVIEW_DUE' },
      { at: '2027-06-01T00:00:00.000Z', event: 'REVIEW_DUE' },
    ];
    expect(reviewTimeliness(history, 7)).toEqual({ onTime: 0, late: 2, outcomes: { EXTENDED: 2 } });
  });

  it('ignores what is not a review: an ENDED from anything but ACTIVE or REVIEW_DUE, other events', () => {
    const history = [
      { at: '2026-05-01T00:00:00.000Z', event: 'ACTIVATED', fromStatus: 'APPROVED' },
      { at: '2026-05-02T00:00:00.000Z', event: 'ENDED', fromStatus: 'APPROVED' },
      { at: '2026-05-03T00:00:00.000Z' },
    ];
    expect(reviewTimeliness(history, 7)).toEqual({ onTime: 0, late: 0, outcomes: {} });
  });
});

describe('the reporting window', () => {
  it('is the months ending with the current one in UK time, oldest first, counted from the first one\'s start', () => {
    expect(lastMonths(new Date('2026-03-15T12:00:00Z'), 3)).toEqual(['2026-01', '2026-02', '2026-03']);
    // 23:30 UTC on 31 May is already June in the UK (BST).
    expect(lastMonths(new Date('2026-05-31T23:30:00Z'), 2)).toEqual(['2026-05', '2026-06']);
    expect(reportingWindow(new Date('2026-01-10T00:00:00Z'), 2)).toEqual({ months: ['2025-12', '2026-01'], since: '2025-12-01T00:00:00.000Z' });
  });

  it('counts incidents per UK month and behaviour, and nothing outside the window', () => {
    const rows = incidentsByMonth(
      [
        { occurredAt: '2026-01-31T23:30:00.000Z', behaviours: ['STALKING', 'VERBAL_OR_WRITTEN_ABUSE'] },
        { occurredAt: '2026-02-01T10:00:00.000Z', behaviours: ['STALKING'] },
        { occurredAt: '2025-12-01T10:00:00.000Z', behaviours: ['STALKING'] },
      ],
      ['2026-01', '2026-02'],
    );
    expect(rows.map((r) => [r.month, r.incidents, r.counts.STALKING, r.counts.VERBAL_OR_WRITTEN_ABUSE])).toEqual([
      ['2026-01', 1, 1, 1],
      ['2026-02', 1, 1, 0],
    ]);
  });
});

describe('the governance figures', () => {
  it('counts strategies by status, restrictions in force by type, reviews and breach actions', () => {
    const figures = governanceFigures({
      generatedAt: new Date('2026-03-15T12:00:00.000Z'),
      window: { months: ['2026-03'], since: '2026-03-01T00:00:00.000Z' },
      strategiesByStatus: [
        { status: 'DRAFT', strategies: [{ restrictionTypes: ['NO_TELEPHONE'] }] },
        { status: 'ACTIVE', strategies: [{ restrictionTypes: ['NO_TELEPHONE', 'RECORD_CALLS'] }, { restrictionTypes: ['NO_TELEPHONE'] }] },
        { status: 'REVIEW_DUE', strategies: [{ restrictionTypes: ['RECORD_CALLS'] }] },
      ],
      reviewHistories: [[{ at: '2026-03-01T00:00:00.000Z', event: 'EXTENDED', fromStatus: 'ACTIVE' }], []],
      incidents: [{ occurredAt: '2026-03-02T00:00:00.000Z', behaviours: ['STALKING'] }],
      breachesByStatus: [
        { status: 'REPORTED', breaches: [{ actions: [] }] },
        { status: 'DECIDED', breaches: [{ actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'] }, { actions: ['LEGAL_ADVICE'] }] },
      ],
      reviewGraceDays: 7,
    });
    expect(figures).toMatchObject({
      generatedAt: '2026-03-15T12:00:00.000Z',
      since: '2026-03-01T00:00:00.000Z',
      strategiesByStatus: { DRAFT: 1, ACTIVE: 2, REVIEW_DUE: 1 },
      reviews: { decided: 1, onTime: 1, late: 0, outcomes: { EXTENDED: 1 } },
      breachesByStatus: { REPORTED: 1, DECIDED: 2 },
      breachActions: { LEGAL_ADVICE: 2, POLICE_REFERRAL: 1 },
    });
    // Only strategies in force count; every type is listed, in use or not.
    expect(figures.inForceByRestrictionType).toMatchObject({ NO_TELEPHONE: 2, RECORD_CALLS: 2, LOG_ONLY: 0 });
    expect(figures.incidentsByBehaviourByMonth).toEqual([expect.objectContaining({ month: '2026-03', incidents: 1 })]);
  });
});
