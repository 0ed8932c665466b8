import { describe, expect, it } from 'vitest';
import { ukMonthOf } from '../../lib/domain/calendar.js';
import {
  figuresRange,
  MONTH_MESSAGE,
  governanceFigures,
  incidentTally,
  MAX_FIGURES_MONTHS,
  monthsBetween,
  NOT_NOTIFIED_TALLY,
  POLICE_REFERRAL_TALLY,
  putInForceTally,
  reviewTally,
  type Tally,
} from '../../lib/domain/governance.js';
import { RESTRICTION_TYPES } from '../../lib/schemas/vocabulary.js';
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';

const tallies = (entries: Record<string, Tally>) => new Map(Object.entries(entries));

describe('the governance month of an event (UK time)', () => {
  it('puts 23:30 UTC on 31 March, after the clocks went forward, in April', () => {
    expect(ukMonthOf('2026-03-31T23:30:00Z')).toBe('2026-04');
    expect(ukMonthOf('2026-03-31T22:59:59Z')).toBe('2026-03');
  });

  it('puts 23:30 UTC on 31 October, after the clocks went back, in October still', () => {
    expect(ukMonthOf('2026-10-31T23:30:00Z')).toBe('2026-10');
    expect(ukMonthOf('2026-11-01T00:00:00Z')).toBe('2026-11');
  });

  it('puts 23:30 UTC on 31 January (GMT) in January', () => {
    expect(ukMonthOf('2026-01-31T23:30:00Z')).toBe('2026-01');
  });
});

describe('the months asked for', () => {
  it('are every month from `from` to `to`, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });

  it('default to the twelve months ending with the current UK month', () => {
    expect(figuresRange({}, '2026-04')).toEqual({ from: '2025-05', to: '2026-04' });
    expect(figuresRange({ to: '2026-02' }, '2026-04')).toEqual({ from: '2025-03', to: '2026-02' });
    expect(figuresRange({ from: '2026-01' }, '2026-04')).toEqual({ from: '2026-01', to: '2026-04' });
  });

  it('refuse a month not written YYYY-MM, naming each parameter', () => {
    expect(figuresRange({ from: '2026-13', to: 'April' }, '2026-04')).toEqual({
      errors: [
        { path: 'query.from', message: MONTH_MESSAGE },
        { path: 'query.to', message: MONTH_MESSAGE },
      ],
    });
    expect(figuresRange({ from: '2026-4' }, '2026-04')).toMatchObject({ errors: [{ path: 'query.from' }] });
  });

  it('refuse `from` after `to`', () => {
    expect(figuresRange({ from: '2026-05', to: '2026-04' }, '2026-04')).toMatchObject({ errors: [{ path: 'query.from' }] });
  });

  it('refuse a month before 2000-01 or after 2099-12, which the month arithmetic cannot step through', () => {
    for (const m of ['1999-12', '0000-01', '2100-01', '9999-12']) {
      expect(figuresRange({ to: m }, '2026-04'), m).toEqual({ errors: [{ path: 'query.to', message: MONTH_MESSAGE }] });
      expect(figuresRange({ from: m, to: '2026-04' }, '2026-04'), m).toEqual({ errors: [{ path: 'query.from', message: MONTH_MESSAGE }] });
    }
    expect(figuresRange({ from: '2000-01', to: '2000-12' }, '2026-04')).toEqual({ from: '2000-01', to: '2000-12' });
    expect(figuresRange({ from: '2099-01', to: '2099-12' }, '2026-04')).toEqual({ from: '2099-01', to: '2099-12' });
  });

  it(`refuse a range longer than ${MAX_FIGURES_MONTHS} months, and allow exactly that many`, () => {
    expect(figuresRange({ from: '2023-05', to: '2026-04' }, '2026-04')).toEqual({ from: '2023-05', to: '2026-04' });
    expect(figuresRange({ from: '2023-04', to: '2026-04' }, '2026-04')).toMatchObject({ errors: [{ path: 'query.to' }] });
    // Without `to`, the parameter given is the one named.
    expect(figuresRange({ from: '2020-01' }, '2026-04')).toMatchObject({ errors: [{ path: 'query.from' }] });
  });
});

describe('what each event counts', () => {
  it('a strategy put in force: one more in force, and one under each restriction type it uses', () => {
    expect(putInForceTally(['TELEPHONE_LIMIT', 'RECORD_CALLS', 'TELEPHONE_LIMIT'])).toEqual({
      inForceChange: 1,
      'strategiesPutInForce:TELEPHONE_LIMIT': 1,
      'strategiesPutInForce:RECORD_CALLS': 1,
    });
  });

  it('a review decided on or before its review date (UK date) is on time; after it is late', () => {
    // 23:30 UTC on 1 June is 2 June in the UK.
    expect(reviewTally({ outcome: 'EXTEND', decidedAt: '2026-06-01T22:59:00Z', reviewDate: '2026-06-01', breachAdjustment: false })).toEqual({ reviewsDecided: 1, reviewsOnTime: 1, inForceChange: 0 });
    expect(reviewTally({ outcome: 'EXTEND', decidedAt: '2026-06-01T23:30:00Z', reviewDate: '2026-06-01', breachAdjustment: false })).toEqual({ reviewsDecided: 1, reviewsOnTime: 0, inForceChange: 0 });
  });

  it('a review that ends the strategy takes it out of force; a variation keeps it in force and is not counted as put in force', () => {
    expect(reviewTally({ outcome: 'END', decidedAt: '2026-05-01T10:00:00Z', reviewDate: '2026-06-01', breachAdjustment: false })).toEqual({ reviewsDecided: 1, reviewsOnTime: 1, inForceChange: -1 });
    const vary = reviewTally({ outcome: 'VARY', decidedAt: '2026-05-01T10:00:00Z', reviewDate: '2026-06-01', breachAdjustment: false });
    expect(vary.inForceChange).toBe(0);
    expect(Object.keys(vary).some((k) => k.startsWith('strategiesPutInForce'))).toBe(false);
  });

  it('a breach adjustment is not a review: it counts nothing', () => {
    expect(reviewTally({ outcome: 'VARY', decidedAt: '2026-05-01T10:00:00Z', reviewDate: '2026-06-01', breachAdjustment: true })).toEqual({});
  });

  it('an appeal that varies or ends a strategy is an appeal outcome, not a review; ending it takes the strategy out of force', () => {
    expect(reviewTally({ outcome: 'END', decidedAt: '2026-05-01T10:00:00Z', reviewDate: '2026-06-01', breachAdjustment: false, appeal: true })).toEqual({ inForceChange: -1 });
    expect(reviewTally({ outcome: 'VARY', decidedAt: '2026-05-01T10:00:00Z', reviewDate: '2026-06-01', breachAdjustment: false, appeal: true })).toEqual({ inForceChange: 0 });
  });

  it('an incident counts once under each behaviour named', () => {
    expect(incidentTally(['STALKING', 'VERBAL_OR_WRITTEN_ABUSE'])).toEqual({ 'incidentsByBehaviour:STALKING': 1, 'incidentsByBehaviour:VERBAL_OR_WRITTEN_ABUSE': 1 });
    expect(POLICE_REFERRAL_TALLY).toEqual({ policeReferrals: 1 });
    expect(NOT_NOTIFIED_TALLY).toEqual({ notNotified: 1 });
  });
});

describe('the governance figures per month', () => {
  it('lists every month asked for, zero-filled where nothing happened, with every restriction type, behaviour and appeal outcome', () => {
    const { months } = governanceFigures({ from: '2026-01', to: '2026-03', tallies: new Map() });
    expect(months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    const empty = months[1]!;
    expect(Object.keys(empty.strategiesPutInForce).sort()).toEqual([...RESTRICTION_TYPES].sort());
    expect(Object.values(empty.strategiesPutInForce).every((n) => n === 0)).toBe(true);
    expect(Object.keys(empty.incidentsByBehaviour).sort()).toEqual(BEHAVIOURS.map((b) => b.code).sort());
    expect(empty).toMatchObject({
      inForceAtMonthEnd: 0,
      reviewsDecided: 0,
      reviewsOnTime: 0,
      warningsSent: 0,
      strategiesAfterWarning: 0,
      appealsReceived: 0,
      appealOutcomes: { UPHELD: 0, VARIED: 0, ENDED: 0 },
      appealsOverdue: 0,
      policeReferrals: 0,
      unansweredLogged: 0,
      unansweredCheckedInTime: 0,
      notNotified: 0,
      outsideRemit: 0,
      disposals: 0,
      lettersReturned: 0,
      lettersFailed: 0,
    });
  });

  it('counts in force at each month end as the running sum of every month before, including months before the range', () => {
    const { months } = governanceFigures({
      from: '2026-02',
      to: '2026-05',
      tallies: tallies({
        '2025-06': { inForceChange: 3 },
        '2026-01': { inForceChange: -1 },
        '2026-03': { inForceChange: 2, 'strategiesPutInForce:NO_TELEPHONE': 2 },
        '2026-05': { inForceChange: -3, reviewsDecided: 3, reviewsOnTime: 2 },
      }),
    });
    expect(months.map((m) => [m.month, m.inForceAtMonthEnd])).toEqual([
      ['2026-02', 2],
      ['2026-03', 4],
      ['2026-04', 4],
      ['2026-05', 1],
    ]);
    expect(months[1]!.strategiesPutInForce.NO_TELEPHONE).toBe(2);
    expect(months[3]).toMatchObject({ reviewsDecided: 3, reviewsOnTime: 2 });
  });

  it('reads each figure and breakdown from its counter', () => {
    const [m] = governanceFigures({
      from: '2026-04',
      to: '2026-04',
      tallies: tallies({
        '2026-04': {
          warningsSent: 4,
          strategiesAfterWarning: 1,
          appealsReceived: 3,
          'appealOutcomes:UPHELD': 1,
          'appealOutcomes:ENDED': 1,
          'incidentsByBehaviour:STALKING': 2,
          policeReferrals: 2,
          unansweredLogged: 9,
          unansweredCheckedInTime: 7,
          notNotified: 1,
          outsideRemit: 2,
          disposals: 2,
          lettersReturned: 2,
          lettersFailed: 3,
        },
      }),
    }).months;
    expect(m).toMatchObject({
      warningsSent: 4,
      strategiesAfterWarning: 1,
      appealsReceived: 3,
      appealOutcomes: { UPHELD: 1, VARIED: 0, ENDED: 1 },
      policeReferrals: 2,
      unansweredLogged: 9,
      unansweredCheckedInTime: 7,
      notNotified: 1,
      outsideRemit: 2,
      disposals: 2,
      lettersReturned: 2,
      lettersFailed: 3,
    });
    expect(m!.incidentsByBehaviour.STALKING).toBe(2);
    expect(m!.incidentsByBehaviour.VERBAL_OR_WRITTEN_ABUSE).toBe(0);
  });

  it('counts appeals overdue as those decided late plus those received that month still undecided past the limit', () => {
    const { months } = governanceFigures({
      from: '2026-03',
      to: '2026-04',
      tallies: tallies({ '2026-03': { appealsDecidedLate: 1 } }),
      undecidedOverdueAppeals: { '2026-03': 2, '2026-04': 1 },
    });
    expect(months.map((m) => m.appealsOverdue)).toEqual([3, 1]);
  });
});
