import { describe, expect, it } from 'vitest';
import { renderLetter, renderWarningLetter, type LetterInput } from '../../lib/domain/letter.js';
import { screenContact } from '../../lib/domain/screening.js';
import { coverErrors, handedOver, handoverErrors, isSpocToday, spocOn } from '../../lib/domain/spoc.js';
import type { Restriction, StrategyInForce } from '../../lib/schemas/restrictions.js';

const JO = { staffId: 'st-jo', staffName: 'Jo Bloggs' };
const SAM = { staffId: 'st-sam', staffName: 'Sam Cover' };
const withSpoc: Restriction[] = [{ type: 'RECORD_CALLS' }, { type: 'SINGLE_POINT_OF_CONTACT', ...JO }];
const cover = { ...SAM, from: '2026-12-01', until: '2026-12-05', reason: 'Annual leave' };

describe('who a contact is routed to: the single point of contact, or their cover while it lasts', () => {
  it('routes to the cover from its first day to its last, naming whom they cover for, and to the usual one outside', () => {
    expect(spocOn(JO, cover, '2026-11-30')).toEqual(JO);
    expect(spocOn(JO, cover, '2026-12-01')).toEqual({ ...SAM, coverFor: JO });
    expect(spocOn(JO, cover, '2026-12-05')).toEqual({ ...SAM, coverFor: JO });
    expect(spocOn(JO, cover, '2026-12-06')).toEqual(JO);
    expect(spocOn(JO, undefined, '2026-12-02')).toEqual(JO);
  });

  it('screening answers the cover as spoc, with coverFor, on a UK day within the cover', () => {
    const s: StrategyInForce = { strategyId: 'S1', status: 'ACTIVE', caseIds: ['C1'], restrictions: withSpoc, reviewDate: '2027-05-01', spocCover: cover };
    const during = screenContact({ channel: 'EMAIL' }, { inForce: [s], callCounts: {} }, new Date('2026-12-03T10:00:00Z'));
    expect(during).toMatchObject({ decision: 'PROCEED_VIA_SPOC', spoc: { ...SAM, coverFor: JO } });
    expect(during.reasons.join(' ')).toContain('Sam Cover is covering');
    const after = screenContact({ channel: 'EMAIL' }, { inForce: [s], callCounts: {} }, new Date('2026-12-06T10:00:00Z'));
    expect(after.spoc).toEqual(JO);
  });

  it('lists a member of staff as SPOC today when they are the SPOC, or the cover on a day it lasts', () => {
    expect(isSpocToday(withSpoc, cover, JO.staffId, '2026-12-02')).toBe(true);
    expect(isSpocToday(withSpoc, cover, SAM.staffId, '2026-12-02')).toBe(true);
    expect(isSpocToday(withSpoc, cover, SAM.staffId, '2026-12-06')).toBe(false);
    expect(isSpocToday([{ type: 'RECORD_CALLS' }], cover, SAM.staffId, '2026-12-02')).toBe(false);
  });
});

describe('handover and cover rules', () => {
  it('hands over only a strategy that names a SPOC, to someone else, leaving the other restrictions alone', () => {
    expect(handoverErrors(withSpoc, SAM)).toEqual([]);
    expect(handoverErrors(withSpoc, JO)[0]).toMatchObject({ path: 'staffId', message: expect.stringContaining('already') });
    expect(handoverErrors([{ type: 'RECORD_CALLS' }], SAM)[0]?.path).toBe('staffId');
    expect(handedOver(withSpoc, SAM)).toEqual([{ type: 'RECORD_CALLS' }, { type: 'SINGLE_POINT_OF_CONTACT', ...SAM }]);
  });

  it('refuses cover ending before it starts, cover already over, and the SPOC covering for themselves', () => {
    expect(coverErrors(withSpoc, cover, '2026-11-28')).toEqual([]);
    expect(coverErrors(withSpoc, { ...cover, until: '2026-11-30' }, '2026-11-28').map((e) => e.path)).toEqual(['until']);
    expect(coverErrors(withSpoc, cover, '2026-12-06').map((e) => e.path)).toEqual(['until']);
    expect(coverErrors(withSpoc, { ...cover, ...JO }, '2026-11-28').map((e) => e.path)).toEqual(['staffId']);
    expect(coverErrors([{ type: 'RECORD_CALLS' }], cover, '2026-11-28').map((e) => e.path)).toEqual(['staffId']);
  });
});

const office = { name: 'Northshire OPFCC', postalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'], email: 'enquiries@northshire.example' };
const letter = (kind: LetterInput['kind'], restrictions: Restriction[] = withSpoc): LetterInput => ({
  kind,
  strategy: { id: '01STRATEGYINTERNALID', reason: 'Many calls a day.', reviewDate: '2027-06-01', caseIds: ['c1'], restrictions },
  person: { name: 'Alex Example' },
  cases: [{ id: 'c1', reference: 'OPCC-2026-000001', subject: 'A complaint', status: 'OPEN' }],
  issuedOn: '2026-11-28',
  policyTitle: 'Managing Unreasonable Contact',
  office,
  appeal: { outcome: 'UPHELD', reasons: 'Still needed.', receivedOn: '2026-11-20' },
});

describe('the letters', () => {
  it('name the SPOC and how to reach them: the office address and mailbox, marked for their attention', () => {
    const text = renderLetter(letter('IMPLEMENTED')).text;
    expect(text).toContain('Jo Bloggs will be your single point of contact');
    expect(text).toContain('By post: write to Northshire OPFCC, PO Box 123, Northtown, NT1 2AB, marking your letter "For the attention of Jo Bloggs".');
    expect(text).toContain('By email: write to enquiries@northshire.example, with "For the attention of Jo Bloggs" in the subject line.');
  });

  it('tell the person who their new SPOC is in the SPOC_CHANGED letter, and that nothing else changes', () => {
    const l = renderLetter(letter('SPOC_CHANGED', handedOver(withSpoc, SAM)));
    expect(l.subject).toBe('Your single point of contact has changed');
    expect(l.text).toContain('From today, Sam Cover is your single point of contact.');
    expect(l.text).toContain('"For the attention of Sam Cover"');
    expect(l.text).toContain('The rest of your contact strategy has not changed. We will review it by Tuesday 1 June 2027');
  });

  it.each(['IMPLEMENTED', 'EXTENDED', 'VARIED', 'ENDED', 'APPEAL_OUTCOME', 'SPOC_CHANGED'] as const)('give the case reference, never an internal id, as "Our reference" (%s)', (kind) => {
    const text = renderLetter(letter(kind)).text;
    expect(text).toContain('Our reference: OPCC-2026-000001');
    expect(text).not.toContain('01STRATEGYINTERNALID');
  });

  it('give the case reference in the warning letter too, and every reference when there are several', () => {
    const cases = [
      { id: 'c1', reference: 'OPCC-2026-000001', subject: 'A' },
      { id: 'c2', reference: 'OPCC-2026-000002', subject: 'B' },
    ];
    const text = renderWarningLetter({ warning: { id: '01WARNINGINTERNALID', behaviours: [], explanation: 'Why.', caseIds: ['c1', 'c2'] }, person: { name: 'Alex' }, cases, issuedOn: '2026-11-28', policyTitle: 'P', office }).text;
    expect(text).toContain('Our references: OPCC-2026-000001 and OPCC-2026-000002');
    expect(text).not.toContain('01WARNINGINTERNALID');
  });
});
