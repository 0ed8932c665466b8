import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idempotent } from '../../lib/app/idempotency.js';
import { ProblemError } from '../../lib/errors.js';
import type { ApiRequest } from '../../lib/http.js';

/**
 * Races DynamoDB Local cannot produce (it serialises transactions): two requests
 * with the same Idempotency-Key. The mocked client stands in for DynamoDB only here.
 */
const ddb = mockClient(DynamoDBDocumentClient);

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const req = (body: unknown): ApiRequest<unknown, unknown> => ({
  body,
  query: {},
  params: {},
  headers: {},
  staff: { sub: 'u1', name: 'U', email: '', roles: ['caseworker'] },
  route: 'POST /service-users',
  idempotencyKey: 'key-1',
});

beforeEach(() => ddb.reset());
afterEach(() => ddb.reset());

describe('idempotent creates', () => {
  it('answers the winner\'s response when a concurrent retry with the same key commits first', async () => {
    const winner = { bodyHash: '', expiresAt: Number.MAX_SAFE_INTEGER, response: { status: 201, bodyJson: JSON.stringify({ id: 'winner' }) } };
    let gets = 0;
    ddb.on(GetCommand).callsFake(() => {
      gets += 1;
      return gets === 1 ? { Item: undefined } : { Item: { ...winner, bodyHash: currentHash } };
    });
    let currentHash = '';
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item: { bodyHash?: string } } }[] }) => {
      currentHash = input.TransactItems.at(-1)?.Put?.Item.bodyHash ?? '';
      throw cancelled(['None', 'ConditionalCheckFailed']);
    });
    const res = await idempotent(req({ name: 'A' }), async () => ({ response: { status: 201, body: { id: 'loser' } }, writes: [{ Put: { Item: { pk: 'x', sk: 'y' } } }] }));
    expect(res.body).toEqual({ id: 'winner' });
  });

  it('refuses the same key with a different body (422) without producing anything', async () => {
    ddb.on(GetCommand).resolves({ Item: { bodyHash: 'another-body', expiresAt: Number.MAX_SAFE_INTEGER, response: { status: 201, bodyJson: '{}' } } });
    let produced = false;
    const err = await idempotent(req({ name: 'B' }), async () => {
      produced = true;
      return { response: { status: 201 }, writes: [] };
    }).catch((e: unknown) => e);
    expect((err as ProblemError).status).toBe(422);
    expect(produced).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
