import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Name, SINGLE_LINE, SINGLE_LINE_MESSAGE, singleLine } from '../../lib/schemas/common.js';
import { CreateCase } from '../../lib/schemas/cases.js';
import { CreateServiceUser } from '../../lib/schemas/service-users.js';
import { BreachDecision } from '../../lib/schemas/breaches.js';
import { Restriction } from '../../lib/schemas/restrictions.js';

const refusal = (value: string) => Name.safeParse(value).error?.issues[0]?.message;
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Every character a single-line field refuses, one by one. */
const REFUSED: number[] = [];
for (let cp = 0x00; cp <= 0x1f; cp++) REFUSED.push(cp);
for (let cp = 0x7f; cp <= 0x9f; cp++) REFUSED.push(cp);
REFUSED.push(0x061c);
for (let cp = 0x200b; cp <= 0x200f; cp++) REFUSED.push(cp);
for (let cp = 0x2028; cp <= 0x202e; cp++) REFUSED.push(cp);
for (let cp = 0x2066; cp <= 0x2069; cp++) REFUSED.push(cp);
REFUSED.push(0xfeff);

describe('single-line text: names, subjects, references (control and invisible format characters are 422)', () => {
  it.each(REFUSED.map((cp) => [hex(cp), cp]))('refuses %s in the middle, at the start and at the end (never trimmed away)', (_label, cp) => {
    const c = String.fromCodePoint(cp);
    for (const value of [`Alex${c}Smith`, `${c}Alex Smith`, `Alex Smith${c}`]) expect(refusal(value), JSON.stringify(value)).toBe(SINGLE_LINE_MESSAGE);
  });

  it('refuses nothing else from U+0000 to U+FFFF outside those ranges (surrogates aside)', () => {
    const refused = new Set(REFUSED);
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (SINGLE_LINE.test(`a${String.fromCodePoint(cp)}b`) === refused.has(cp)) wrong.push(hex(cp));
    }
    expect(wrong).toEqual([]);
  });

  it('keeps names in any script, with accents, apostrophes, hyphens and emoji, trimming ordinary spaces', () => {
    for (const ok of ["Siobhán O'Neill-Ward", 'محمد علي', 'Zoë Łukasz', '李小龍', 'Jo 🙂']) expect(Name.parse(ok)).toBe(ok);
    expect(Name.parse('  Alex Smith  ')).toBe('Alex Smith');
    expect(singleLine(5).safeParse('abcdef').error?.issues[0]?.message).toBe('must be at most 5 characters');
  });

  it("names the field: a person's name, an address line, a case subject, a police reference, a staff name", () => {
    const person = CreateServiceUser.safeParse({ name: 'Alex \u200B Smith', postalAddress: { lines: ['1 High St\u2028'], postcode: 'HU1 1AA' } });
    expect(person.error?.issues.map((i) => i.path.join('.'))).toEqual(['name', 'postalAddress.lines.0']);
    const kase = CreateCase.safeParse({ serviceUserId: 'SU1', type: 'COMPLAINT', subject: 'Refund\u061C' });
    expect(kase.error?.issues.map((i) => i.path.join('.'))).toEqual(['subject']);
    const breach = BreachDecision.safeParse({ actions: ['REPORT_TO_POLICE'], notes: 'Reported.', policeReference: 'HP/123\u200F', policeReportedOn: '2026-01-02' });
    expect(breach.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(`policeReference: ${SINGLE_LINE_MESSAGE}`);
    const spoc = Restriction.safeParse({ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-1', staffName: 'Casey\uFEFF' });
    expect(spoc.error?.issues.map((i) => i.path.join('.'))).toEqual(['staffName']);
  });
});

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; const?: unknown; pattern?: string; maxLength?: number; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; anyOf?: Schema[]; oneOf?: Schema[]; additionalProperties?: Schema | boolean };

/** Every string in a schema, by its path, that is neither free text, an enum nor a formatted value, and lacks the single-line rule. */
function unguarded(schema: Schema | undefined, path: string, out: { bare: string[]; guarded: string[] }): void {
  if (!schema || typeof schema !== 'object') return;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') && !schema.format && !schema.enum && schema.const === undefined) {
    const patterns = [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)];
    const freeText = schema.maxLength !== undefined && schema.maxLength >= 10_000;
    if (patterns.includes(SINGLE_LINE.source)) out.guarded.push(path);
    else if (!freeText) out.bare.push(path);
  }
  for (const [k, v] of Object.entries(schema.properties ?? {})) unguarded(v, `${path}.${k}`, out);
  if (schema.items) unguarded(schema.items, `${path}[]`, out);
  if (typeof schema.additionalProperties === 'object') unguarded(schema.additionalProperties, `${path}.*`, out);
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) unguarded(s, path, out);
}

describe('every single-line field uses the one single-line helper', () => {
  it('leaves no string in a request body or query without it, but free text, enums, formatted values and opaque cursors', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string; schema: Schema }[] }>>;
    };
    const found = { bare: [] as string[], guarded: [] as string[] };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        unguarded(op.requestBody?.content['application/json']?.schema, `${where} body`, found);
        for (const p of op.parameters ?? []) if (p.in === 'query') unguarded(p.schema, `${where} query.${p.name}`, found);
      }
    }
    // A cursor is the API's own opaque token, checked when it is decoded (400 if the API did not issue it).
    expect(found.bare.filter((f) => !f.endsWith('query.cursor'))).toEqual([]);
    // The walk is not vacuous: it met the guarded fields it should.
    for (const f of ['POST /service-users body.name', 'POST /cases body.subject', 'POST /breaches/{id}/decision body.policeReference', 'POST /incidents/{id}/police-referral body.policeReference', 'GET /governance/figures query.to']) {
      expect(found.guarded).toContain(f);
    }
  });
});
