import { describe, expect, it } from 'vitest';
import { apiUrl, auditor, call, caseworker, newPersonWithCase, som, tokenFor, uniqueKey } from './client.js';

describe('service users', () => {
  it('stores emails lower-cased and UK phone numbers in +44 form, and finds the person by either however written', async () => {
    const email = `Pat.${uniqueKey().slice(0, 8)}@Example.COM`;
    const created = await caseworker.post('/service-users', { name: 'Pat Example', emails: [email], phones: ['(01482) 123-456'] });
    expect(created.status).toBe(201);
    expect(created.body.emails).toEqual([email.toLowerCase()]);
    expect(created.body.phones).toEqual(['+441482123456']);
    expect(created.headers.get('etag')).toBe('"1"');

    const byEmail = await caseworker.post('/service-users/search', { email: email.toUpperCase() });
    expect(byEmail.body.items.map((u: { id: string }) => u.id)).toEqual([created.body.id]);
    const byPhone = await caseworker.post('/service-users/search', { phone: '+44 1482 123456' });
    expect(byPhone.body.items.map((u: { id: string }) => u.id)).toContain(created.body.id);
  });

  it('answers 400 for a wrong type and 422 for a broken rule, naming every field, and writes nothing', async () => {
    const wrongType = await caseworker.post('/service-users', { name: 42, emails: ['not-an-email'] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongType.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['emails.0', 'name']);

    const tooLong = await caseworker.post('/service-users', { name: 'x'.repeat(301) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].path).toBe('name');

    const malformed = await caseworker.post('/service-users', '{"name": ');
    expect(malformed.status).toBe(400);
  });

  it('needs a token (401) and a role that may write (403)', async () => {
    expect((await call('POST', '/service-users', { token: null, body: { name: 'A' } })).status).toBe(401);
    expect((await call('POST', '/service-users', { token: 'not-a-jwt', body: { name: 'A' } })).status).toBe(401);
    expect((await auditor.post('/service-users', { name: 'A' })).status).toBe(403);
  });

  it('replays the first response for a repeated Idempotency-Key and refuses it with a different body', async () => {
    const key = uniqueKey();
    const first = await caseworker.post('/service-users', { name: 'Idem Potent' }, { headers: { 'idempotency-key': key } });
    const again = await caseworker.post('/service-users', { name: 'Idem Potent' }, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Byte for byte (docs/data-model.md, Idempotency): the same status and the same body.
    const raw = async () => {
      const res = await fetch(`${apiUrl()}/service-users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(['caseworker'])}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ name: 'Idem Potent' }),
      });
      return `${res.status} ${await res.text()}`;
    };
    expect(await raw()).toBe(await raw());
    expect(await raw()).toBe(`201 ${JSON.stringify(first.body)}`);
    const different = await caseworker.post('/service-users', { name: 'Someone Else' }, { headers: { 'idempotency-key': key } });
    expect(different.status).toBe(422);
  });

  it('creates exactly one person when the same Idempotency-Key races', async () => {
    const key = uniqueKey();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => caseworker.post('/service-users', { name: 'Racing Create' }, { headers: { 'idempotency-key': key } })),
    );
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
  });

  it('PATCH needs If-Match (428), refuses a stale version (412) and lets exactly one racing writer win', async () => {
    const created = await caseworker.post('/service-users', { name: 'Lock Test', emails: [`lock.${uniqueKey().slice(0, 6)}@example.com`] });
    const id = created.body.id;
    expect((await caseworker.patch(`/service-users/${id}`, { name: 'No Match' })).status).toBe(428);

    const racers = await Promise.all(
      ['One', 'Two', 'Three'].map((n) => caseworker.patch(`/service-users/${id}`, { name: `Winner ${n}` }, { headers: { 'if-match': '"1"' } })),
    );
    expect(racers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 412)).toHaveLength(2);

    const stale = await caseworker.patch(`/service-users/${id}`, { name: 'Stale' }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    const now = await caseworker.get(`/service-users/${id}`);
    expect(now.body.version).toBe(2);
    expect(now.headers.get('etag')).toBe('"2"');
  });

  it('moves the email lookup with the address when it is changed', async () => {
    const old = `old.${uniqueKey().slice(0, 6)}@example.com`;
    const fresh = `new.${uniqueKey().slice(0, 6)}@example.com`;
    const created = await caseworker.post('/service-users', { name: 'Mover', emails: [old] });
    const res = await caseworker.patch(`/service-users/${created.body.id}`, { emails: [fresh] }, { headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(200);
    expect((await caseworker.post('/service-users/search', { email: old })).body.items).toEqual([]);
    expect((await caseworker.post('/service-users/search', { email: fresh })).body.items[0].id).toBe(created.body.id);
  });

  it('answers 404 for an unknown id and an unknown route', async () => {
    expect((await caseworker.get('/service-users/01UNKNOWN')).status).toBe(404);
    expect((await caseworker.get('/no-such-route')).status).toBe(404);
  });

  it('gives the SOM and the auditor a subject-access export of everything held, and nobody else', async () => {
    const { person, kase } = await newPersonWithCase({ additionalNeeds: 'Large print letters' });
    expect((await caseworker.get(`/service-users/${person.id}/export`)).status).toBe(403);
    const exported = await auditor.get(`/service-users/${person.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.serviceUser).toMatchObject({ id: person.id, additionalNeeds: 'Large print letters' });
    expect(exported.body.cases.map((c: { id: string }) => c.id)).toEqual([kase.id]);
    expect(exported.body.timelines[0].entries[0].kind).toBe('CASE_OPENED');
    expect(JSON.stringify(exported.body)).not.toContain('inForce');
    expect((await som.get(`/service-users/${person.id}/export`)).status).toBe(200);
    expect((await auditor.get('/service-users/01UNKNOWN/export')).status).toBe(404);
  });
});
