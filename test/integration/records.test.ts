import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, auditor, call, caseworker, lineManager, newPersonWithCase, uniqueKey, timelineOf } from './client.js';
import { KEY } from '../../lib/store/table.js';

/** The local stack's clock: another test file may have moved it. */
async function stackNow(): Promise<Date> {
  const res = await fetch(`${apiUrl()}/local/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000).toISOString();

let now: Date;
beforeAll(async () => {
  now = await stackNow();
});

describe('cases', () => {
  it('gives each new case a reference OPCC-<year>-<6 digits>, unique and increasing', async () => {
    const { person } = await newPersonWithCase();
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await caseworker.post('/cases', { serviceUserId: person.id, type: 'CORRESPONDENCE', subject: `Letter ${i}` });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('OPEN');
      refs.push(res.body.reference);
    }
    const year = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(now);
    for (const r of refs) expect(r).toMatch(new RegExp(`^OPCC-${year}-\\d{6}$`));
    expect([...refs].sort()).toEqual(refs);
    expect(new Set(refs).size).toBe(3);
  });

  it('never gives two cases opened at the same moment the same reference', async () => {
    const { person } = await newPersonWithCase();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => caseworker.post('/cases', { serviceUserId: person.id, type: 'COMPLAINT', subject: `Racing ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(6);
  });

  it('spends no reference number on a case that could not be opened', async () => {
    const { person } = await newPersonWithCase();
    const before = await caseworker.post('/cases', { serviceUserId: person.id, type: 'COMPLAINT', subject: 'Before' });
    const refused = await caseworker.post('/cases', { serviceUserId: '01NOSUCHPERSON', type: 'COMPLAINT', subject: 'Nobody' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['serviceUserId']);
    const after = await caseworker.post('/cases', { serviceUserId: person.id, type: 'COMPLAINT', subject: 'After' });
    const n = (ref: string) => Number(ref.slice(-6));
    expect(n(after.body.reference)).toBe(n(before.body.reference) + 1);
  });

  it('concludes an open case once and answers 409 naming CONCLUDED the second time', async () => {
    const { kase } = await newPersonWithCase();
    const conclusion = { finalDecision: 'Complaint not upheld.', outcomeExplained: true, rightOfReviewAdvised: true };
    const first = await caseworker.post(`/cases/${kase.id}/conclude`, conclusion);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('CONCLUDED');
    expect(first.body.version).toBe(2);
    expect(first.body.conclusion.finalDecision).toBe('Complaint not upheld.');
    // Due for a disposal review RETENTION_YEARS (6) after it was concluded.
    const concludedOn = first.body.conclusion.concludedAt.slice(0, 4);
    expect(first.body.retainUntil).toMatch(new RegExp(`^${Number(concludedOn) + 6}-\\d{2}-\\d{2}$`));

    const again = await caseworker.post(`/cases/${kase.id}/conclude`, conclusion);
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('CONCLUDED');
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'CASE_CONCLUDED')).toHaveLength(1);
  });

  it('answers 412 to a conclusion made against a stale If-Match', async () => {
    const { kase } = await newPersonWithCase();
    const res = await caseworker.post(`/cases/${kase.id}/conclude`, { finalDecision: 'Done.', outcomeExplained: true, rightOfReviewAdvised: false }, { headers: { 'if-match': '"7"' } });
    expect(res.status).toBe(412);
    expect((await caseworker.get(`/cases/${kase.id}`)).body.status).toBe('OPEN');
  });

  it('keeps a timeline, oldest first, of entries { at, actor, kind, summary, fields, ref }, the summary worded from the fields', async () => {
    const { kase } = await newPersonWithCase();
    await caseworker.post(`/cases/${kase.id}/contacts`, { channel: 'EMAIL', direction: 'INBOUND', occurredAt: minutesBefore(now, 30), summary: 'Asked for an update.' });
    await caseworker.post(`/cases/${kase.id}/conclude`, { finalDecision: 'Not upheld.', outcomeExplained: true, rightOfReviewAdvised: true });
    const entries = await timelineOf(kase.id);
    expect(entries.map((e) => e.kind)).toEqual(['CASE_OPENED', 'CONTACT', 'CASE_CONCLUDED']);
    expect(Object.keys(entries[0]!).sort()).toEqual(['actor', 'at', 'fields', 'kind', 'ref', 'summary']);
    expect(entries[0]!.fields).toEqual({ caseType: kase.type, reference: kase.reference, subject: kase.subject });
    expect(entries[2]!).toMatchObject({ fields: { finalDecision: 'Not upheld.' }, summary: 'Case concluded. Final decision: Not upheld.' });
    expect(entries[0]!.actor).toEqual({ sub: 'staff-caseworker', name: 'Test caseworker' });
    expect([...entries.map((e) => e.at)].sort()).toEqual(entries.map((e) => e.at));
  });

  it('answers 404 for the timeline of an unknown case', async () => {
    expect((await caseworker.get('/cases/01NOSUCHCASE/timeline')).status).toBe(404);
  });
});

describe('the contact log', () => {
  const contact = (over: Record<string, unknown> = {}) => ({
    channel: 'PHONE',
    direction: 'INBOUND',
    occurredAt: minutesBefore(now, 60),
    summary: 'Called to ask for an update on the complaint.',
    durationMinutes: 12,
    ...over,
  });

  it('records a contact against the case and on its timeline', async () => {
    const { kase } = await newPersonWithCase();
    const res = await caseworker.post(`/cases/${kase.id}/contacts`, contact());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId: kase.id, serviceUserId: kase.serviceUserId, channel: 'PHONE', direction: 'INBOUND', durationMinutes: 12 });
    expect(res.body.recordedBy).toEqual({ sub: 'staff-caseworker', name: 'Test caseworker' });
    const entry = (await timelineOf(kase.id)).find((e) => e.kind === 'CONTACT');
    expect(entry?.ref).toEqual({ contactId: res.body.id });
    expect(entry?.summary).toContain('Called to ask for an update');
  });

  it('counts an inbound telephone call towards the person’s call limits, and nothing else', async () => {
    const phone = `+4414820${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;
    const { kase, person } = await newPersonWithCase({ phones: [phone] });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const counts = async (Key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key }))).Item?.callCounts as Record<string, number>;
    const at = minutesBefore(now, 15);
    const day = `D#${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(at))}`;
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at }));
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at, direction: 'OUTBOUND' }));
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at, channel: 'EMAIL' }));
    expect((await counts(KEY.serviceUser(person.id)))[day]).toBe(1);
    expect((await counts(KEY.contactPoint(person.id, 'PHONE', phone)))[day]).toBe(1);
  });

  it('lists the contacts of a case newest first, a page at a time', async () => {
    const { kase } = await newPersonWithCase();
    const times = [50, 10, 40, 20, 30].map((m) => minutesBefore(now, m));
    for (const occurredAt of times) expect((await caseworker.post(`/cases/${kase.id}/contacts`, contact({ channel: 'EMAIL', occurredAt }))).status).toBe(201);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await caseworker.get(`/cases/${kase.id}/contacts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { occurredAt: string }) => c.occurredAt));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...times].sort().reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('defaults to pages of 50 and refuses more than 100', async () => {
    const { kase } = await newPersonWithCase();
    const res = await caseworker.get(`/cases/${kase.id}/contacts`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    expect((await caseworker.get(`/cases/${kase.id}/contacts?limit=101`)).status).toBe(422);
    expect((await caseworker.get(`/cases/${kase.id}/contacts?cursor=not-ours`)).status).toBe(400);
  });

  it('logs a contact once however often the same Idempotency-Key is sent', async () => {
    const { kase } = await newPersonWithCase();
    const key = uniqueKey();
    const first = await caseworker.post(`/cases/${kase.id}/contacts`, contact(), { headers: { 'idempotency-key': key } });
    const again = await caseworker.post(`/cases/${kase.id}/contacts`, contact(), { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await caseworker.get(`/cases/${kase.id}/contacts`)).body.items).toHaveLength(1);
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'CONTACT')).toHaveLength(1);
    const different = await caseworker.post(`/cases/${kase.id}/contacts`, contact({ summary: 'Something else' }), { headers: { 'idempotency-key': key } });
    expect(different.status).toBe(422);
  });

  it('answers 404 for a contact on an unknown case', async () => {
    expect((await caseworker.post('/cases/01NOSUCHCASE/contacts', contact())).status).toBe(404);
    expect((await caseworker.get('/cases/01NOSUCHCASE/contacts')).status).toBe(404);
  });

  it('refuses a contact that has not happened yet, naming occurredAt, and writes nothing', async () => {
    const { kase } = await newPersonWithCase();
    const before = await timelineOf(kase.id);
    const future = new Date(now.getTime() + 10 * 60_000).toISOString();
    const res = await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: future }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['occurredAt']);
    expect(await timelineOf(kase.id)).toEqual(before);
    expect((await caseworker.get(`/cases/${kase.id}/contacts`)).body.items).toEqual([]);
  });

  it('names every field at fault: 422 for broken rules, 400 for wrong types, and writes nothing', async () => {
    const { kase } = await newPersonWithCase();
    const before = await timelineOf(kase.id);
    const broken = await caseworker.post(`/cases/${kase.id}/contacts`, { channel: 'FAX', direction: 'SIDEWAYS', occurredAt: 'yesterday', summary: 'x'.repeat(10_001) });
    expect(broken.status).toBe(422);
    expect(broken.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'direction', 'occurredAt', 'summary']);
    const wrongType = await caseworker.post(`/cases/${kase.id}/contacts`, contact({ durationMinutes: 'twelve' }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.map((e: { path: string }) => e.path)).toEqual(['durationMinutes']);
    expect(await timelineOf(kase.id)).toEqual(before);
  });

  it('finds the contacts of a person in a time window, across their cases, newest first', async () => {
    const { person, kase } = await newPersonWithCase();
    const other = await caseworker.post('/cases', { serviceUserId: person.id, type: 'REVIEW', subject: 'Review request' });
    const at = (m: number) => minutesBefore(now, m);
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at(300) }));
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at(200) }));
    await caseworker.post(`/cases/${other.body.id}/contacts`, contact({ channel: 'EMAIL', occurredAt: at(100) }));
    await caseworker.post(`/cases/${kase.id}/contacts`, contact({ occurredAt: at(5) }));

    const res = await caseworker.get(`/service-users/${person.id}/contacts?from=${encodeURIComponent(at(200))}&to=${encodeURIComponent(at(100))}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { occurredAt: string }) => c.occurredAt)).toEqual([at(100), at(200)]);
    expect(new Set(res.body.items.map((c: { caseId: string }) => c.caseId))).toEqual(new Set([kase.id, other.body.id]));

    const all = await caseworker.get(`/service-users/${person.id}/contacts`);
    expect(all.body.items).toHaveLength(4);
    const backwards = await caseworker.get(`/service-users/${person.id}/contacts?from=${encodeURIComponent(at(100))}&to=${encodeURIComponent(at(200))}`);
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].path).toBe('query.from');
    expect((await caseworker.get('/service-users/01NOBODY/contacts')).status).toBe(404);
  });

  it('needs a token (401) and a role that may record contacts (403); an auditor may read them', async () => {
    const { kase, person } = await newPersonWithCase();
    expect((await call('POST', `/cases/${kase.id}/contacts`, { token: null, body: contact() })).status).toBe(401);
    expect((await call('GET', `/cases/${kase.id}/contacts`, { token: null })).status).toBe(401);
    expect((await call('GET', `/service-users/${person.id}/contacts`, { token: null })).status).toBe(401);
    expect((await auditor.post(`/cases/${kase.id}/contacts`, contact())).status).toBe(403);
    expect((await lineManager.post(`/cases/${kase.id}/contacts`, contact())).status).toBe(201);
    expect((await auditor.get(`/cases/${kase.id}/contacts`)).status).toBe(200);
    expect((await auditor.get(`/service-users/${person.id}/contacts`)).status).toBe(200);
  });
});
