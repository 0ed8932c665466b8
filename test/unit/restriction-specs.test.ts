import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MAX_RESTRICTIONS, RESTRICTION_SPEC_LIST, RESTRICTION_SPECS, RESTRICTION_TYPES, specOf, type RestrictionType } from '../../lib/domain/restrictions/index.js';
import { Restriction, Restrictions } from '../../lib/schemas/restrictions.js';
import { Id, Name, singleLineString } from '../../lib/schemas/common.js';
import { screenContact } from '../../lib/domain/screening.js';

/** One valid restriction of each type: a new type's spec is not done until it has one here. */
const EXAMPLES = {
  LOG_ONLY: { type: 'LOG_ONLY', caseIds: ['C1'] },
  REFUSE_SAME_MATTER: { type: 'REFUSE_SAME_MATTER', caseIds: ['C2'] },
  NO_TELEPHONE: { type: 'NO_TELEPHONE' },
  TELEPHONE_LIMIT: { type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK', maxMinutes: 10 },
  WRITTEN_ONLY: { type: 'WRITTEN_ONLY', channels: ['EMAIL'] },
  BLOCK_ADDRESSES: { type: 'BLOCK_ADDRESSES', addresses: ['someone@example.com'] },
  RECORD_CALLS: { type: 'RECORD_CALLS' },
  SINGLE_POINT_OF_CONTACT: { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'st-1', staffName: 'Sam Jones' },
} satisfies { [K in RestrictionType]: Extract<Restriction, { type: K }> };

/** Every part a spec must give, and what sort of value it is. */
const PARTS = {
  type: 'string',
  parameters: 'function',
  title: 'string',
  hint: 'string',
  summary: 'function',
  letter: 'function',
  contradicts: 'object',
  tightening: 'function',
} as const;
const SCREENING_PARTS = { closes: 'function', findings: 'function', concludedCases: 'function', recordsCalls: 'boolean', callMinutes: 'function' } as const;

describe.each(RESTRICTION_SPEC_LIST.map((s) => [s.type, s] as const))('the restriction spec %s', (type, spec) => {
  it('has every part', () => {
    for (const [part, sort] of Object.entries(PARTS)) expect(typeof (spec as unknown as Record<string, unknown>)[part], part).toBe(sort);
    for (const [part, sort] of Object.entries(SCREENING_PARTS)) expect(typeof (spec.screening as unknown as Record<string, unknown>)[part], `screening.${part}`).toBe(sort);
    expect(spec.title.trim()).not.toBe('');
    expect(spec.hint.trim()).not.toBe('');
    expect(RESTRICTION_SPECS[type]).toBe(spec);
  });

  it('builds parameters the API accepts its example with, and words it in the letter', () => {
    const example = EXAMPLES[type];
    const own = z.object({ type: z.literal(type), ...spec.parameters(z, { Id, Name, CaseIds: z.array(Id), singleLineString }) });
    expect(own.parse(example)).toEqual(example);
    expect(Restriction.parse(example)).toEqual(example);
    expect(specOf(example).letter(example, (id) => `REF-${id}`).text.trim()).not.toBe('');
    expect(specOf(example).summary(example, (id) => `REF-${id}`).trim()).not.toBe('');
  });

  it('names only known types as contradictions, with a reason when it names any', () => {
    expect(spec.contradicts.types.filter((other) => !(RESTRICTION_TYPES as readonly string[]).includes(other))).toEqual([]);
    expect(spec.contradicts.types.length === 0 || spec.contradicts.why.trim() !== '', 'a contradiction needs its reason').toBe(true);
  });

  it('is kept, no stricter, when a breach leaves it exactly as it was', () => {
    const example = EXAMPLES[type];
    expect(specOf(example).tightening(example, { same: example, has: (t: string) => t === type })).toEqual({ kept: true, stricter: false });
  });

  it('can be screened against (a telephone call about one of its cases)', () => {
    const example = EXAMPLES[type];
    const snapshot = { inForce: [{ strategyId: 'S1', status: 'ACTIVE' as const, caseIds: ['C1', 'C2'], restrictions: [example], reviewDate: '2027-06-01' }], callCounts: {} };
    const outcome = screenContact({ channel: 'PHONE', caseId: 'C1', from: '+441482765432' }, snapshot, new Date('2026-12-07T12:00:00Z'));
    expect(outcome.reasons.length).toBeGreaterThan(0);
    expect(outcome.strategyId).toBe('S1');
  });
});

describe('what is derived from the restriction specs', () => {
  it('lists the types in the specs’ order, once each', () => {
    expect([...RESTRICTION_TYPES]).toEqual(RESTRICTION_SPEC_LIST.map((s) => s.type));
    expect(new Set(RESTRICTION_TYPES).size).toBe(RESTRICTION_TYPES.length);
    expect(Object.keys(EXAMPLES).sort()).toEqual([...RESTRICTION_TYPES].sort());
  });

  it('gives the API one variant per spec, and room for one restriction of each type', () => {
    expect(Restriction.options.map((o) => o.shape.type.value)).toEqual([...RESTRICTION_TYPES]);
    expect(MAX_RESTRICTIONS).toBe(RESTRICTION_SPEC_LIST.length);
    expect(Restrictions.safeParse(Object.values(EXAMPLES)).success).toBe(true);
    expect(Restrictions.safeParse([...Object.values(EXAMPLES), EXAMPLES.NO_TELEPHONE]).success).toBe(false);
  });
});
