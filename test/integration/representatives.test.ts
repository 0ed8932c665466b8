import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { caseworker, eventually, newPersonWithCase, outboxEmail, outboxPost, problemPaths, som, uniqueKey } from './client.js';
import { putInForce } from './in-force.js';
import { message, sendSmtp } from './smtp-client.js';

/**
 * A person's representatives over HTTP: recorded with consent, listed, ended; a
 * contact from one is never restricted by the person's strategy and is recorded on
 * the person; copies of the person's letters; and contacts outside the remit.
 */

const short = () => randomUUID().slice(0, 8);
const consent = { recordedAt: '2026-01-05T10:00:00Z', how: 'Signed consent form' };
const mobile = () => `07700 ${String(100000 + Math.floor(Math.random() * 899999))}`;

async function addRep(personId: string, over: Record<string, unknown> = {}) {
  const res = await caseworker.post(`/service-users/${personId}/representatives`, { name: 'Jo Bloggs MP', kind: 'MP', emails: [`mp.${short()}@parliament.example`], consent, ...over }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(res.status).toBe(201);
  return res.body as { id: string; emails: string[]; phones: string[]; status: string };
}

describe('representatives', () => {
  it('records, lists and ends a representative, refusing the person’s own address by field', async () => {
    const { person } = await newPersonWithCase();
    const own = await caseworker.post(`/service-users/${person.id}/representatives`, { name: 'Pat', kind: 'FAMILY', emails: ['x@example.org', person.emails[0]], consent });
    expect(own.status).toBe(422);
    expect(problemPaths(own.body)).toEqual(['emails[1]']);
    const badKind = await caseworker.post(`/service-users/${person.id}/representatives`, { name: 'Pat', kind: 'FRIEND', consent });
    expect(problemPaths(badKind.body)).toEqual(['kind']);

    const rep = await addRep(person.id, { copyLetters: true });
    expect(rep).toMatchObject({ status: 'ACTIVE', copyLetters: true, consent: { how: 'Signed consent form' } });
    const ended = await caseworker.delete(`/service-users/${person.id}/representatives/${rep.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ENDED', ended: { reason: 'CONSENT_WITHDRAWN' } });

    const list = await caseworker.get(`/service-users/${person.id}/representatives`);
    expect(list.body.items).toEqual([expect.objectContaining({ id: rep.id, status: 'ENDED' })]);
    const history = (await caseworker.get(`/service-users/${person.id}`)).body.history as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(['REPRESENTATIVE_ADDED', 'REPRESENTATIVE_ENDED']);
    expect((await caseworker.delete(`/service-users/${person.id}/representatives/NOSUCHREP`)).status).toBe(404);

    // The subject-access export carries the representative, the consent given and its withdrawal.
    const exported = await som.get(`/service-users/${person.id}/export`);
    expect(exported.body.representatives).toEqual([expect.objectContaining({ name: 'Jo Bloggs MP', kind: 'MP', consent: { recordedAt: '2026-01-05T10:00:00.000Z', how: 'Signed consent form' }, status: 'ENDED', ended: expect.objectContaining({ reason: 'CONSENT_WITHDRAWN' }) })]);
  });

  it("forwards inbound email from a representative, recorded on the person and never a breach, whatever the person's strategy", async () => {
    const { person } = await newPersonWithCase();
    const rep = await addRep(person.id);
    await putInForce(person.id, [{ type: 'WRITTEN_ONLY', channels: ['POST'] }]);
    const from = rep.emails[0]!;
    const res = await sendSmtp(inject('smtpPort'), { from, to: 'office@opcc.localhost', data: message({ from, subject: 'On behalf of my constituent' }) });
    expect(res.code).toBe(250);
    const contactId = /contact (\S+),/.exec(res.line)?.[1] ?? '';
    const forwarded = await eventually(outboxEmail, (all) => all.some((e) => (e as { headers?: Record<string, string> }).headers?.['X-Contact-Id'] === contactId), 10_000);
    expect(forwarded.some((e) => e.subject === 'On behalf of my constituent')).toBe(true);
    const contacts = (await caseworker.get(`/service-users/${person.id}/contacts`)).body.items as { id: string; representative?: { id: string }; screening?: { decision: string; potentialBreach: boolean } }[];
    expect(contacts.find((c) => c.id === contactId)).toMatchObject({ representative: { id: rep.id }, screening: { decision: 'PROCEED', potentialBreach: false } });
  });

  it("screens a representative's email and phone as PROCEED under any strategy, on the person's record, until the representative ends", async () => {
    const { person } = await newPersonWithCase();
    const phone = mobile();
    const rep = await addRep(person.id, { phones: [phone] });
    await putInForce(person.id, [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['POST'] }, { type: 'BLOCK_ADDRESSES', addresses: [rep.emails[0]!] }]);

    const byEmail = await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: rep.emails[0] });
    expect(byEmail.body).toMatchObject({ decision: 'PROCEED', potentialBreach: false, representativeOf: { serviceUserId: person.id, representativeId: rep.id, kind: 'MP' } });
    const byPhone = await caseworker.post('/contacts/screen', { channel: 'PHONE', from: phone });
    expect(byPhone.body).toMatchObject({ decision: 'PROCEED', representativeOf: { serviceUserId: person.id, representativeId: rep.id } });
    // The person's own address is still restricted.
    expect((await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: person.emails[0] })).body.decision).toBe('CHANNEL_BLOCKED');

    const contacts = (await caseworker.get(`/service-users/${person.id}/contacts`)).body.items as { id: string; representative?: { id: string } }[];
    expect(contacts.filter((c) => c.representative?.id === rep.id).map((c) => c.id).sort()).toEqual([byEmail.body.contactId, byPhone.body.contactId].sort());

    await caseworker.delete(`/service-users/${person.id}/representatives/${rep.id}`);
    const after = await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: rep.emails[0] });
    expect(after.body.representativeOf).toBeUndefined();
  });

  it('sends a copy of every letter to a representative who asked, by email and by post, recorded as its own letter', async () => {
    const { person, kase } = await newPersonWithCase();
    const rep = await addRep(person.id, { copyLetters: true, postalAddress: { lines: ['House of Commons', 'London'], postcode: 'SW1A 0AA' } });
    const warning = await caseworker.post(`/service-users/${person.id}/warnings`, { caseIds: [kase.id], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' });
    expect(warning.status).toBe(201);

    const letters = async () => ((await caseworker.get(`/service-users/${person.id}/letters?limit=100`)).body.items as { warningId?: string; channel: string; copyFor?: { representativeId: string } }[]).filter((l) => l.warningId === warning.body.id);
    const all = await eventually(letters, (ls) => ls.length >= 4);
    const copies = all.filter((l) => l.copyFor?.representativeId === rep.id);
    expect(copies.map((c) => c.channel).sort()).toEqual(['EMAIL', 'POST']);

    const email = (await outboxEmail()).find((m) => m.to.includes(rep.emails[0]!));
    expect(email?.subject).toMatch(/^Copy: /);
    expect(email?.text).toContain('Copy sent to Jo Bloggs MP (MP) at the request of');
    // The post queue's consumer hands the pack over in the background: wait for it.
    const copyPosted = async () => (await outboxPost()).find((p) => p.warningId === warning.body.id && p.recipientName === 'Jo Bloggs MP');
    const posted = await eventually(copyPosted, (p) => p !== undefined);
    expect(posted?.postalAddress.postcode).toBe('SW1A 0AA');
  });
});

describe('contacts outside the remit', () => {
  it("records one on the person's record with where they were signposted, and counts it", async () => {
    const { person } = await newPersonWithCase();
    const month = new Date().toISOString().slice(0, 7);
    const before = (await caseworker.get(`/governance/figures?from=${month}&to=${month}`)).body.months?.[0]?.outsideRemit ?? 0;
    const body = { serviceUserId: person.id, channel: 'PHONE', direction: 'INBOUND', occurredAt: new Date().toISOString(), summary: 'About a parking fine', outsideRemit: { signpostedTo: 'The local council' } };
    const res = await caseworker.post('/contacts', body, { headers: { 'idempotency-key': uniqueKey() } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ serviceUserId: person.id, outsideRemit: { signpostedTo: 'The local council' } });
    expect(res.body.caseId).toBeUndefined();
    const listed = (await caseworker.get(`/service-users/${person.id}/contacts`)).body.items as { id: string }[];
    expect(listed.map((c) => c.id)).toContain(res.body.id);
    const missing = await caseworker.post('/contacts', { ...body, outsideRemit: {} });
    expect(problemPaths(missing.body)).toEqual(['outsideRemit.signpostedTo']);
    const figures = await caseworker.get(`/governance/figures?from=${month}&to=${month}`);
    expect(figures.body.months[0].outsideRemit).toBeGreaterThan(before);
  });
});
