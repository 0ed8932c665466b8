import { describe, expect, it } from 'vitest';
import { renderLetter, renderWarningLetter, type LetterInput } from '../../lib/domain/letter.js';
import { deliveryKeyOf, letterFitsStatus } from '../../lib/domain/letter-routes.js';
import { LETTER_KIND_SPEC_LIST, LETTER_KIND_SPECS, LETTER_KINDS } from '../../lib/domain/letters/index.js';
import { STATUSES } from '../../lib/schemas/vocabulary.js';

const office = { name: 'Office of the Police, Fire and Crime Commissioner for Northshire', postalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'] };
const person = { name: 'Alex Example', postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' } };
const cases = [{ id: 'c1', reference: 'OPCC-2026-000001', subject: 'Handling of a complaint', status: 'CONCLUDED' }];

const strategyLetter = (kind: LetterInput['kind']): LetterInput => ({
  kind,
  strategy: { id: '01STRATEGY', reason: 'You have telephoned us many times a day.', reviewDate: '2027-06-01', caseIds: ['c1'], restrictions: [{ type: 'NO_TELEPHONE' }] },
  person,
  cases,
  issuedOn: '2026-11-28',
  policyTitle: 'Managing Unreasonable Contact',
  office,
  appealDays: 28,
  appeal: { outcome: 'UPHELD', reasons: 'The strategy is still needed.', receivedOn: '2026-11-20' },
});

/** Every part a letter kind's spec must give, and what sort of value it is. */
const PARTS = { kind: 'string', subject: 'string', label: 'string', oncePerStrategy: 'boolean', body: 'object' } as const;

describe.each(LETTER_KIND_SPEC_LIST.map((s) => [s.kind, s] as const))('the letter kind spec %s', (kind, spec) => {
  it('has every part', () => {
    for (const [part, sort] of Object.entries(PARTS)) expect(typeof (spec as unknown as Record<string, unknown>)[part], part).toBe(sort);
    expect(spec.subject.trim()).not.toBe('');
    expect(spec.label.trim()).not.toBe('');
    expect(spec.sendableWhile === 'any' || spec.sendableWhile.every((s) => (STATUSES as readonly string[]).includes(s))).toBe(true);
    expect(LETTER_KIND_SPECS[kind]).toBe(spec);
  });

  it('renders under its own subject, with its opening where it is a strategy letter', () => {
    const letter =
      spec.body.of === 'warning'
        ? renderWarningLetter({ warning: { id: 'W1', behaviours: [], explanation: 'Why.', caseIds: ['c1'] }, person, cases, issuedOn: '2026-11-28', policyTitle: 'Managing Unreasonable Contact', office })
        : renderLetter(strategyLetter(kind));
    expect(letter.subject).toBe(spec.subject);
    expect(letter.text).toContain(`\n${spec.subject}\n`);
    if (spec.body.of === 'strategy') for (const p of spec.body.opening('Tuesday 1 June 2027')) expect(letter.text).toContain(p);
  });

  it('is routed as its spec says: one delivery per strategy or one per request', () => {
    const a = deliveryKeyOf(kind, 'request-1');
    const b = deliveryKeyOf(kind, 'request-2');
    expect(a === b).toBe(spec.oncePerStrategy);
    for (const status of STATUSES) expect(letterFitsStatus(kind, status)).toBe(spec.sendableWhile === 'any' || spec.sendableWhile.includes(status));
  });
});

describe('what is derived from the letter kind specs', () => {
  it('lists the kinds in the specs’ order, once each', () => {
    expect([...LETTER_KINDS]).toEqual(LETTER_KIND_SPEC_LIST.map((s) => s.kind));
    expect(new Set(LETTER_KINDS).size).toBe(LETTER_KINDS.length);
  });

  it('keeps the IMPLEMENTED letter to a strategy about to be or already in force, delivered once', () => {
    expect(STATUSES.filter((s) => letterFitsStatus('IMPLEMENTED', s))).toEqual(['APPROVED', 'ACTIVE']);
    expect(deliveryKeyOf('IMPLEMENTED', 'r1')).toBe('IMPLEMENTED');
    expect(deliveryKeyOf('VARIED', 'r1')).toBe('VARIED#r1');
  });

  it('does not render a warning from a strategy', () => {
    expect(() => renderLetter(strategyLetter('WARNING'))).toThrow(/renderWarningLetter/);
  });
});
