import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, as, auditor, call, caseworker, eventually, newPersonWithCase, setClock, som, uniqueKey } from './client.js';
import { putInForce } from './in-force.js';

/**
 * Screening over HTTP against the local stack. Strategies in force are seeded by
 * writing the screening snapshot directly (as the strategy lifecycle does when a
 * strategy becomes ACTIVE), so every kind of restriction can be screened.
 */

// The store modules read their settings at import: point them at the stack's DynamoDB first.
let store: {
  commit: typeof import('../../lib/store/db.js').commit;
  setInForceWrites: typeof import('../../lib/store/person-snapshot.js').setInForceWrites;
  getServiceUserItem: typeof import('../../lib/store/service-users.js').getServiceUserItem;
  doc: typeof import('../../lib/clients/dynamodb.js').doc;
  GetCommand: typeof import('@aws-sdk/lib-dynamodb').GetCommand;
  QueryCommand: typeof import('@aws-sdk/lib-dynamodb').QueryCommand;
};
const TABLE = 'contact-strategy-test';

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = TABLE;
  const [db, snapshot, users, clients, lib] = await Promise.all([
    import('../../lib/store/db.js'),
    import('../../lib/store/person-snapshot.js'),
    import('../../lib/store/service-users.js'),
    import('../../lib/clients/dynamodb.js'),
    import('@aws-sdk/lib-dynamodb'),
  ]);
  store = { commit: db.commit, setInForceWrites: snapshot.setInForceWrites, getServiceUserItem: users.getServiceUserItem, doc: clients.doc, GetCommand: lib.GetCommand, QueryCommand: lib.QueryCommand };
});

afterAll(async () => {
  await setClock(new Date().toISOString());
});

const email = () => `screen.${uniqueKey().slice(0, 8)}@example.com`;
/** A UK mobile number unique to this run, in national form. */
const mobile = () => `07700 ${String(100000 + Math.floor(Math.random() * 899999))}`;
const e164 = (national: string) => `+44${national.replace(/\s/g, '').slice(1)}`;

async function newPerson(over: Record<string, unknown> = {}) {
  const res = await caseworker.post('/service-users', { name: 'Sam Screened', emails: [email()], postalAddress: { lines: ['2 Low Street', 'Hull'], postcode: 'HU2 2BB' }, ...over });
  expect(res.status).toBe(201);
  return res.body as { id: string; emails: string[]; phones: string[] };
}

const screen = (body: unknown, headers?: Record<string, string>) => caseworker.post('/contacts/screen', body, { headers });

async function contactItem(contactId: string) {
  const res = await store.doc.send(new store.GetCommand({ TableName: TABLE, Key: { pk: `CONTACT#${contactId}`, sk: 'CONTACT' } }));
  return res.Item;
}

async function contactsOf(personId: string) {
  const res = await store.doc.send(
    new store.QueryCommand({ TableName: TABLE, IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `SU#${personId}#CONTACT` } }),
  );
  return res.Items ?? [];
}

async function concludedCaseOf(personId: string) {
  const kase = await caseworker.post('/cases', { serviceUserId: personId, type: 'COMPLAINT', subject: 'A concluded complaint' });
  expect(kase.status).toBe(201);
  const done = await caseworker.post(`/cases/${kase.body.id}/conclude`, { finalDecision: 'Not upheld', outcomeExplained: true, rightOfReviewAdvised: true });
  expect(done.status).toBe(200);
  return kase.body as { id: string };
}

describe('screening inbound contacts', () => {
  it('proceeds when no strategy is in force, and records the contact against the person', async () => {
    const p = await newPerson();
    const res = await screen({ channel: 'EMAIL', from: p.emails[0] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'PROCEED', potentialBreach: false });
    expect(res.body.contactId).toEqual(expect.any(String));
    expect(res.body.strategyId).toBeUndefined();
    const item = await contactItem(res.body.contactId);
    expect(item).toMatchObject({ serviceUserId: p.id, channel: 'EMAIL', direction: 'INBOUND', screening: { decision: 'PROCEED' } });
  });

  it('blocks a telephone call under NO_TELEPHONE as a potential breach, and lets email through', async () => {
    const p = await newPerson();
    const sid = await putInForce(p.id, [{ type: 'NO_TELEPHONE' }]);
    const call1 = await screen({ channel: 'PHONE', serviceUserId: p.id });
    expect(call1.status).toBe(200);
    expect(call1.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true, strategyId: sid });
    expect(call1.body.reasons[0]).toMatch(/Telephone contact is not allowed/);
    expect((await screen({ channel: 'EMAIL', serviceUserId: p.id })).body.decision).toBe('PROCEED');
  });

  it('blocks all but the allowed written channels under WRITTEN_ONLY', async () => {
    const p = await newPerson();
    await putInForce(p.id, [{ type: 'WRITTEN_ONLY', channels: ['POST'] }]);
    for (const channel of ['PHONE', 'VISIT', 'ONLINE', 'EMAIL']) {
      const res = await screen({ channel, serviceUserId: p.id });
      expect(res.body, channel).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    }
    expect((await screen({ channel: 'POST', serviceUserId: p.id })).body.decision).toBe('PROCEED');
  });

  it('finds the person by email however it is written and blocks a blocked address', async () => {
    const blocked = email();
    const other = email();
    const p = await newPerson({ emails: [blocked, other] });
    await putInForce(p.id, [{ type: 'BLOCK_ADDRESSES', addresses: [blocked] }]);
    const res = await screen({ channel: 'EMAIL', from: `  ${blocked.toUpperCase()} ` });
    expect(res.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    expect((await contactItem(res.body.contactId))?.serviceUserId).toBe(p.id);
    expect((await screen({ channel: 'EMAIL', from: other })).body.decision).toBe('PROCEED');
  });

  it('finds a person whose email was changed by the new address, under the same strategy, and no longer by the old one', async () => {
    const old = email();
    const fresh = email();
    const p = await newPerson({ emails: [old] });
    const sid = await putInForce(p.id, [{ type: 'WRITTEN_ONLY', channels: ['POST'] }]);
    const current = await caseworker.get(`/service-users/${p.id}`);
    const changed = await caseworker.patch(`/service-users/${p.id}`, { emails: [fresh] }, { headers: { 'if-match': current.headers.get('etag')! } });
    expect(changed.status).toBe(200);

    const byNew = await screen({ channel: 'EMAIL', from: fresh });
    expect(byNew.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true, strategyId: sid });
    expect((await contactItem(byNew.body.contactId))?.serviceUserId).toBe(p.id);
    const byOld = await screen({ channel: 'EMAIL', from: old });
    expect(byOld.body).toMatchObject({ decision: 'PROCEED', potentialBreach: false });
    expect((await contactItem(byOld.body.contactId))?.serviceUserId).toBeUndefined();
  });

  it('finds the person by a UK number written differently and asks for the call to be recorded', async () => {
    const number = mobile();
    const p = await newPerson({ phones: [number] });
    await putInForce(p.id, [{ type: 'RECORD_CALLS' }, { type: 'TELEPHONE_LIMIT', maxCalls: 5, per: 'DAY', maxMinutes: 10 }]);
    const written = `+44 (0)${number.slice(1, 5)}-${number.slice(6)}`;
    const res = await screen({ channel: 'PHONE', from: written });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'PROCEED', recordCall: true, callMinutesLimit: 10, potentialBreach: false });
    const item = await contactItem(res.body.contactId);
    expect(item).toMatchObject({ serviceUserId: p.id, from: e164(number) });
  });

  it('routes contact through the single point of contact', async () => {
    const p = await newPerson();
    await putInForce(p.id, [{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-42', staffName: 'Jo Bloggs' }]);
    const res = await screen({ channel: 'EMAIL', from: p.emails[0] });
    expect(res.body).toMatchObject({ decision: 'PROCEED_VIA_SPOC', spoc: { staffId: 'staff-42', staffName: 'Jo Bloggs' }, potentialBreach: false });
  });

  it('refuses a second contact about a concluded matter under REFUSE_SAME_MATTER and records it on the case timeline with its decision', async () => {
    const { person, kase: openCase } = await newPersonWithCase();
    const concluded = await concludedCaseOf(person.id);
    const sid = await putInForce(person.id, [{ type: 'REFUSE_SAME_MATTER', caseIds: [concluded.id] }, { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-7', staffName: 'Pat Point' }], { caseIds: [concluded.id, openCase.id] });

    const refused = await screen({ channel: 'EMAIL', from: person.emails[0], caseId: concluded.id, summary: 'Demands the complaint is reopened' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ decision: 'REFUSE', strategyId: sid, potentialBreach: false });
    const timeline = await caseworker.get(`/cases/${concluded.id}/timeline`);
    const entry = timeline.body.items.find((e: { ref: { contactId?: string } }) => e.ref.contactId === refused.body.contactId);
    expect(entry).toMatchObject({ kind: 'CONTACT', ref: { contactId: refused.body.contactId, strategyId: sid } });
    expect(entry.summary).toMatch(/Demands the complaint is reopened/);
    expect(entry.summary).toMatch(/Screened: Refuse – concluded matter\./);

    // A fresh matter, or a case the strategy's matter rules do not list, is never refused.
    const fresh = await screen({ channel: 'EMAIL', serviceUserId: person.id, caseId: concluded.id, freshMatter: true });
    expect(fresh.body).toMatchObject({ decision: 'PROCEED_VIA_SPOC', spoc: { staffName: 'Pat Point' } });
    const other = await screen({ channel: 'EMAIL', serviceUserId: person.id, caseId: openCase.id });
    expect(other.body.decision).toBe('PROCEED_VIA_SPOC');
  });

  it('logs but does not respond to demands about a concluded case under LOG_ONLY', async () => {
    const p = await newPerson();
    const concluded = await concludedCaseOf(p.id);
    await putInForce(p.id, [{ type: 'LOG_ONLY', caseIds: [concluded.id] }], { caseIds: [concluded.id] });
    const res = await screen({ channel: 'POST', serviceUserId: p.id, caseId: concluded.id });
    expect(res.body).toMatchObject({ decision: 'LOG_ONLY', potentialBreach: false });
    const timeline = await caseworker.get(`/cases/${concluded.id}/timeline`);
    expect(timeline.body.items.some((e: { summary: string }) => /Screened: Log only – do not respond\./.test(e.summary))).toBe(true);
  });

  it('finds whose case it is when only the case is named', async () => {
    const p = await newPerson();
    const concluded = await concludedCaseOf(p.id);
    await putInForce(p.id, [{ type: 'REFUSE_SAME_MATTER', caseIds: [concluded.id] }], { caseIds: [concluded.id] });
    const res = await screen({ channel: 'EMAIL', caseId: concluded.id, from: email() });
    expect(res.body.decision).toBe('REFUSE');
    expect((await contactItem(res.body.contactId))?.serviceUserId).toBe(p.id);
  });

  it('records a contact that matches nobody, against no one, and proceeds', async () => {
    const from = email();
    const res = await screen({ channel: 'EMAIL', from, summary: 'Asks how to complain' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'PROCEED', potentialBreach: false, contactId: expect.any(String) });
    const item = await contactItem(res.body.contactId);
    expect(item).toMatchObject({ gsi2pk: 'UNMATCHED_CONTACT', from, screening: { decision: 'PROCEED' } });
    expect(item?.serviceUserId).toBeUndefined();
    expect((await screen({ channel: 'VISIT' })).body.decision).toBe('PROCEED');
  });

  it('answers the most restrictive outcome for an address shared by several people, held against no one', async () => {
    const shared = email();
    const a = await newPerson({ emails: [shared] });
    await newPerson({ emails: [shared] });
    await putInForce(a.id, [{ type: 'WRITTEN_ONLY', channels: ['POST'] }]);
    const res = await screen({ channel: 'EMAIL', from: shared });
    expect(res.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    expect(res.body.reasons[0]).toMatch(/on record for 2 people/);
    expect((await contactItem(res.body.contactId))?.serviceUserId).toBeUndefined();
  });

  it('replays the first answer for a repeated Idempotency-Key and records one contact', async () => {
    const p = await newPerson();
    const key = uniqueKey();
    const first = await screen({ channel: 'EMAIL', serviceUserId: p.id }, { 'idempotency-key': key });
    const again = await screen({ channel: 'EMAIL', serviceUserId: p.id }, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await contactsOf(p.id)).toHaveLength(1);
    expect((await screen({ channel: 'POST', serviceUserId: p.id }, { 'idempotency-key': key })).status).toBe(422);
  });
});

describe('screening a strategy made ACTIVE through the real lifecycle', () => {
  it('applies a strategy drafted, submitted, approved and made ACTIVE by the state machine', async () => {
    const proposer = as(['caseworker'], { sub: 'cw-screening-proposer', name: 'Casey Screening', email: 'casey.screening@opcc.localhost' });
    const { now: clockNow } = (await (await fetch(`${apiUrl()}/local/clock`)).json()) as { now: string };
    const review = new Date(new Date(clockNow).getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
    const { person, kase } = await newPersonWithCase({ phones: [mobile()] });
    const concluded = await concludedCaseOf(person.id);
    const drafted = await proposer.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id, concluded.id],
      reason: 'Repeated calls demanding the concluded complaint is reopened.',
      purpose: 'Keep contact manageable while the open complaint is dealt with.',
      reviewDate: review,
      restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'REFUSE_SAME_MATTER', caseIds: [concluded.id] }],
      factors: Object.fromEntries(
        ['additionalNeeds', 'faqSignposted', 'outcomeExplained', 'rightOfReviewAdvised', 'correctlySignposted', 'informedBehaviourUnacceptable', 'freshMattersAccessible'].map((f) => [
          f,
          // Told without a warning letter: the notes say how (the warnings safeguard).
          { answer: f === 'additionalNeeds' ? 'NO' : 'YES', ...(f === 'informedBehaviourUnacceptable' ? { notes: 'Told on the telephone on 3 March.' } : {}) },
        ]),
      ),
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const id = drafted.body.id as string;
    expect((await proposer.post(`/strategies/${id}/submit`)).status).toBe(200);
    expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' })).status).toBe(200);
    const status = (await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE')).body.status;
    expect(status).toBe('ACTIVE');

    const byPhone = await screen({ channel: 'PHONE', from: person.phones[0] });
    expect(byPhone.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true, strategyId: id });
    const sameMatter = await screen({ channel: 'EMAIL', from: person.emails[0], caseId: concluded.id });
    expect(sameMatter.body).toMatchObject({ decision: 'REFUSE', strategyId: id });
    const openCase = await screen({ channel: 'EMAIL', from: person.emails[0], caseId: kase.id });
    expect(openCase.body.decision).toBe('PROCEED');
  });
});

describe('telephone limits, counted per UK day, ISO week and calendar month', () => {
  it('reaches a daily limit and starts again after UK midnight (summer time)', async () => {
    const [n1, n2] = [mobile(), mobile()];
    const p = await newPerson({ phones: [n1, n2] });
    await putInForce(p.id, [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'DAY' }]);
    await setClock('2026-07-14T22:40:00.000Z'); // 23:40 BST
    // The count is kept on every copy: by id, by one number, by the other.
    expect((await screen({ channel: 'PHONE', serviceUserId: p.id })).body.decision).toBe('PROCEED');
    expect((await screen({ channel: 'PHONE', from: n1 })).body.decision).toBe('PROCEED');
    const third = await screen({ channel: 'PHONE', from: n2 });
    expect(third.body).toMatchObject({ decision: 'LIMIT_REACHED', potentialBreach: true });
    expect(third.body.reasons[0]).toMatch(/2 calls a day/);
    // Email is not a call.
    expect((await screen({ channel: 'EMAIL', serviceUserId: p.id })).body.decision).toBe('PROCEED');
    await setClock('2026-07-14T23:05:00.000Z'); // 00:05 BST on the 15th: a new UK day
    expect((await screen({ channel: 'PHONE', from: n1 })).body.decision).toBe('PROCEED');
  });

  it('reaches a weekly limit and starts again on Monday', async () => {
    const n = mobile();
    const p = await newPerson({ phones: [n] });
    await putInForce(p.id, [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK', maxMinutes: 20 }]);
    await setClock('2026-11-23T09:00:00.000Z'); // Monday
    expect((await screen({ channel: 'PHONE', from: n })).body).toMatchObject({ decision: 'PROCEED', callMinutesLimit: 20 });
    await setClock('2026-11-29T23:50:00.000Z'); // Sunday 23:50 UK (GMT)
    const sunday = await screen({ channel: 'PHONE', from: n });
    expect(sunday.body).toMatchObject({ decision: 'LIMIT_REACHED', potentialBreach: true });
    expect(sunday.body.callMinutesLimit).toBeUndefined();
    await setClock('2026-11-30T00:10:00.000Z'); // Monday
    expect((await screen({ channel: 'PHONE', from: n })).body.decision).toBe('PROCEED');
  });

  it('reaches a monthly limit and starts again on the first of the month', async () => {
    const n = mobile();
    const p = await newPerson({ phones: [n] });
    await putInForce(p.id, [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'MONTH' }]);
    await setClock('2027-01-03T10:00:00.000Z');
    await screen({ channel: 'PHONE', from: n });
    await setClock('2027-01-31T23:30:00.000Z');
    expect((await screen({ channel: 'PHONE', from: n })).body.decision).toBe('PROCEED');
    expect((await screen({ channel: 'PHONE', from: n })).body.decision).toBe('LIMIT_REACHED');
    await setClock('2027-02-01T00:01:00.000Z');
    expect((await screen({ channel: 'PHONE', from: n })).body.decision).toBe('PROCEED');
  });

  it('counts a call at the instant it was received when receivedAt is given', async () => {
    const n = mobile();
    const p = await newPerson({ phones: [n] });
    await putInForce(p.id, [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }]);
    await setClock('2026-03-10T12:00:00.000Z');
    expect((await screen({ channel: 'PHONE', from: n, receivedAt: '2026-03-09T11:00:00Z' })).body.decision).toBe('PROCEED');
    expect((await screen({ channel: 'PHONE', from: n })).body.decision).toBe('PROCEED');
    expect((await screen({ channel: 'PHONE', from: n, receivedAt: '2026-03-10T09:00:00+00:00' })).body.decision).toBe('LIMIT_REACHED');
    const profile = await store.getServiceUserItem(p.id);
    expect(profile?.callCounts).toMatchObject({ 'D#2026-03-09': 1, 'D#2026-03-10': 2 });
  });
});

describe('screening input and access', () => {
  it('answers 400 for wrong types and 422 for broken rules, naming every field, and writes nothing', async () => {
    const p = await newPerson();
    const before = await store.getServiceUserItem(p.id);

    const wrongType = await screen({ channel: 42, serviceUserId: p.id, freshMatter: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongType.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'freshMatter']);

    const broken = await screen({ channel: 'FAX', serviceUserId: p.id, from: 'not a number', durationMinutes: -1, summary: 'x'.repeat(10_001) });
    expect(broken.status).toBe(422);
    expect(broken.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'durationMinutes', 'from', 'summary']);

    const future = await screen({ channel: 'PHONE', serviceUserId: p.id, receivedAt: new Date(Date.now() + 86_400_000 * 400).toISOString() });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].path).toBe('receivedAt');

    expect((await screen('{"channel": ')).status).toBe(400);
    expect((await screen([])).status).toBe(400);

    expect(await contactsOf(p.id)).toHaveLength(0);
    expect((await store.getServiceUserItem(p.id))?.callCounts).toEqual(before?.callCounts);
  });

  it('answers 404 for an unknown person or case and 422 for another person’s case, and writes nothing', async () => {
    const p = await newPerson({ phones: [mobile()] });
    const { kase: someoneElses } = await newPersonWithCase();

    const noPerson = await screen({ channel: 'PHONE', serviceUserId: 'NO-SUCH-PERSON' });
    expect(noPerson.status).toBe(404);
    expect(noPerson.body.errors[0].path).toBe('serviceUserId');

    const noCase = await screen({ channel: 'PHONE', serviceUserId: p.id, caseId: 'NO-SUCH-CASE' });
    expect(noCase.status).toBe(404);
    expect(noCase.body.errors[0].path).toBe('caseId');

    const wrongCase = await screen({ channel: 'PHONE', serviceUserId: p.id, caseId: someoneElses.id });
    expect(wrongCase.status).toBe(422);
    expect(wrongCase.body.errors[0].path).toBe('caseId');

    expect(await contactsOf(p.id)).toHaveLength(0);
    expect((await store.getServiceUserItem(p.id))?.callCounts).toEqual({});
  });

  it('needs a token (401) and a role that may record (403: an auditor may not screen)', async () => {
    expect((await call('POST', '/contacts/screen', { token: null, body: { channel: 'EMAIL' } })).status).toBe(401);
    expect((await call('POST', '/contacts/screen', { token: 'not-a-jwt', body: { channel: 'EMAIL' } })).status).toBe(401);
    expect((await auditor.post('/contacts/screen', { channel: 'EMAIL' })).status).toBe(403);
  });
});
