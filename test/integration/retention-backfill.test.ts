import { beforeAll, describe, expect, it } from 'vitest';
import { caseworker } from './client.js';
import { storeOnRunTable, TABLE } from './run-table.js';

/** The one-off catch-up of the retention index (lib/store/retention-backfill.ts), on a profile written before the index existed. */

let store: Awaited<ReturnType<typeof storeOnRunTable>> & { backfill: typeof import('../../lib/store/retention-backfill.js').backfillRetentionIndex };

beforeAll(async () => {
  const base = await storeOnRunTable();
  store = { ...base, backfill: (await import('../../lib/store/retention-backfill.js')).backfillRetentionIndex };
});

const profile = async (id: string) => (await store.doc.send(new store.lib.GetCommand({ TableName: TABLE, Key: store.table.KEY.serviceUser(id), ConsistentRead: true }))).Item!;
/** Takes the person off the retention index, as the earlier code wrote them. */
const asEarlier = (id: string) =>
  store.doc.send(new store.lib.UpdateCommand({ TableName: TABLE, Key: store.table.KEY.serviceUser(id), UpdateExpression: 'REMOVE retentionFrom, gsi2pk, gsi2sk' }));

describe('catching up the retention index', () => {
  it('puts a person without the key on the index from when they were put on record, once, and leaves a date already there', async () => {
    const early = (await caseworker.post('/service-users', { name: 'Ellis Earlier' })).body as { id: string };
    const indexed = (await caseworker.post('/service-users', { name: 'Ivy Indexed' })).body as { id: string };
    const written = (await profile(early.id)).retentionFrom as string;
    expect(written).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await asEarlier(early.id);
    expect((await profile(early.id)).retentionFrom).toBeUndefined();
    const before = await profile(indexed.id);

    const first = await store.backfill();
    expect(first.indexed).toBeGreaterThanOrEqual(1);
    expect(await profile(early.id)).toMatchObject({ retentionFrom: written, gsi2pk: 'RETENTION', gsi2sk: `${written}#${early.id}` });
    expect(await profile(indexed.id)).toEqual(before);

    const again = await store.backfill();
    expect(again.indexed).toBe(0);
    expect((await profile(early.id)).retentionFrom).toBe(written);
  });
});
