import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECISIONS, type ScreenOutcome } from '../../lib/domain/screening.js';
import { ContactResource } from '../../lib/schemas/contacts.js';
import { ScreenContact } from '../../lib/schemas/screening.js';
import { screenedContactWrites } from '../../lib/store/screening.js';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; enum?: string[]; required?: string[] };
const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Schema }> }> }>> };
const success = (method: string, path: string, status = '200') => doc.paths[path]![method]!.responses[status]!.content['application/json']!.schema;

/** The contact the inbound email gateway records for an unverified sender whose message was held back, as the store builds it. */
function inboundContact() {
  const outcome: ScreenOutcome = { decision: 'CHANNEL_BLOCKED', reasons: ['Email is not allowed.'], potentialBreach: false };
  return screenedContactWrites({
    input: ScreenContact.parse({ channel: 'EMAIL', summary: 'Re: my complaint', from: 'someone@example.org' }),
    subjects: [],
    outcome,
    at: new Date('2027-01-04T10:00:00Z'),
    recordedAt: '2027-01-04T10:00:01.000Z',
    actor: { sub: 'inbound-email', name: 'Inbound email' },
    inbound: { source: 'INBOUND_EMAIL', senderUnverified: true, claimedFrom: 'someone@example.org', quarantined: 'SPAM' },
  }).contact;
}

describe('the contacts in openapi.json', () => {
  const routes: Array<[string, string, string]> = [
    ['post', '/cases/{id}/contacts', '201'],
    ['get', '/cases/{id}/contacts', '200'],
    ['get', '/service-users/{id}/contacts', '200'],
    ['get', '/contacts/potential-breaches', '200'],
  ];

  it.each(routes)('%s %s documents each contact with its screening outcome and where it came in from', (method, path, status) => {
    const schema = success(method, path, status);
    const contact = schema.properties?.items?.items ?? schema;
    expect(contact.properties?.source?.enum).toEqual(['INBOUND_EMAIL', 'SWITCHBOARD']);
    expect(contact.properties?.senderUnverified?.type).toBe('boolean');
    expect(contact.properties?.claimedFrom?.type).toBe('string');
    expect(contact.properties?.quarantined?.enum).toEqual(['SPAM', 'VIRUS']);
    expect(contact.properties?.from?.type).toBe('string');
    expect(contact.properties?.screening?.properties?.decision?.enum).toEqual([...DECISIONS]);
    expect(contact.properties?.screening?.properties?.potentialBreach?.type).toBe('boolean');
    expect(contact.required).toEqual(expect.arrayContaining(['id', 'channel', 'direction', 'occurredAt', 'summary', 'recordedAt', 'recordedBy']));
  });

  it('names every field the inbound email gateway writes on a contact', () => {
    const contact = inboundContact();
    expect(contact).toMatchObject({ source: 'INBOUND_EMAIL', senderUnverified: true, claimedFrom: 'someone@example.org', quarantined: 'SPAM', screening: { decision: 'CHANNEL_BLOCKED' } });
    // An address that was only claimed is never recorded as where the contact came from.
    expect(contact.from).toBeUndefined();
    expect(contact.serviceUserId).toBeUndefined();
    const documented = Object.keys(ContactResource.shape);
    for (const [field] of Object.entries(contact).filter(([, v]) => v !== undefined)) expect(documented, field).toContain(field);
    expect(ContactResource.strict().safeParse(JSON.parse(JSON.stringify(contact))).success).toBe(true);
  });
});
