import { beforeAll, describe, expect, it } from 'vitest';
import { caseworker, COMPLETE_FACTORS, inMonths, newPersonWithCase, problemPaths, uniqueKey } from './client.js';

/**
 * Invisible format characters and control characters in single-line fields, as an
 * attacker would send them to make a record read differently from what is stored:
 * 422 naming the field, and nothing recorded.
 */
const INVISIBLE = { 'U+200B': '\u200B', 'U+2028': '\u2028', 'U+061C': '\u061C', 'U+200F': '\u200F', 'U+FEFF': '\uFEFF', 'U+202E': '\u202E', 'U+2066': '\u2066', 'BEL': '\u0007' };

describe('single-line fields refuse invisible and control characters', () => {
  let ids: { person: string; kase: string };
  beforeAll(async () => {
    const { person, kase } = await newPersonWithCase();
    ids = { person: person.id, kase: kase.id };
  });

  for (const [label, c] of Object.entries(INVISIBLE)) {
    it(`${label}: a person's name and address line, a case subject, a police reference, a staff name`, async () => {
      const person = await caseworker.post('/service-users', { name: `Jo${c} Bloggs`, postalAddress: { lines: [`1 High St${c}`], postcode: 'HU1 1AA' } });
      expect(person.status).toBe(422);
      expect(problemPaths(person.body)).toEqual(['name', 'postalAddress.lines.0']);

      const rename = await caseworker.patch(`/service-users/${ids.person}`, { name: `${c}Alex Example` }, { headers: { 'if-match': '"1"' } });
      expect(rename.status).toBe(422);
      expect(problemPaths(rename.body)).toEqual(['name']);

      const kase = await caseworker.post('/cases', { serviceUserId: ids.person, type: 'COMPLAINT', subject: `Refund${c}` });
      expect(kase.status).toBe(422);
      expect(problemPaths(kase.body)).toEqual(['subject']);

      const incident = await caseworker.post(`/cases/${ids.kase}/incidents`, {
        occurredAt: new Date().toISOString(),
        channel: 'VISIT',
        behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
        description: 'Threatened staff at the front desk.',
        policeCalled: { at: new Date().toISOString(), policeReference: `HP/123${c}` },
      }, { headers: { 'idempotency-key': uniqueKey() } });
      expect(incident.status).toBe(422);
      expect(problemPaths(incident.body)).toContain('policeCalled.policeReference');

      const strategy = await caseworker.post('/strategies', {
        factors: COMPLETE_FACTORS,
        serviceUserId: ids.person,
        caseIds: [ids.kase],
        reason: 'Repeated calls about the same matter.',
        purpose: 'One point of contact.',
        reviewDate: inMonths(6),
        restrictions: [{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-1', staffName: `Casey${c} Worker` }],
      });
      expect(strategy.status).toBe(422);
      expect(problemPaths(strategy.body)).toEqual(['restrictions.0.staffName']);
    });
  }

  it('nothing refused was recorded: the person kept their name and has only their first case', async () => {
    const person = await caseworker.get(`/service-users/${ids.person}`);
    expect(person.body.name).toBe('Alex Example');
    const cases = await caseworker.get(`/service-users/${ids.person}/cases`);
    expect(cases.body.items.map((k: { id: string }) => k.id)).toEqual([ids.kase]);
  });
});
