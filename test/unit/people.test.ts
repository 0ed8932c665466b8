import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustmentsAtIntake, asksForLargePrint, changedFields, nameMatches, nameWords } from '../../lib/domain/people.js';
import { INCIDENT, PERSON, project, REDACTIONS, staffAsExported } from '../../lib/domain/subject-access.js';
import { cursorFits } from '../../lib/store/db.js';

describe('a name search matches every word given, case-insensitively', () => {
  it('splits on white space, lower-cases and drops repeats', () => {
    expect(nameWords('  Jo   BLOGGS jo ')).toEqual(['jo', 'bloggs']);
    expect(nameWords('   ')).toEqual([]);
  });
  it('needs every word somewhere in the name, and at least one word', () => {
    expect(nameMatches('Jolene Bloggs', ['bloggs', 'jo'])).toBe(true);
    expect(nameMatches('Jolene Bloggs', ['bloggs', 'smith'])).toBe(false);
    expect(nameMatches('Jolene Bloggs', [])).toBe(false);
  });
  it('finds any name by any of its own words, however cased', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 1, maxLength: 4 }), (parts) => {
        const name = parts.join(' ');
        expect(nameMatches(name, nameWords(name.toUpperCase()))).toBe(true);
      }),
    );
  });
});

describe('an edit is audited by the names of the fields it really changes', () => {
  it('leaves out fields given with the value they already have, compares objects by content', () => {
    const current = { name: 'Jo', emails: ['a@example.com'], postalAddress: { lines: ['1 St'], postcode: 'HU1 1AA' } };
    expect(changedFields(current, { name: 'Jo', emails: ['b@example.com'] })).toEqual(['emails']);
    expect(changedFields(current, { postalAddress: { postcode: 'HU1 1AA', lines: ['1 St'] } })).toEqual([]);
    expect(changedFields(current, { postalAddress: null, additionalNeeds: null })).toEqual(['postalAddress']);
    expect(changedFields(current, { additionalNeeds: 'Large print' })).toEqual(['additionalNeeds']);
  });
});

describe('the subject-access export is built from an allow-list', () => {
  it('keeps only the fields named, and shows staff by name and role only', () => {
    const person = { id: 'P1', name: 'Jo', secretNew: 'x', createdBy: { sub: 'u1', name: 'Casey', email: 'casey@opcc.localhost' }, inForce: [] };
    expect(project(person, PERSON)).toEqual({ id: 'P1', name: 'Jo', createdBy: { name: 'Casey', role: 'member of staff' } });
    expect(staffAsExported({ sub: 'u1', name: 'u1' })).toEqual({ name: 'A member of staff', role: 'member of staff' });
    expect(staffAsExported({ sub: 'system', name: 'Contact strategy service' })).toEqual({ name: 'Contact strategy service', role: 'automated service' });
  });
  it('leaves out welfare notes and support and police references from incidents', () => {
    const incident = {
      id: 'I1',
      description: 'Shouted',
      escalation: {
        status: 'REPORTED_TO_POLICE',
        lineManager: { welfareSupportOffered: true, notes: 'welfare', escalatedAt: 't1', escalatedBy: { sub: 'lm', name: 'Lee' } },
        policeReferral: { policeReference: 'HP-1', reportedAt: 't2', recordedAt: 't3', recordedBy: { sub: 'h', name: 'Hana' } },
      },
    };
    const out = JSON.stringify(project(incident, INCIDENT));
    for (const secret of ['welfare', 'HP-1', '"lm"', '"h"', 'sub']) expect(out).not.toContain(secret);
    expect(REDACTIONS.map((r) => r.what).join(' ')).toMatch(/welfare.*police references.*staff email addresses and staff ids/s);
  });
});

describe('a cursor fits only the query it continues', () => {
  const onIndex = { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': 'SU#1#CASE' } };
  const onTable = { ExpressionAttributeValues: { ':pk': 'CASE#1', ':prefix': 'TL#' } };
  it('needs exactly the key attributes, all strings, the partition asked for and the sort-key prefix', () => {
    expect(cursorFits({ pk: 'CASE#2', sk: 'CASE', gsi1pk: 'SU#1#CASE', gsi1sk: 't#2' }, onIndex)).toBe(true);
    expect(cursorFits({ pk: 'CASE#2', sk: 'CASE', gsi1pk: 'SU#9#CASE', gsi1sk: 't#2' }, onIndex)).toBe(false);
    expect(cursorFits({ pk: 'CASE#2', sk: 'CASE', gsi1pk: 'SU#1#CASE' }, onIndex)).toBe(false);
    expect(cursorFits({ pk: 'CASE#2', sk: 'CASE', gsi1pk: 'SU#1#CASE', gsi1sk: 7 }, onIndex)).toBe(false);
    expect(cursorFits({ pk: 'CASE#1', sk: 'TL#2026#x' }, onTable)).toBe(true);
    expect(cursorFits({ pk: 'CASE#1', sk: 'CASE' }, onTable)).toBe(false);
    expect(cursorFits({ pk: 'CASE#1', sk: 'TL#1', extra: 'x' }, onTable)).toBe(false);
  });
  it('refuses any random key that is not of the query', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'x'), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), (key) => {
        fc.pre(key.gsi1pk !== 'SU#1#CASE');
        expect(cursorFits(key, onIndex)).toBe(false);
      }),
    );
  });
});

describe('large print asked for at intake (a reasonable adjustment)', () => {
  it('becomes the LARGE_PRINT adjustment when the additional needs ask for it, and not when they say the opposite', () => {
    expect(asksForLargePrint('Prefers large print')).toBe(true);
    expect(asksForLargePrint('Needs large-print letters; hard of hearing')).toBe(true);
    expect(asksForLargePrint('Does not need large print')).toBe(false);
    expect(asksForLargePrint('Hard of hearing')).toBe(false);
    expect(adjustmentsAtIntake('Prefers large print', undefined)).toEqual({ format: 'LARGE_PRINT' });
    expect(adjustmentsAtIntake('Prefers large print', { channels: ['POST'] } as { channels: string[]; format?: 'STANDARD' })).toEqual({ channels: ['POST'], format: 'LARGE_PRINT' });
    // A format staff chose stands.
    expect(adjustmentsAtIntake('Prefers large print', { format: 'STANDARD' })).toEqual({ format: 'STANDARD' });
  });
});
