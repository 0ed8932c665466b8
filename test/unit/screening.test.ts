import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, DECISIONS, periodKeysOf, screenContact, screenForEveryone, usableChannels, type ScreenInput, type ScreenSnapshot } from '../../lib/domain/screening.js';
import type { Restriction, StrategyInForce } from '../../lib/schemas/restrictions.js';
import { countCallWrites } from '../../lib/store/person-snapshot.js';

const AT = new Date('2026-11-28T10:15:00.000Z'); // a Saturday, UK winter time
const KEYS = periodKeysOf(AT);

function strategy(restrictions: Restriction[], over: Partial<StrategyInForce> = {}): StrategyInForce {
  return { strategyId: 'S1', status: 'ACTIVE', caseIds: ['C1', 'C2'], restrictions, reviewDate: '2027-05-01', ...over };
}
const snap = (inForce: StrategyInForce[], callCounts: Record<string, number> = {}): ScreenSnapshot => ({ inForce, callCounts });
const screen = (input: ScreenInput, s: ScreenSnapshot | undefined, at = AT) => screenContact(input, s, at);

describe('screening, rule by rule', () => {
  it('proceeds when no strategy is in force', () => {
    const out = screen({ channel: 'PHONE' }, snap([]));
    expect(out).toMatchObject({ decision: 'PROCEED', potentialBreach: false });
    expect(out.strategyId).toBeUndefined();
    expect(out.reasons[0]).toMatch(/No contact strategy is in force/);
  });

  it('proceeds when nobody on record matches', () => {
    expect(screen({ channel: 'EMAIL', from: 'x@example.com' }, undefined)).toMatchObject({ decision: 'PROCEED', potentialBreach: false });
  });

  it('ignores strategies that are not ACTIVE or REVIEW_DUE', () => {
    const ended = strategy([{ type: 'NO_TELEPHONE' }], { status: 'ENDED' as never });
    expect(screen({ channel: 'PHONE' }, snap([ended])).decision).toBe('PROCEED');
  });

  it('applies a strategy that is REVIEW_DUE as well as one that is ACTIVE', () => {
    const due = strategy([{ type: 'NO_TELEPHONE' }], { status: 'REVIEW_DUE' });
    expect(screen({ channel: 'PHONE' }, snap([due])).decision).toBe('CHANNEL_BLOCKED');
  });

  it('blocks a telephone call under NO_TELEPHONE as a potential breach, naming the usable channels', () => {
    const out = screen({ channel: 'PHONE' }, snap([strategy([{ type: 'NO_TELEPHONE' }])]));
    expect(out).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true, strategyId: 'S1' });
    expect(out.reasons[0]).toMatch(/Telephone contact is not allowed/);
    expect(out.reasons[0]).toMatch(/email/);
  });

  it('lets an email through under NO_TELEPHONE', () => {
    expect(screen({ channel: 'EMAIL' }, snap([strategy([{ type: 'NO_TELEPHONE' }])])).decision).toBe('PROCEED');
  });

  it('blocks every channel but the allowed written ones under WRITTEN_ONLY', () => {
    const s = snap([strategy([{ type: 'WRITTEN_ONLY', channels: ['EMAIL'] }])]);
    for (const channel of ['PHONE', 'VISIT', 'ONLINE', 'POST'] as const) {
      expect(screen({ channel }, s)).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    }
    expect(screen({ channel: 'EMAIL' }, s).decision).toBe('PROCEED');
    const both = snap([strategy([{ type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }])]);
    expect(screen({ channel: 'POST' }, both).decision).toBe('PROCEED');
  });

  it('blocks a blocked email address however it is written', () => {
    const s = snap([strategy([{ type: 'BLOCK_ADDRESSES', addresses: ['angry@example.com'] }])]);
    expect(screen({ channel: 'EMAIL', from: '  Angry@Example.COM ' }, s)).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    expect(screen({ channel: 'EMAIL', from: 'calm@example.com' }, s).decision).toBe('PROCEED');
  });

  it('blocks a blocked phone number however it is written', () => {
    const s = snap([strategy([{ type: 'BLOCK_ADDRESSES', addresses: ['+441482123456'] }])]);
    for (const from of ['01482 123456', '(01482) 123-456', '+44 (0)1482 123456', '00441482123456']) {
      expect(screen({ channel: 'PHONE', from }, s).decision).toBe('CHANNEL_BLOCKED');
    }
    expect(screen({ channel: 'PHONE', from: '01482 654321' }, s).decision).toBe('PROCEED');
  });

  it('reaches the daily telephone limit once the calls already made today reach it', () => {
    const s = (made: number) => snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'DAY' }])], { [KEYS.day]: made });
    expect(screen({ channel: 'PHONE' }, s(1)).decision).toBe('PROCEED');
    const out = screen({ channel: 'PHONE' }, s(2));
    expect(out).toMatchObject({ decision: 'LIMIT_REACHED', potentialBreach: true, strategyId: 'S1' });
    expect(out.reasons[0]).toMatch(/2 calls a day/);
  });

  it('counts weekly limits from Monday and monthly limits by calendar month, in UK time', () => {
    const weekly = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 3, per: 'WEEK' }])], { 'W#2026-W48': 3 });
    expect(screen({ channel: 'PHONE' }, weekly, new Date('2026-11-29T23:30:00Z')).decision).toBe('LIMIT_REACHED'); // Sunday
    expect(screen({ channel: 'PHONE' }, weekly, new Date('2026-11-30T00:30:00Z')).decision).toBe('PROCEED'); // Monday
    const monthly = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 5, per: 'MONTH' }])], { 'M#2026-06': 5 });
    // 23:30 UTC on 30 June is 00:30 on 1 July in UK summer time: a new month.
    expect(screen({ channel: 'PHONE' }, monthly, new Date('2026-06-30T22:30:00Z')).decision).toBe('LIMIT_REACHED');
    expect(screen({ channel: 'PHONE' }, monthly, new Date('2026-06-30T23:30:00Z')).decision).toBe('PROCEED');
  });

  it('does not apply a telephone limit to written contact', () => {
    const s = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }])], { [KEYS.day]: 9 });
    expect(screen({ channel: 'EMAIL' }, s).decision).toBe('PROCEED');
  });

  it('returns maxMinutes as callMinutesLimit on a call that may go ahead', () => {
    const s = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'DAY', maxMinutes: 15 }])]);
    expect(screen({ channel: 'PHONE' }, s)).toMatchObject({ decision: 'PROCEED', callMinutesLimit: 15, potentialBreach: false });
    expect(screen({ channel: 'EMAIL' }, s).callMinutesLimit).toBeUndefined();
  });

  it('flags a call that already lasted longer than maxMinutes as a potential breach', () => {
    const s = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'DAY', maxMinutes: 15 }])]);
    expect(screen({ channel: 'PHONE', durationMinutes: 20 }, s)).toMatchObject({ decision: 'PROCEED', potentialBreach: true });
    expect(screen({ channel: 'PHONE', durationMinutes: 15 }, s).potentialBreach).toBe(false);
  });

  it('refuses a second contact about a concluded matter under REFUSE_SAME_MATTER', () => {
    const out = screen({ channel: 'EMAIL', caseId: 'C1' }, snap([strategy([{ type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] }])]));
    expect(out).toMatchObject({ decision: 'REFUSE', potentialBreach: false, strategyId: 'S1' });
    expect(out.reasons[0]).toMatch(/right to complain and the right of review are not affected/);
  });

  it('logs but does not respond to demands to re-open a concluded case under LOG_ONLY', () => {
    const out = screen({ channel: 'EMAIL', caseId: 'C1' }, snap([strategy([{ type: 'LOG_ONLY', caseIds: ['C1'] }])]));
    expect(out).toMatchObject({ decision: 'LOG_ONLY', potentialBreach: false });
  });

  it('proceeds with a fresh matter even when it names a case under REFUSE_SAME_MATTER', () => {
    const s = snap([strategy([{ type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] }])]);
    expect(screen({ channel: 'EMAIL', caseId: 'C1', freshMatter: true }, s).decision).toBe('PROCEED');
  });

  it('treats a case the strategy does not cover as a fresh matter', () => {
    const s = snap([strategy([{ type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] }])]);
    const out = screen({ channel: 'EMAIL', caseId: 'C9' }, s);
    expect(out.decision).toBe('PROCEED');
    expect(out.reasons.join(' ')).toMatch(/fresh matter/);
  });

  it('proceeds, with a hint to name the case, when no case is named under a matter rule', () => {
    const out = screen({ channel: 'EMAIL' }, snap([strategy([{ type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] }])]));
    expect(out.decision).toBe('PROCEED');
    expect(out.reasons.join(' ')).toMatch(/screen it again naming the case/);
  });

  it('routes contact through the single point of contact', () => {
    const out = screen({ channel: 'EMAIL' }, snap([strategy([{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'st-7', staffName: 'Jo Bloggs' }])]));
    expect(out).toMatchObject({ decision: 'PROCEED_VIA_SPOC', spoc: { staffId: 'st-7', staffName: 'Jo Bloggs' }, potentialBreach: false });
    expect(out.reasons[0]).toMatch(/Jo Bloggs/);
  });

  it('asks for telephone calls to be recorded under RECORD_CALLS, and only calls', () => {
    const s = snap([strategy([{ type: 'RECORD_CALLS' }])]);
    expect(screen({ channel: 'PHONE' }, s)).toMatchObject({ decision: 'PROCEED', recordCall: true });
    expect(screen({ channel: 'EMAIL' }, s).recordCall).toBeUndefined();
  });
});

describe('screening precedence', () => {
  it('puts a blocked channel before the telephone limit', () => {
    const s = snap([strategy([{ type: 'BLOCK_ADDRESSES', addresses: ['+441482123456'] }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }])], { [KEYS.day]: 5 });
    expect(screen({ channel: 'PHONE', from: '01482 123456' }, s).decision).toBe('CHANNEL_BLOCKED');
  });

  it('puts the telephone limit before the matter rules', () => {
    const s = snap([strategy([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }, { type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] }])], { [KEYS.day]: 1 });
    expect(screen({ channel: 'PHONE', caseId: 'C1' }, s).decision).toBe('LIMIT_REACHED');
  });

  it('puts REFUSE before LOG_ONLY and both before the single point of contact', () => {
    const s = snap([
      strategy([
        { type: 'REFUSE_SAME_MATTER', caseIds: ['C1'] },
        { type: 'LOG_ONLY', caseIds: ['C1', 'C2'] },
        { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'st', staffName: 'Jo' },
      ]),
    ]);
    expect(screen({ channel: 'EMAIL', caseId: 'C1' }, s).decision).toBe('REFUSE');
    expect(screen({ channel: 'EMAIL', caseId: 'C2' }, s).decision).toBe('LOG_ONLY');
    expect(screen({ channel: 'EMAIL', caseId: 'C3' }, s).decision).toBe('PROCEED_VIA_SPOC');
  });

  it('takes the most restrictive outcome across several strategies and names the one that decided', () => {
    const s = snap([
      strategy([{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'st', staffName: 'Jo' }], { strategyId: 'A' }),
      strategy([{ type: 'NO_TELEPHONE' }], { strategyId: 'B' }),
    ]);
    expect(screen({ channel: 'PHONE' }, s)).toMatchObject({ decision: 'CHANNEL_BLOCKED', strategyId: 'B' });
    expect(screen({ channel: 'EMAIL' }, s)).toMatchObject({ decision: 'PROCEED_VIA_SPOC', strategyId: 'A', spoc: { staffId: 'st' } });
  });

  it('still says to record a blocked call under RECORD_CALLS, but gives no call length', () => {
    const s = snap([strategy([{ type: 'NO_TELEPHONE' }, { type: 'RECORD_CALLS' }])]);
    const out = screen({ channel: 'PHONE' }, s);
    expect(out).toMatchObject({ decision: 'CHANNEL_BLOCKED', recordCall: true });
    expect(out.callMinutesLimit).toBeUndefined();
  });
});

// --- properties ---------------------------------------------------------------

const caseId = fc.constantFrom('C1', 'C2', 'C3', 'C4');
const address = fc.constantFrom('a@example.com', 'b@example.com', '+441482123456', '+447700900123');
const restriction: fc.Arbitrary<Restriction> = fc.oneof(
  fc.record({ type: fc.constant('LOG_ONLY' as const), caseIds: fc.uniqueArray(caseId, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('REFUSE_SAME_MATTER' as const), caseIds: fc.uniqueArray(caseId, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ type: 'NO_TELEPHONE' as const }),
  fc.record(
    { type: fc.constant('TELEPHONE_LIMIT' as const), maxCalls: fc.integer({ min: 1, max: 5 }), per: fc.constantFrom('DAY' as const, 'WEEK' as const, 'MONTH' as const), maxMinutes: fc.integer({ min: 1, max: 60 }) },
    { requiredKeys: ['type', 'maxCalls', 'per'] },
  ),
  fc.record({ type: fc.constant('WRITTEN_ONLY' as const), channels: fc.uniqueArray(fc.constantFrom('EMAIL' as const, 'POST' as const), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('BLOCK_ADDRESSES' as const), addresses: fc.uniqueArray(address, { minLength: 1, maxLength: 2 }) }),
  fc.constant({ type: 'RECORD_CALLS' as const }),
  fc.record({ type: fc.constant('SINGLE_POINT_OF_CONTACT' as const), staffId: fc.constant('st-1'), staffName: fc.constant('Jo Bloggs') }),
);
const strategyArb: fc.Arbitrary<StrategyInForce> = fc.record({
  strategyId: fc.constantFrom('S1', 'S2', 'S3'),
  status: fc.constantFrom('ACTIVE' as const, 'REVIEW_DUE' as const),
  caseIds: fc.uniqueArray(caseId, { minLength: 1, maxLength: 4 }),
  restrictions: fc.uniqueArray(restriction, { minLength: 1, maxLength: 5, selector: (r) => r.type }),
  reviewDate: fc.constant('2027-05-01'),
});
const at = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
const snapshotArb = fc.tuple(fc.array(strategyArb, { minLength: 0, maxLength: 3 }), at, fc.integer({ min: 0, max: 6 })).map(([inForce, when, n]) => {
  const k = periodKeysOf(when);
  return { snapshot: snap(inForce, { [k.day]: n, [k.week]: n, [k.month]: n }), at: when };
});
const inputArb: fc.Arbitrary<ScreenInput> = fc.record(
  {
    channel: fc.constantFrom(...CHANNELS),
    from: fc.oneof(address, fc.constant('01482 123456'), fc.constant('A@Example.com')),
    caseId,
    freshMatter: fc.boolean(),
    durationMinutes: fc.integer({ min: 0, max: 90 }),
  },
  { requiredKeys: ['channel'] },
);

/** Usable for this person: no strategy blocks the channel, no address block hits, no call limit reached. */
function isUsable(input: ScreenInput, s: ScreenSnapshot, when: Date): boolean {
  const out = screenContact({ ...input, caseId: undefined, freshMatter: true }, s, when);
  return out.decision !== 'CHANNEL_BLOCKED' && out.decision !== 'LIMIT_REACHED';
}

describe('screening properties', () => {
  it('always proceeds (PROCEED or PROCEED_VIA_SPOC) with a fresh matter through a usable channel', () => {
    fc.assert(
      fc.property(inputArb, snapshotArb, (input, { snapshot, at: when }) => {
        const fresh = { ...input, freshMatter: true };
        fc.pre(isUsable(fresh, snapshot, when));
        expect(['PROCEED', 'PROCEED_VIA_SPOC']).toContain(screenContact(fresh, snapshot, when).decision);
      }),
      { numRuns: 2000 },
    );
  });

  it('always proceeds, with no breach, when no strategy is in force', () => {
    fc.assert(
      fc.property(inputArb, at, fc.dictionary(fc.string(), fc.nat()), (input, when, callCounts) => {
        const out = screenContact(input, { inForce: [], callCounts }, when);
        expect(out).toMatchObject({ decision: 'PROCEED', potentialBreach: false });
        expect(screenContact(input, undefined, when).decision).toBe('PROCEED');
      }),
    );
  });

  it('never proceeds through a channel that a strategy in force blocks', () => {
    fc.assert(
      fc.property(inputArb, snapshotArb, (input, { snapshot, at: when }) => {
        const blocked = snapshot.inForce.some((s) => !usableChannels(s.restrictions).includes(input.channel));
        fc.pre(blocked);
        const out = screenContact(input, snapshot, when);
        expect(out.decision).toBe('CHANNEL_BLOCKED');
        expect(out.potentialBreach).toBe(true);
      }),
    );
  });

  it('never refuses or only logs a contact that is not about a case the strategy lists', () => {
    fc.assert(
      fc.property(inputArb, snapshotArb, (input, { snapshot, at: when }) => {
        const listed = snapshot.inForce.flatMap((s) => s.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : [])));
        fc.pre(input.freshMatter === true || input.caseId === undefined || !listed.includes(input.caseId));
        expect(['REFUSE', 'LOG_ONLY']).not.toContain(screenContact(input, snapshot, when).decision);
      }),
    );
  });

  it('flags a potential breach whenever the contact is blocked or over the limit, always gives a reason, and names a strategy when one is in force', () => {
    fc.assert(
      fc.property(inputArb, snapshotArb, (input, { snapshot, at: when }) => {
        const out = screenContact(input, snapshot, when);
        expect(DECISIONS).toContain(out.decision);
        expect(out.reasons.length).toBeGreaterThan(0);
        if (out.decision === 'CHANNEL_BLOCKED' || out.decision === 'LIMIT_REACHED') expect(out.potentialBreach).toBe(true);
        if (out.decision === 'PROCEED_VIA_SPOC') expect(out.spoc).toBeDefined();
        else expect(out.spoc).toBeUndefined();
        expect(out.strategyId === undefined).toBe(snapshot.inForce.length === 0);
        if (input.channel !== 'PHONE') {
          expect(out.recordCall).toBeUndefined();
          expect(out.callMinutesLimit).toBeUndefined();
          expect(out.decision).not.toBe('LIMIT_REACHED');
        }
      }),
    );
  });

  it('is monotonic: adding a strategy never makes the outcome less restrictive', () => {
    fc.assert(
      fc.property(inputArb, snapshotArb, strategyArb, (input, { snapshot, at: when }, extra) => {
        const before = screenContact(input, snapshot, when);
        const after = screenContact(input, { ...snapshot, inForce: [...snapshot.inForce, extra] }, when);
        expect(DECISIONS.indexOf(after.decision)).toBeGreaterThanOrEqual(DECISIONS.indexOf(before.decision));
      }),
    );
  });

  it('counts calls in the same UK day, ISO week and month keys as the store does', () => {
    fc.assert(
      fc.property(at, (when) => {
        const [write] = countCallWrites({ id: 'P1', emails: [], phones: [] }, when);
        const names = write && 'Update' in write ? write.Update.ExpressionAttributeNames : undefined;
        const keys = periodKeysOf(when);
        expect(names).toEqual({ '#d': keys.day, '#w': keys.week, '#m': keys.month });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('an address or number shared by several people', () => {
  it('answers the most restrictive outcome among them and asks staff to confirm who it is', () => {
    const household = [snap([]), snap([strategy([{ type: 'NO_TELEPHONE' }])])];
    const out = screenForEveryone({ channel: 'PHONE', from: '01482 123456' }, household, AT, 'PHONE');
    expect(out.decision).toBe('CHANNEL_BLOCKED');
    expect(out.reasons[0]).toMatch(/on record for 2 people/);
  });

  it('screens one person exactly as screenContact does', () => {
    const one = [snap([strategy([{ type: 'RECORD_CALLS' }])])];
    expect(screenForEveryone({ channel: 'PHONE' }, one, AT)).toEqual(screenContact({ channel: 'PHONE' }, one[0], AT));
  });
});
