import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { itemKinds, KEY } from '../../lib/store/table.js';
import { addMonths, apiUrl, as, call, caseworker, eventually, headOfAssurance, inMonths, newPersonWithCase, som, tokenFor, uniqueKey } from './client.js';
import { activeStrategy, realToday, resetClock, setDay } from './review-helpers.js';
import { message, sendSmtp } from './smtp-client.js';

/**
 * Retention and disposal over HTTP: the clock walked past RETENTION_YEARS (6), a
 * disposal proposed by one Statutory Operations Manager and approved by the Head of
 * Assurance, then nothing of the person found by any route or by any key of theirs
 * in the table. The clock only moves forward here and is put back to real time after.
 */

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const TABLE = 'contact-strategy-test';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const del = async (path: string) => call('DELETE', path, { token: await tokenFor(['statutory-operations-manager'], { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' }) });
/** RETENTION_YEARS and a few days on from real time. */
const pastRetention = () => addMonths(realToday(), 12 * 6 + 1);

afterAll(async () => {
  await resetClock();
});

/** Pages through `GET /retention/due` (the shared stack may hold many people due) until `id` is found. */
async function dueEntry(id: string): Promise<{ serviceUserId: string; name: string; dueSince: string } | undefined> {
  let cursor: string | undefined;
  do {
    const res = await som.get(`/retention/due?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const hit = (res.body.items as Array<{ serviceUserId: string; name: string; dueSince: string }>).find((p) => p.serviceUserId === id);
    if (hit) return hit;
    cursor = res.body.nextCursor;
  } while (cursor);
  return undefined;
}

/** Every item under a key of `itemKinds()` that names the person, or one of their records, by id. */
async function itemsKeyedBy(ids: Record<string, string[]>): Promise<unknown[]> {
  const found: unknown[] = [];
  const slots = [
    [undefined, 'pk'],
    ['GSI1', 'gsi1pk'],
    ['GSI2', 'gsi2pk'],
    ['GSI3', 'gsi3pk'],
  ] as const;
  for (const kind of itemKinds()) {
    for (const v of kind.variants) {
      for (const [index, attr] of slots) {
        const template = v[attr];
        const placeholder = template?.match(/<[a-z]+>/g);
        if (!template || placeholder?.length !== 1) continue;
        for (const id of ids[placeholder[0]!] ?? []) {
          const res = await db.send(
            new QueryCommand({ TableName: TABLE, ...(index ? { IndexName: index } : {}), KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': attr }, ExpressionAttributeValues: { ':v': template.replace(placeholder[0]!, id) } }),
          );
          found.push(...(res.Items ?? []));
        }
      }
    }
  }
  return found;
}

describe('disposal of records past their retention', () => {
  it('deletes everything the API recorded about a person once they are due, with four eyes and a disposal record that names nobody', async () => {
    await resetClock();
    const { person, kase, strategy } = await activeStrategy({ reviewDate: inMonths(6), name: 'Dana Disposed' });
    const email = person.emails[0] as string;
    const contact = await caseworker.post(`/cases/${kase.id}/contacts`, { channel: 'PHONE', direction: 'INBOUND', occurredAt: minutesAgo(20), summary: 'Called about the complaint' });
    expect(contact.status).toBe(201);
    const incident = await caseworker.post(`/cases/${kase.id}/incidents`, { occurredAt: minutesAgo(19), channel: 'PHONE', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description: 'Shouted at the caseworker.' });
    expect(incident.status).toBe(201);
    const warning = await caseworker.post(`/service-users/${person.id}/warnings`, { caseIds: [kase.id], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' }, { headers: { 'idempotency-key': uniqueKey() } });
    expect(warning.status, JSON.stringify(warning.body)).toBe(201);
    const breach = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: minutesAgo(15), description: 'Called a third time this week.', contactIds: [contact.body.id] });
    expect(breach.status, JSON.stringify(breach.body)).toBe(201);
    expect((await som.post(`/breaches/${breach.body.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'Advice to be sought.' })).status).toBe(200);
    // A breach awaiting legal advice is still open: the advice and its outcome close it.
    const advice = await som.post(`/breaches/${breach.body.id}/legal-advice`, { receivedAt: new Date().toISOString(), summary: 'No action is needed.', outcome: 'NO_FURTHER_ACTION', notes: 'Advice followed.' });
    expect(advice.status, JSON.stringify(advice.body)).toBe(200);
    const appeal = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: minutesAgo(10), grounds: 'I was never told my calls were a problem.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    expect((await headOfAssurance.post(`/appeals/${appeal.body.id}/decision`, { outcome: 'UPHELD', reasons: 'The limit still lets you reach us.' })).status).toBe(200);
    const inbound = await sendSmtp(inject('smtpPort'), { from: email, to: 'office@opcc.localhost', data: message({ from: email, subject: 'Another question' }) });
    expect(inbound.code).toBe(250);
    const inboundContactId = /contact (\S+),/.exec(inbound.line)?.[1] ?? '';
    expect(inboundContactId).not.toBe('');
    // Its seen markers name the person in the screening they keep: they sit under the contact, to be found.
    const markers = async () =>
      (await db.send(new QueryCommand({ TableName: TABLE, IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :v', ExpressionAttributeValues: { ':v': `CONTACT#${inboundContactId}#INBOUND_EMAIL` } }))).Items ?? [];
    expect((await markers()).length).toBeGreaterThanOrEqual(1);
    // A call screened at the switchboard keeps a call item of its own, keyed by Connect's contact id.
    const connectId = randomUUID();
    const stored = (person.phones[0] as string).replace(/\s/g, '');
    const phone = stored.startsWith('+') ? stored : `+44${stored.slice(1)}`;
    const rang = await fetch(`${apiUrl()}/local/connect/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: phone, contactId: connectId }) });
    expect(rang.status).toBe(200);
    const callItem = async () => (await db.send(new GetCommand({ TableName: TABLE, Key: KEY.switchboardCall(connectId) }))).Item;
    expect(await callItem()).toMatchObject({ serviceUserId: person.id });
    const ended = await som.post(`/strategies/${strategy.id}/review`, { outcome: 'END', notes: 'Behaviour has improved.' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect((await caseworker.post(`/cases/${kase.id}/conclude`, { finalDecision: 'Not upheld.', outcomeExplained: true, rightOfReviewAdvised: true })).status).toBe(200);
    const letters = await eventually(
      () => caseworker.get(`/service-users/${person.id}/letters?limit=100`),
      // Every letter the steps above send, by email and by post, has been made (the last, the ENDED letters, after the review).
      (r) =>
        ['IMPLEMENTED', 'WARNING', 'APPEAL_OUTCOME', 'ENDED'].every((kind) => r.body.items.filter((l: { kind: string }) => l.kind === kind).length === 2) &&
        r.body.items.every((l: { status: string }) => l.status !== 'QUEUED'),
    );
    expect(letters.body.items.length).toBeGreaterThanOrEqual(3);
    // Nothing of theirs is due today: their case concluded just now.
    expect(await dueEntry(person.id)).toBeUndefined();

    await setDay(pastRetention());
    const due = await dueEntry(person.id);
    expect(due).toMatchObject({ serviceUserId: person.id, name: 'Dana Disposed', dueSince: addMonths(realToday(), 72) });
    expect((await as(['auditor']).get('/retention/due?limit=1')).status).toBe(200);

    const proposed = await som.post('/disposals', { serviceUserIds: [person.id], reason: 'Six years since the case concluded.' }, { headers: { 'idempotency-key': uniqueKey() } });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'PENDING_APPROVAL', serviceUserIds: [person.id] });
    const id = proposed.body.id as string;
    expect((await som.post(`/disposals/${id}/decision`, { decision: 'APPROVE', comments: 'My own proposal.' })).status).toBe(403);
    const approved = await headOfAssurance.post(`/disposals/${id}/decision`, { decision: 'APPROVE', comments: 'Checked: nothing open.' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('APPROVED');

    const done = await eventually(() => as(['auditor']).get(`/disposals/${id}`), (r) => r.body.status === 'DONE');
    expect(done.body).toMatchObject({ id, status: 'DONE', proposedBy: { sub: 'som-1' }, decidedBy: { sub: 'staff-head-of-assurance' }, skipped: [] });
    expect(done.body.counts).toMatchObject({ people: 1, cases: 1, incidents: 1, strategies: 1, warnings: 1, breaches: 1, appeals: 1 });
    expect(done.body.counts.contacts).toBeGreaterThanOrEqual(2);
    expect(done.body.counts.letters).toBe(letters.body.items.length);
    expect(JSON.stringify(done.body)).not.toContain(person.id);
    expect(JSON.stringify(done.body)).not.toContain('Dana');

    // Nothing of them by any route.
    expect((await caseworker.get(`/service-users/${person.id}`)).status).toBe(404);
    expect((await caseworker.get(`/cases/${kase.id}`)).status).toBe(404);
    expect((await caseworker.get(`/strategies/${strategy.id}`)).status).toBe(404);
    expect((await caseworker.get(`/incidents/${incident.body.id}`)).status).toBe(404);
    expect((await caseworker.get(`/breaches/${breach.body.id}`)).status).toBe(404);
    expect((await caseworker.get(`/appeals/${appeal.body.id}`)).status).toBe(404);
    for (const l of letters.body.items as Array<{ id: string }>) expect((await caseworker.get(`/letters/${l.id}`)).status).toBe(404);
    expect((await caseworker.post('/service-users/search', { email })).body.items).toEqual([]);
    expect((await caseworker.post('/service-users/search', { caseReference: kase.reference })).body.items).toEqual([]);
    expect((await caseworker.post('/service-users/search', { name: 'Dana Disposed' })).body.items.map((p: { id: string }) => p.id)).not.toContain(person.id);
    // Nor by any key of theirs in the table.
    const left = await itemsKeyedBy({
      '<id>': [person.id, kase.id, strategy.id, warning.body.id, incident.body.id, breach.body.id, appeal.body.id, contact.body.id, inboundContactId],
      '<suid>': [person.id],
      '<sid>': [strategy.id],
      '<cid>': [kase.id],
      '<wid>': [warning.body.id],
      '<ctid>': [inboundContactId],
    });
    expect(left).toEqual([]);
    expect(await callItem()).toBeUndefined();
    expect(await markers()).toEqual([]);
  });

  it('never disposes of a person under a legal hold or with something open, and says why', async () => {
    await resetClock();
    const held = (await newPersonWithCase({ name: 'Harper Held' })).person;
    const open = (await newPersonWithCase({ name: 'Olive Open' })).person;
    const quiet = await caseworker.post('/service-users', { name: 'Quinn Quiet', emails: [`quinn.${randomUUID().slice(0, 8)}@example.com`] });
    expect(quiet.status).toBe(201);
    for (const p of [held]) {
      const cases = await caseworker.get(`/service-users/${p.id}/cases`);
      for (const c of cases.body.items) expect((await caseworker.post(`/cases/${c.id}/conclude`, { finalDecision: 'Closed.', outcomeExplained: true, rightOfReviewAdvised: true })).status).toBe(200);
    }
    const hold = await som.post(`/service-users/${held.id}/legal-hold`, { reason: 'A claim is before the county court.' });
    expect(hold.status, JSON.stringify(hold.body)).toBe(200);
    expect(hold.body.legalHold).toMatchObject({ reason: 'A claim is before the county court.', by: { sub: 'som-1' } });
    expect((await caseworker.post(`/service-users/${held.id}/legal-hold`, { reason: 'x' })).status).toBe(403);
    expect((await caseworker.get(`/service-users/${held.id}`)).body.history.map((h: { action: string }) => h.action)).toContain('LEGAL_HOLD_SET');

    await setDay(pastRetention());
    expect(await dueEntry(held.id)).toBeUndefined();
    expect(await dueEntry(open.id)).toBeUndefined();
    expect(await dueEntry(quiet.body.id)).toMatchObject({ name: 'Quinn Quiet' });

    const refused = await som.post('/disposals', { serviceUserIds: [quiet.body.id, held.id, open.id], reason: 'Past retention.' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'serviceUserIds.1', message: expect.stringContaining('legal hold') },
      { path: 'serviceUserIds.2', message: expect.stringContaining('still open') },
    ]);

    // Proposed while due, then held before the approval: left out at the moment of deletion, and named.
    const proposed = await som.post('/disposals', { serviceUserIds: [quiet.body.id], reason: 'Past retention.' });
    expect(proposed.status).toBe(201);
    expect((await som.post(`/service-users/${quiet.body.id}/legal-hold`, { reason: 'Subject access request pending.' })).status).toBe(200);
    expect((await headOfAssurance.post(`/disposals/${proposed.body.id}/decision`, { decision: 'APPROVE', comments: 'Agreed.' })).status).toBe(200);
    const done = await eventually(() => som.get(`/disposals/${proposed.body.id}`), (r) => r.body.status === 'DONE');
    expect(done.body.skipped).toEqual([{ serviceUserId: quiet.body.id, why: 'a legal hold is on them' }]);
    expect(done.body.counts).toEqual({});
    expect((await caseworker.get(`/service-users/${quiet.body.id}`)).status).toBe(200);

    // Lifted, the hold goes on the history and the person is due again.
    const lifted = await del(`/service-users/${held.id}/legal-hold`);
    expect(lifted.status).toBe(200);
    expect(lifted.body.legalHold).toBeUndefined();
    expect(await dueEntry(held.id)).toMatchObject({ name: 'Harper Held' });
  });
});
