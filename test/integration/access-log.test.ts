import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { accessLogWrite, personHistoryWrite } from '../../lib/store/person-record.js';
import { as, auditor, caseworker, eventually, newPersonWithCase, problemPaths, som } from './client.js';
import { activeStrategy, addMonths, realToday } from './review-helpers.js';

/**
 * Who read a person's record: every read of it is logged against the person as
 * `{ at, actor, route }`, listed newest first by `GET /service-users/{id}/access-log`
 * (the SOM and auditors); a read that fails logs nothing; screening is not a read.
 * The change history and the access log are items of their own, so a person edited,
 * exported or read ten thousand times still reads and writes normally.
 */
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
const TABLE = 'contact-strategy-test';
const reader = as(['caseworker'], { sub: 'cw-reader-1', name: 'Rita Reader', email: 'rita.reader@opcc.localhost' });

type Entry = { at: string; actor: { sub: string; name: string }; route: string };
async function accessLog(personId: string, limit = 100): Promise<Entry[]> {
  const res = await som.get(`/service-users/${personId}/access-log?limit=${limit}`);
  expect(res.status).toBe(200);
  return res.body.items as Entry[];
}

async function putAll(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length) {
      const res = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending as never } }));
      pending = res.UnprocessedItems?.[TABLE] as Record<string, unknown>[] | undefined;
    }
  }
}
const itemOf = (w: unknown) => (w as { Put: { Item: Record<string, unknown> } }).Put.Item;

describe('who read a person\'s record', () => {
  it('logs every read of the person, their lists, a case, its timeline, a strategy and a letter, newest first; reading the log is logged too', async () => {
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(realToday(), 4), name: 'Lou Logged', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    const letters = await eventually(() => caseworker.get(`/strategies/${strategy.id}`), (r) => (r.body.letters ?? []).some((l: { channel: string; status: string }) => l.channel === 'POST' && l.status !== 'FAILED'));
    const posted = letters.body.letters.find((l: { channel: string }) => l.channel === 'POST');
    const incident = await caseworker.post(`/cases/${kase.id}/incidents`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), channel: 'PHONE', behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'], description: 'Rang again.', callTerminated: false, warningGiven: false });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    const breach = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: 'Rang twice.' });
    expect(breach.status).toBe(201);
    const appeal = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: new Date(Date.now() - 1000).toISOString(), grounds: 'I was not told.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    const before = await accessLog(person.id);

    const reads = [
      `/service-users/${person.id}`,
      `/service-users/${person.id}/cases`,
      `/service-users/${person.id}/strategies`,
      `/service-users/${person.id}/letters`,
      `/service-users/${person.id}/contacts?from=2020-01-01T00:00:00Z`,
      `/service-users/${person.id}/warnings`,
      `/cases/${kase.id}`,
      `/cases/${kase.id}/timeline?limit=5`,
      `/cases/${kase.id}/contacts`,
      `/cases/${kase.id}/incidents`,
      `/incidents/${incident.body.id}`,
      `/strategies/${strategy.id}`,
      `/strategies/${strategy.id}/letter`,
      `/strategies/${strategy.id}/breaches`,
      `/strategies/${strategy.id}/appeals`,
      `/breaches/${breach.body.id}`,
      `/appeals/${appeal.body.id}`,
      `/letters/${posted.id}`,
      `/letters/${posted.id}/pdf`,
    ];
    for (const path of reads) expect((await reader.get(path)).status, path).toBe(200);
    expect((await auditor.get(`/service-users/${person.id}/export`)).status).toBe(200);
    // Screening is recorded as a contact, not as a read.
    expect((await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id, summary: 'Rang.' })).status).toBe(200);

    const after = await accessLog(person.id);
    // The access-log read before these is on the log too, as the newest entry of `before`'s time.
    const fresh = after.slice(0, after.length - before.length - 1);
    expect(fresh.map((e) => e.route)).toEqual([`GET /service-users/${person.id}/export`, ...reads.map((p) => `GET ${p.split('?')[0]}`).reverse()]);
    for (const e of fresh.slice(1)) expect(e.actor).toEqual({ sub: 'cw-reader-1', name: 'Rita Reader' });
    expect(fresh[0]!.actor.sub).toBe('staff-auditor');
    expect(after[after.length - before.length - 1]).toMatchObject({ route: `GET /service-users/${person.id}/access-log`, actor: { sub: 'som-1' } });
    const times = after.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // No query string (dates, cursors) is recorded.
    expect(JSON.stringify(after)).not.toContain('?');
  });

  it('is for the SOM and auditors, paginated like other lists; a read that fails logs nothing', async () => {
    const { person, kase } = await newPersonWithCase({ name: 'Pat Paged' });
    for (let i = 0; i < 3; i++) expect((await reader.get(`/cases/${kase.id}`)).status).toBe(200);
    expect((await reader.get(`/service-users/${person.id}/access-log`)).status).toBe(403);
    // Refused reads: an unknown case, a cursor the API did not issue.
    expect((await reader.get('/cases/01NOSUCHCASE000000000000000')).status).toBe(404);
    const badCursor = await reader.get(`/service-users/${person.id}/cases?cursor=bm9wZQ`);
    expect(badCursor.status).toBe(400);
    expect(problemPaths(badCursor.body)).toEqual(['query.cursor']);
    expect((await auditor.get('/service-users/01NOSUCHPERSON00000000000000/access-log')).status).toBe(404);

    const first = await auditor.get(`/service-users/${person.id}/access-log?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: Entry) => e.route)).toEqual([`GET /cases/${kase.id}`, `GET /cases/${kase.id}`]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await auditor.get(`/service-users/${person.id}/access-log?limit=2&cursor=${first.body.nextCursor}`);
    // The first read of the case; the first page's own read of the log is newer than the cursor, so it is not on this page.
    expect(second.body.items.map((e: Entry) => e.route)).toEqual([`GET /cases/${kase.id}`]);
    const third = await auditor.get(`/service-users/${person.id}/access-log?limit=100`);
    expect(third.body.items.filter((e: Entry) => e.route.startsWith('GET /cases/')).length).toBe(3);
    expect(third.body.items.filter((e: Entry) => e.route.endsWith('/access-log'))).toHaveLength(2);
    expect(third.body.items.filter((e: Entry) => e.route.endsWith('/cases'))).toEqual([]);
    expect((await auditor.get(`/service-users/${person.id}/access-log?limit=500`)).status).toBeGreaterThanOrEqual(400);
  });

  it('a person edited, exported and read ten thousand times still reads and writes normally: history and access log are items of their own', async () => {
    const { person } = await newPersonWithCase({ name: 'Tess Thousands' });
    const actor = { sub: 'cw-bulk', name: 'Bulk Editor' };
    const start = Date.parse('2025-01-01T00:00:00.000Z');
    const history = Array.from({ length: 10_000 }, (_, i) => itemOf(personHistoryWrite(person.id, { at: new Date(start + i * 1000).toISOString(), actor, action: i % 2 ? 'EXPORTED' : 'UPDATED', fields: i % 2 ? [] : ['additionalNeeds'] })));
    const reads = Array.from({ length: 10_000 }, (_, i) => itemOf(accessLogWrite(person.id, { at: new Date(start + i * 1000).toISOString(), actor, route: `GET /service-users/${person.id}` })));
    await putAll([...history, ...reads]);

    const read = await caseworker.get(`/service-users/${person.id}`);
    expect(read.status).toBe(200);
    expect(read.body.history).toHaveLength(50);
    expect(read.body.historyTruncated).toBe(true);
    expect(read.body.history.at(-1).at).toBe(new Date(start + 9_999_000).toISOString());

    const edited = await reader.patch(`/service-users/${person.id}`, { additionalNeeds: 'Large print, please.' }, { headers: { 'if-match': `"${read.body.version}"` } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.history).toHaveLength(50);
    expect(edited.body.history.at(-1)).toMatchObject({ action: 'UPDATED', fields: ['additionalNeeds'], actor: { sub: 'cw-reader-1' } });

    const exported = await auditor.get(`/service-users/${person.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.serviceUser.history).toHaveLength(10_002);
    expect(exported.body.serviceUser.history.at(-1)).toMatchObject({ action: 'EXPORTED' });

    const log = await som.get(`/service-users/${person.id}/access-log?limit=3`);
    expect(log.body.items.map((e: Entry) => e.route)).toEqual([`GET /service-users/${person.id}/export`, `GET /service-users/${person.id}`, `GET /service-users/${person.id}`]);
    expect(log.body.items[1].actor.sub).not.toBe('cw-bulk');

    // The profile item stays small: nothing was appended to it.
    const profile = (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: `SU#${person.id}`, sk: 'PROFILE' } }))).Item;
    expect(profile?.history).toBeUndefined();
    expect(JSON.stringify(profile).length).toBeLessThan(4_000);
  }, 180_000);
});
