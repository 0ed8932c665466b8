import { beforeAll, describe, expect, inject, it } from 'vitest';
import { caseworker } from './client.js';

/** The one-off catch-up of the retention index (lib/store/retention-backfill.ts), on a profile written before the index existed. */

let store: {
  backfill: typeof import('../../lib/store/retention-backfill.js').backfillRetentionIndex;
  doc: typeof import('../../lib/clients/dynamodb.js').doc;
  lib: typeof import('@aws-sdk/lib-dynamodb');
  table: typeof import('../../lib/store/table.js');
};
const TABLE = 'contact-strategy-test';

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = TABLE;
  const [backfill, clients, lib, table] = await Promise.all([
    import('../../lib/store/retention-backfill.js'),
    import('../../lib/clients/dynamodb.js'),
    import('@aws-sdk/lib-dynamodb'),
    import('../../lib/store/table.js'),
  ]);
  store = { backfill: backfill.backfillRetentionIndex, doc: clients.doc, lib, table };
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
