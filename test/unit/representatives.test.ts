import { describe, expect, it } from 'vitest';
import { copyNotice, representativeWords, screenRepresentative, sharedWithPerson } from '../../lib/domain/representatives.js';

const mp = { serviceUserId: 'SU1', representativeId: 'R1', name: 'Jo Bloggs', kind: 'MP' as const };

describe('representatives', () => {
  it("refuses a representative's address or number that is the person's own, naming each field", () => {
    const errors = sharedWithPerson({ emails: ['mp@example.org', 'me@example.org'], phones: ['+447700900001'] }, { emails: ['me@example.org'], phones: ['+447700900001'] });
    expect(errors.map((e) => e.path)).toEqual(['emails[1]', 'phones[0]']);
    expect(sharedWithPerson({ emails: ['mp@example.org'], phones: [] }, { emails: ['me@example.org'], phones: [] })).toEqual([]);
  });

  it('answers PROCEED for a representative, never a potential breach, naming whose representative it is', () => {
    const outcome = screenRepresentative([mp]);
    expect(outcome).toMatchObject({ decision: 'PROCEED', potentialBreach: false, representativeOf: mp });
    expect(outcome.reasons.join(' ')).toContain('Jo Bloggs, MP');
  });

  it("answers PROCEED without naming a person when the address is several people's representative", () => {
    const outcome = screenRepresentative([mp, { ...mp, serviceUserId: 'SU2', representativeId: 'R2' }]);
    expect(outcome.decision).toBe('PROCEED');
    expect(outcome.representativeOf).toBeUndefined();
    expect(outcome.reasons.join(' ')).toContain('representative of 2 people');
  });

  it('words a representative and the copy notice', () => {
    expect(representativeWords({ name: 'A Solicitor', kind: 'SOLICITOR' })).toBe('A Solicitor (solicitor)');
    expect(copyNotice({ name: 'Jo Bloggs', kind: 'MP' }, 'Pat Smith').line).toBe('Copy sent to Jo Bloggs (MP) at the request of Pat Smith.');
  });
});
