import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, isWorkingDay } from '../../lib/domain/calendar.js';
import { chaseOn, chasesDue, escalateToSomOn, waitingSinceAtLatest, type ChasePeriod } from '../../lib/domain/chasers.js';

const working: ChasePeriod = { days: 3, counted: 'working' };
const calendar: ChasePeriod = { days: 20, counted: 'calendar' };

const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2025-01-01', n));
const period = fc.record({ days: fc.integer({ min: 1, max: 30 }), counted: fc.constantFrom('working' as const, 'calendar' as const) });

describe('working days', () => {
  it('skip weekends: three working days after a Friday is the Wednesday', () => {
    expect(addWorkingDays('2026-12-04', 3)).toBe('2026-12-09');
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
  });
  it('always land on a working day, and n+1 lands after n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (d, n) => {
        expect(isWorkingDay(addWorkingDays(d, n))).toBe(true);
        expect(addWorkingDays(d, n + 1) > addWorkingDays(d, n)).toBe(true);
      }),
    );
  });
});

describe('what waits is chased, then brought to the Statutory Operations Manager', () => {
  it('an incident queued on a Monday is chased on Thursday and escalated the Wednesday after', () => {
    expect(chaseOn('2026-12-07', working)).toBe('2026-12-10');
    expect(escalateToSomOn('2026-12-07', working)).toBe('2026-12-15');
    expect(chasesDue({ since: '2026-12-07' }, '2026-12-09', working)).toEqual([]);
    expect(chasesDue({ since: '2026-12-07' }, '2026-12-10', working)).toEqual(['CHASE']);
    expect(chasesDue({ since: '2026-12-07', chasedAt: 'x' }, '2026-12-14', working)).toEqual([]);
    expect(chasesDue({ since: '2026-12-07', chasedAt: 'x' }, '2026-12-15', working)).toEqual(['ESCALATE_TO_SOM']);
  });
  it('an appeal counts calendar days from its receipt', () => {
    expect(chaseOn('2026-12-01', calendar)).toBe('2026-12-21');
    expect(escalateToSomOn('2026-12-01', calendar)).toBe('2027-01-10');
  });

  it('each step is due at most once, never before its day, and a missed run catches up in order', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), period, fc.boolean(), fc.boolean(), (since, after, p, chased, escalated) => {
        const today = addDays(since, after);
        const due = chasesDue({ since, ...(chased ? { chasedAt: 'sent' } : {}), ...(escalated ? { escalatedToSomAt: 'sent' } : {}) }, today, p);
        expect(due.includes('CHASE')).toBe(!chased && today >= chaseOn(since, p));
        expect(due.includes('ESCALATE_TO_SOM')).toBe(!escalated && today >= escalateToSomOn(since, p));
        if (due.length === 2) expect(due).toEqual(['CHASE', 'ESCALATE_TO_SOM']);
        // What a run sent is not due again on any later day.
        const later = chasesDue({ since, chasedAt: 'sent', escalatedToSomAt: 'sent' }, addDays(today, 1), p);
        expect(later).toEqual([]);
      }),
    );
  });

  it('the sweep reads far enough back: anything due today began to wait on or before the bound', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), period, (since, after, p) => {
        const today = addDays(since, after);
        if (chasesDue({ since }, today, p).length > 0) expect(since <= waitingSinceAtLatest(today, p)).toBe(true);
      }),
    );
  });
});
