import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breachAdjustmentOnlyTightens } from '../../lib/domain/tightening.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';

type Of<T extends Restriction['type']> = Extract<Restriction, { type: T }>;
const PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
const CASES = ['C1', 'C2', 'C3', 'C4'];
const ADDRESSES = ['a@example.com', 'b@example.com', '+441482123456', '+447700900123'];

const limit = (maxCalls: number, per: Of<'TELEPHONE_LIMIT'>['per'], maxMinutes?: number): Restriction => ({
  type: 'TELEPHONE_LIMIT',
  maxCalls,
  per,
  ...(maxMinutes !== undefined ? { maxMinutes } : {}),
});

describe('a breach adjustment only increases restriction (policy 1.6)', () => {
  it('accepts a telephone limit that becomes a ban on telephone contact', () => {
    expect(breachAdjustmentOnlyTightens([limit(3, 'WEEK')], [{ type: 'NO_TELEPHONE' }])).toEqual([]);
  });

  it('accepts fewer calls, a longer period, or shorter calls', () => {
    expect(breachAdjustmentOnlyTightens([limit(3, 'WEEK')], [limit(2, 'WEEK')])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([limit(3, 'WEEK')], [limit(3, 'MONTH')])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([limit(3, 'WEEK', 20)], [limit(3, 'WEEK', 10)])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([limit(3, 'WEEK')], [limit(3, 'WEEK', 10)])).toEqual([]);
  });

  it('refuses more calls, a shorter period, or longer calls, naming restrictions', () => {
    for (const next of [limit(4, 'WEEK'), limit(3, 'DAY'), limit(3, 'WEEK', 30), limit(3, 'WEEK')]) {
      const errors = breachAdjustmentOnlyTightens([limit(3, 'WEEK', 20)], [next]);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.path === 'restrictions')).toBe(true);
    }
  });

  it('lets written-only lose a channel but not gain one', () => {
    expect(breachAdjustmentOnlyTightens([{ type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }], [{ type: 'WRITTEN_ONLY', channels: ['POST'] }])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([{ type: 'WRITTEN_ONLY', channels: ['POST'] }], [{ type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }])).not.toEqual([]);
  });

  it('lets blocked addresses and logged or refused cases only gain entries', () => {
    expect(breachAdjustmentOnlyTightens([{ type: 'BLOCK_ADDRESSES', addresses: ['a@example.com'] }], [{ type: 'BLOCK_ADDRESSES', addresses: ['A@example.com', 'b@example.com'] }])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([{ type: 'BLOCK_ADDRESSES', addresses: ['a@example.com', 'b@example.com'] }], [{ type: 'BLOCK_ADDRESSES', addresses: ['b@example.com'] }])).not.toEqual([]);
    expect(breachAdjustmentOnlyTightens([{ type: 'LOG_ONLY', caseIds: ['C1'] }], [{ type: 'LOG_ONLY', caseIds: ['C1', 'C2'] }])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([{ type: 'REFUSE_SAME_MATTER', caseIds: ['C1', 'C2'] }], [{ type: 'REFUSE_SAME_MATTER', caseIds: ['C2'] }])).not.toEqual([]);
  });

  it('refuses an adjustment that changes nothing: it must be stricter', () => {
    const same: Restriction[] = [{ type: 'RECORD_CALLS' }, limit(2, 'DAY')];
    expect(breachAdjustmentOnlyTightens(same, same)).toEqual([
      { path: 'restrictions', message: expect.stringContaining('nothing is stricter') },
    ]);
  });

  it('treats another single point of contact as no stricter, and dropping one as looser', () => {
    const spoc = (staffId: string): Restriction => ({ type: 'SINGLE_POINT_OF_CONTACT', staffId, staffName: staffId });
    expect(breachAdjustmentOnlyTightens([spoc('s1')], [spoc('s2')])).not.toEqual([]);
    expect(breachAdjustmentOnlyTightens([spoc('s1')], [spoc('s2'), { type: 'RECORD_CALLS' }])).toEqual([]);
    expect(breachAdjustmentOnlyTightens([spoc('s1'), { type: 'RECORD_CALLS' }], [{ type: 'RECORD_CALLS' }, { type: 'NO_TELEPHONE' }])).not.toEqual([]);
  });
});

// --- properties: a random strategy, a random stricter or looser change ----------------

const restrictionSet: fc.Arbitrary<Restriction[]> = fc
  .record({
    logOnly: fc.option(fc.uniqueArray(fc.constantFrom(...CASES), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    refuse: fc.option(fc.uniqueArray(fc.constantFrom(...CASES), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    phone: fc.oneof(
      fc.constant(undefined),
      fc.constant<Restriction>({ type: 'NO_TELEPHONE' }),
      fc.record({ maxCalls: fc.integer({ min: 1, max: 10 }), per: fc.constantFrom(...PERIODS), maxMinutes: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }) }).map((l) => limit(l.maxCalls, l.per, l.maxMinutes)),
    ),
    written: fc.option(fc.subarray(['EMAIL', 'POST'] as ('EMAIL' | 'POST')[], { minLength: 1 }), { nil: undefined }),
    blocked: fc.option(fc.uniqueArray(fc.constantFrom(...ADDRESSES), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    record: fc.boolean(),
    spoc: fc.boolean(),
  })
  .map((g) => {
    const rs: Restriction[] = [];
    if (g.logOnly) rs.push({ type: 'LOG_ONLY', caseIds: g.logOnly });
    if (g.refuse) rs.push({ type: 'REFUSE_SAME_MATTER', caseIds: g.refuse });
    // A telephone limit and written-only contradict (the strategy rules refuse both at once).
    if (g.phone && !(g.phone.type === 'TELEPHONE_LIMIT' && g.written)) rs.push(g.phone);
    if (g.written) rs.push({ type: 'WRITTEN_ONLY', channels: g.written });
    if (g.blocked) rs.push({ type: 'BLOCK_ADDRESSES', addresses: g.blocked });
    if (g.record) rs.push({ type: 'RECORD_CALLS' });
    if (g.spoc) rs.push({ type: 'SINGLE_POINT_OF_CONTACT', staffId: 's1', staffName: 'Sam' });
    return rs;
  })
  .filter((rs) => rs.length > 0);

type Change = (rs: Restriction[], pick: number) => Restriction[] | undefined;
const replace = (rs: Restriction[], r: Restriction) => rs.map((x) => (x.type === r.type ? r : x));
const get = <T extends Restriction['type']>(rs: Restriction[], t: T) => rs.find((r): r is Of<T> => r.type === t);

/** Each returns a strictly stricter set, or undefined when it does not apply. */
const STRICTER: Change[] = [
  (rs) => (get(rs, 'RECORD_CALLS') ? undefined : [...rs, { type: 'RECORD_CALLS' }]),
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l ? [...rs.filter((r) => r !== l), { type: 'NO_TELEPHONE' }] : undefined;
  },
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l && l.maxCalls > 1 ? replace(rs, { ...l, maxCalls: l.maxCalls - 1 }) : undefined;
  },
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l && l.per !== 'MONTH' ? replace(rs, { ...l, per: l.per === 'DAY' ? 'WEEK' : 'MONTH' }) : undefined;
  },
  (rs) => {
    const w = get(rs, 'WRITTEN_ONLY');
    return w && w.channels.length === 2 ? replace(rs, { ...w, channels: [w.channels[0]!] }) : undefined;
  },
  (rs, pick) => {
    const b = get(rs, 'BLOCK_ADDRESSES');
    const extra = ADDRESSES.filter((a) => !b?.addresses.includes(a));
    if (!b) return [...rs, { type: 'BLOCK_ADDRESSES', addresses: [ADDRESSES[pick % ADDRESSES.length]!] }];
    return extra.length ? replace(rs, { ...b, addresses: [...b.addresses, extra[pick % extra.length]!] }) : undefined;
  },
  (rs, pick) => {
    const l = get(rs, 'LOG_ONLY');
    const extra = CASES.filter((c) => !l?.caseIds.includes(c));
    return l && extra.length ? replace(rs, { ...l, caseIds: [...l.caseIds, extra[pick % extra.length]!] }) : undefined;
  },
];

/** Each returns a set that relaxes something in force, or undefined when it does not apply. */
const LOOSER: Change[] = [
  (rs, pick) => (rs.length > 0 ? rs.filter((_, i) => i !== pick % rs.length) : undefined),
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l ? replace(rs, { ...l, maxCalls: l.maxCalls + 1 }) : undefined;
  },
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l && l.per !== 'DAY' ? replace(rs, { ...l, per: l.per === 'MONTH' ? 'WEEK' : 'DAY' }) : undefined;
  },
  (rs) => {
    const l = get(rs, 'TELEPHONE_LIMIT');
    return l && l.maxMinutes !== undefined ? replace(rs, { ...l, maxMinutes: l.maxMinutes + 5 }) : undefined;
  },
  (rs) => {
    const w = get(rs, 'WRITTEN_ONLY');
    return w && w.channels.length === 1 ? replace(rs, { ...w, channels: ['EMAIL', 'POST'] }) : undefined;
  },
  (rs) => {
    const b = get(rs, 'BLOCK_ADDRESSES');
    return b && b.addresses.length > 1 ? replace(rs, { ...b, addresses: b.addresses.slice(1) }) : undefined;
  },
  (rs) => {
    const r = get(rs, 'REFUSE_SAME_MATTER');
    return r && r.caseIds.length > 1 ? replace(rs, { ...r, caseIds: r.caseIds.slice(1) }) : undefined;
  },
];

const apply = (changes: Change[], rs: Restriction[], which: number, pick: number) => changes[which % changes.length]!(rs, pick);

describe('breach adjustments, property-based', () => {
  it('accepts every strictly stricter change of any strategy', () => {
    fc.assert(
      fc.property(restrictionSet, fc.nat(), fc.nat(), (rs, which, pick) => {
        const next = apply(STRICTER, rs, which, pick);
        fc.pre(next !== undefined);
        expect(breachAdjustmentOnlyTightens(rs, next!)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every change that relaxes something in force, even with something else made stricter', () => {
    fc.assert(
      fc.property(restrictionSet, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (rs, which, pick, stricterWhich, alsoStricter) => {
        const looser = apply(LOOSER, rs, which, pick);
        fc.pre(looser !== undefined);
        const next = alsoStricter ? (apply(STRICTER.slice(0, 1), looser!, stricterWhich, pick) ?? looser!) : looser!;
        const errors = breachAdjustmentOnlyTightens(rs, next);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((e) => e.path === 'restrictions')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the strategy as it stands', () => {
    fc.assert(
      fc.property(restrictionSet, (rs) => {
        expect(breachAdjustmentOnlyTightens(rs, rs)).toHaveLength(1);
      }),
    );
  });
});
