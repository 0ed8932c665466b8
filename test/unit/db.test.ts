import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProblemError, unprocessable } from '../../lib/errors.js';
import type { ApiRequest } from '../../lib/http.js';
import { idempotent } from '../../lib/app/idempotency.js';
import { commit, ConditionFailed } from '../../lib/store/db.js';

/**
 * Failure paths DynamoDB Local cannot produce: it never reports a transaction
 * conflict and never throttles. The mocked client stands in for DynamoDB only here.
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

describe('commit', () => {
  it('answers 409 when DynamoDB reports a transaction conflict with another writer', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'TransactionConflict']));
    await expect(commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }])).rejects.toMatchObject({ status: 409 });
  });

  it('maps a failed condition to the problem its write names', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed']));
    const err = await commit([
      { Put: { Item: { pk: 'a', sk: 'b' } } },
      { ConditionCheck: { Key: { pk: 'c', sk: 'd' }, ConditionExpression: 'attribute_exists(pk)' }, onConditionFailed: () => unprocessable('No such case', [{ path: 'caseId', message: 'x' }]) },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).errors[0]?.path).toBe('caseId');
  });

  it('reports which write failed, by its name, when it names no problem', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed']));
    const err = await commit([
      { name: 'strategy', Put: { Item: { pk: 'a', sk: 'b' } } },
      { name: 'caseCheck', ConditionCheck: { Key: { pk: 'c', sk: 'd' }, ConditionExpression: 'attribute_exists(pk)' } },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionFailed);
    expect((err as ConditionFailed).write).toBe('caseCheck');
  });

  it('never sends a write\'s name to DynamoDB', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await commit([{ name: 'strategy', Put: { Item: { pk: 'a', sk: 'b' } } }]);
    const sent = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!;
    expect(sent).toEqual({ Put: { TableName: expect.any(String), Item: { pk: 'a', sk: 'b' } } });
  });

  it('tells the caller to retry (503, nothing saved) when DynamoDB throttles', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }])).rejects.toMatchObject({ status: 503 });
  });
});

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
