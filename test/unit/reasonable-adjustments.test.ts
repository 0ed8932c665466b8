import { describe, expect, it } from 'vitest';
import { reasonableAdjustmentsHold, strategyContentErrors, type PersonFacts } from '../../lib/domain/strategy-rules.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';

/**
 * Reasonable adjustments (Equality Act 2010): a strategy may not take away a channel
 * the person needs. Every restriction type against every adjustment the rule knows.
 */
const person = (channels: string[]): PersonFacts => ({
  emails: ['alex@example.com', 'alex.work@example.com'],
  phones: ['+441482123456'],
  postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' },
  adjustments: { channels },
});

const EXAMPLES: Record<Restriction['type'], Restriction> = {
  LOG_ONLY: { type: 'LOG_ONLY', caseIds: ['c-done'] },
  REFUSE_SAME_MATTER: { type: 'REFUSE_SAME_MATTER', caseIds: ['c-done'] },
  NO_TELEPHONE: { type: 'NO_TELEPHONE' },
  TELEPHONE_LIMIT: { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' },
  WRITTEN_ONLY: { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] },
  BLOCK_ADDRESSES: { type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com'] },
  RECORD_CALLS: { type: 'RECORD_CALLS' },
  SINGLE_POINT_OF_CONTACT: { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-1', staffName: 'Sam Case' },
};

// Which restriction (as in EXAMPLES) each adjustment refuses; every other pair is allowed.
const REFUSED: Record<string, Restriction['type'][]> = {
  PHONE: ['NO_TELEPHONE', 'WRITTEN_ONLY'],
  EMAIL: [],
  POST: [],
  VISIT: [],
  ONLINE: [],
};

describe('reasonable adjustments hold against every restriction type', () => {
  const cases = Object.entries(REFUSED).flatMap(([channel, refused]) =>
    (Object.keys(EXAMPLES) as Restriction['type'][]).map((type) => ({ channel, type, refused: refused.includes(type) })),
  );
  it.each(cases)('adjustment $channel with $type: refused = $refused', ({ channel, type, refused }) => {
    const errors = reasonableAdjustmentsHold([EXAMPLES[type]], person([channel]));
    if (refused) {
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe('restrictions');
      expect(errors[0]!.message).toContain(`adjustments.channels ${channel}`);
      expect(errors[0]!.message).toContain(type);
    } else {
      expect(errors).toEqual([]);
    }
  });
});

describe('the written channels a person needs', () => {
  it.each([
    ['EMAIL', ['POST'] as ('EMAIL' | 'POST')[], true],
    ['EMAIL', ['EMAIL'] as ('EMAIL' | 'POST')[], false],
    ['POST', ['EMAIL'] as ('EMAIL' | 'POST')[], true],
    ['POST', ['POST'] as ('EMAIL' | 'POST')[], false],
  ])('a person who needs %s: WRITTEN_ONLY by %j is refused = %s', (channel, written, refused) => {
    const errors = reasonableAdjustmentsHold([{ type: 'WRITTEN_ONLY', channels: written }], person([channel]));
    expect(errors.length > 0).toBe(refused);
    if (refused) expect(errors[0]!.message).toMatch(new RegExp(`WRITTEN_ONLY must keep ${channel}`));
  });

  it('refuses a BLOCK_ADDRESSES that blocks every email address of a person who needs email, however the addresses are written', () => {
    const errors = reasonableAdjustmentsHold([{ type: 'BLOCK_ADDRESSES', addresses: ['ALEX@example.com', 'alex.work@example.com'] }], person(['EMAIL']));
    expect(errors).toEqual([expect.objectContaining({ path: 'restrictions', message: expect.stringContaining('BLOCK_ADDRESSES') })]);
  });

  it('allows a BLOCK_ADDRESSES that leaves one email address open, or blocks only phone numbers', () => {
    expect(reasonableAdjustmentsHold([{ type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', '+441482123456'] }], person(['EMAIL']))).toEqual([]);
  });

  it('reports every broken adjustment at once', () => {
    const errors = reasonableAdjustmentsHold(
      [
        { type: 'NO_TELEPHONE' },
        { type: 'WRITTEN_ONLY', channels: ['POST'] },
        { type: 'BLOCK_ADDRESSES', addresses: ['alex@example.com', 'alex.work@example.com'] },
      ],
      person(['PHONE', 'EMAIL']),
    );
    expect(errors.map((e) => e.message.match(/: (\w+)/)?.[1])).toEqual(['NO_TELEPHONE', 'WRITTEN_ONLY', 'WRITTEN_ONLY', 'BLOCK_ADDRESSES']);
  });

  it('asks nothing of a person with no adjustments', () => {
    expect(reasonableAdjustmentsHold([EXAMPLES.NO_TELEPHONE, EXAMPLES.WRITTEN_ONLY], { emails: [], phones: [] })).toEqual([]);
  });

  it('is one of the content rules every strategy keeps (create, edit, submit, approval, review VARY, breach adjustment)', () => {
    const { errors } = strategyContentErrors(
      { serviceUserId: 'su-1', caseIds: [], reviewDate: '2027-01-01', restrictions: [EXAMPLES.NO_TELEPHONE] },
      { person: person(['PHONE']), cases: new Map(), today: '2026-06-01', maxReviewMonths: 12 },
    );
    expect(errors).toEqual([expect.objectContaining({ path: 'restrictions', message: expect.stringContaining('adjustments.channels PHONE') })]);
  });
});
