import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { caseworker, uniqueKey } from './client.js';
import { storeOnRunTable, TABLE } from './run-table.js';

/**
 * The one-off move of contact points and review claims out of the person's and the
 * strategy's partitions (lib/store/move-deletable-items.ts), on a table written the
 * earlier way: seeded here item by item, as the earlier code wrote them.
 */

let store: Awaited<ReturnType<typeof storeOnRunTable>> & { move: typeof import('../../lib/store/move-deletable-items.js').moveDeletableItems };

beforeAll(async () => {
  const base = await storeOnRunTable();
  store = { ...base, move: (await import('../../lib/store/move-deletable-items.js')).moveDeletableItems };
});

const get = async (Key: { pk: string; sk: string }) => (await store.doc.send(new store.lib.GetCommand({ TableName: TABLE, Key, ConsistentRead: true }))).Item;
const put = (Item: Record<string, unknown>) => store.doc.send(new store.lib.PutCommand({ TableName: TABLE, Item }));
const del = (Key: { pk: string; sk: string }) => store.doc.send(new store.lib.DeleteCommand({ TableName: TABLE, Key }));

/** Moves a contact point back to where the earlier code kept it: the person's partition. */
async function asEarlier(personId: string, kind: 'EMAIL' | 'PHONE', value: string, keepNew = false) {
  const now = store.table.KEY.contactPoint(personId, kind, value);
  const item = (await get(now))!;
  await put({ ...item, pk: `SU#${personId}`, sk: `CP#${kind}#${value}` });
  if (!keepNew) await del(now);
}

describe('moving contact points and review claims into partitions of their own', () => {
  it('moves a person’s contact points and an in-force strategy’s claims, once; the person is found by email and phone as one person throughout', async () => {
    const email = `move.${uniqueKey().slice(0, 8)}@example.com`;
    // A number nobody else on the shared stack has: a shared number screens as no one in particular.
    const ownPhone = `07700 ${String(Date.now() % 1_000_000).padStart(6, '0')}`;
    const created = await caseworker.post('/service-users', { name: 'Morgan Moved', emails: [email], phones: [ownPhone] });
    expect(created.status).toBe(201);
    const person = created.body as { id: string; phones: string[] };
    const phone = person.phones[0]!;
    // The email both ways (an edit after the deploy wrote the new item), the phone the earlier way only.
    await asEarlier(person.id, 'EMAIL', email, true);
    await asEarlier(person.id, 'PHONE', phone);

    const before = await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: email });
    expect(before.body).toMatchObject({ decision: 'PROCEED' });
    const screened = await caseworker.get(`/service-users/${person.id}/contacts`);
    expect(screened.body.items.map((c: { id: string }) => c.id)).toContain(before.body.contactId);

    const strategyId = `MOVE-${uniqueKey().slice(0, 8)}`;
    await put({ pk: `STRATEGY#${strategyId}`, sk: 'STRATEGY', entity: 'Strategy', id: strategyId, gsi3pk: 'REVIEW', gsi3sk: `2099-01-01#${strategyId}` });
    // A bare stand-in, not a strategy: left in the in-force index it would break every later listing of the strategies in force on the shared stack.
    onTestFinished(() => del({ pk: `STRATEGY#${strategyId}`, sk: 'STRATEGY' }).then(() => undefined));
    await put({ pk: `STRATEGY#${strategyId}`, sk: 'REVIEW_ACTION#2099-01-01#REMIND', entity: 'ReviewActionClaim', strategyId, reviewDate: '2099-01-01', action: 'REMIND', claimedAt: '2098-12-18T07:00:00.000Z' });

    const summary = await store.move();
    expect(summary.contactPoints).toBeGreaterThanOrEqual(2);
    expect(summary.claims).toBeGreaterThanOrEqual(1);

    for (const [kind, value] of [['EMAIL', email], ['PHONE', phone]] as const) {
      expect(await get({ pk: `SU#${person.id}`, sk: `CP#${kind}#${value}` }), kind).toBeUndefined();
      expect(await get(store.table.KEY.contactPoint(person.id, kind, value)), kind).toMatchObject({ serviceUserId: person.id, kind, value, emails: [email], phones: [phone] });
    }
    expect(await get({ pk: `STRATEGY#${strategyId}`, sk: 'REVIEW_ACTION#2099-01-01#REMIND' })).toBeUndefined();
    expect(await get(store.table.REVIEW_CLAIM_KEYS.claim(strategyId, '2099-01-01', 'REMIND'))).toMatchObject({ strategyId, action: 'REMIND', claimedAt: '2098-12-18T07:00:00.000Z' });

    const byPhone = await caseworker.post('/contacts/screen', { channel: 'PHONE', from: phone });
    expect(byPhone.body).toMatchObject({ decision: 'PROCEED' });
    const after = await caseworker.get(`/service-users/${person.id}/contacts`);
    expect(after.body.items.map((c: { id: string }) => c.id)).toContain(byPhone.body.contactId);

    // Nothing is left to move.
    expect(await store.move()).toEqual({ people: 0, contactPoints: 0, claims: 0 });
  });
});
