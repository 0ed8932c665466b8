import { describe, expect, it } from 'vitest';
import { Name } from '../../lib/schemas/common.js';
import { CreateCase } from '../../lib/schemas/cases.js';
import { CreateServiceUser } from '../../lib/schemas/service-users.js';

const refusal = (value: string) => Name.safeParse(value).error?.issues[0]?.message;

describe('names and subjects are plain text (contract: control and bidi-override characters are 422)', () => {
  it.each([
    ['a right-to-left override', 'Alex \u202Eevil\u202C Smith'],
    ['a left-to-right embedding', 'Alex \u202A Smith'],
    ['a first-strong isolate', 'Alex \u2068Smith\u2069'],
    ['a newline', 'Alex\nSmith'],
    ['a NUL', 'Alex\u0000'],
    ['a C1 control', 'Alex\u0085Smith'],
    ['DEL', 'Alex\u007FSmith'],
  ])('refuses %s', (_what, value) => {
    expect(refusal(value)).toBe('must not contain control characters or bidirectional-override characters');
  });

  it('keeps names in any script, with accents, apostrophes and hyphens', () => {
    for (const ok of ["Siobhán O'Neill-Ward", 'محمد علي', 'Zoë Łukasz', '李小龍']) expect(Name.parse(ok)).toBe(ok);
  });

  it('names the field: a person\'s name and a case subject', () => {
    const person = CreateServiceUser.safeParse({ name: 'Alex \u202E Smith' });
    expect(person.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
    const kase = CreateCase.safeParse({ serviceUserId: 'SU1', type: 'COMPLAINT', subject: 'Refund\u202E' });
    expect(kase.error?.issues.map((i) => i.path.join('.'))).toEqual(['subject']);
  });
});
