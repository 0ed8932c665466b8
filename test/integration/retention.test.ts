import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl, caseworker, newPersonWithCase } from './client.js';

/**
 * Retention: a screened contact that matched nobody is on no one's record, so it
 * carries a DynamoDB TTL (UNMATCHED_CONTACT_DAYS, 90 by default);
 * everything on a person's record is kept (no TTL).
 */

const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const TABLE = 'contact-strategy-test';
const DAY = 24 * 60 * 60;

const contactItem = async (id: string) => (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: `CONTACT#${id}`, sk: 'CONTACT' } }))).Item;
const stackNowSeconds = async () => Math.floor(new Date(((await (await fetch(`${apiUrl()}/local/clock`)).json()) as { now: string }).now).getTime() / 1000);

describe('retention of screened contacts', () => {
  it('gives a contact from an unknown email address a TTL of 90 days from when it was screened', async () => {
    const before = await stackNowSeconds();
    const res = await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: `nobody.${randomUUID().slice(0, 8)}@example.com`, summary: 'Asks how to complain' });
    expect(res.status).toBe(200);
    const after = await stackNowSeconds();
    const item = await contactItem(res.body.contactId);
    expect(item).toMatchObject({ gsi2pk: 'UNMATCHED_CONTACT' });
    expect(typeof item?.ttl).toBe('number');
    expect(item!.ttl).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(item!.ttl).toBeLessThanOrEqual(after + 90 * DAY + 1);
    // The TTL is storage detail, never part of the resource.
    const contacts = await caseworker.get(`/contacts/${res.body.contactId}`);
    if (contacts.status === 200) expect(contacts.body.ttl).toBeUndefined();
  });

  it('keeps a contact matched to a person, or named against a case, with no TTL (it is on their record)', async () => {
    const email = `kept.${randomUUID().slice(0, 8)}@example.com`;
    const { kase } = await newPersonWithCase({ emails: [email] });
    const matched = await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: email });
    expect(matched.status).toBe(200);
    expect((await contactItem(matched.body.contactId))?.ttl).toBeUndefined();
    const onCase = await caseworker.post('/contacts/screen', { channel: 'PHONE', caseId: kase.id });
    expect(onCase.status).toBe(200);
    expect((await contactItem(onCase.body.contactId))?.ttl).toBeUndefined();
  });
});
