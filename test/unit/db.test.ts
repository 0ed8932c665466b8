import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProblemError, unprocessable } from '../../lib/errors.js';
import { commit, ConditionFailed, inPartition } from '../../lib/store/db.js';
import { timeRange } from '../../lib/store/table.js';

/**
 * Failure paths DynamoDB Local cannot produce: it never reports a transaction
 * conflict and never throttles. The mocked client stands in for DynamoDB only here.
 */
const ddb = mockClient(DynamoDBDocumentClient);

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => ddb.reset());
afterEach(() => ddb.reset());

describe('commit', () => {
  it('answers 409 when DynamoDB reports a transaction conflict with another writer on every attempt', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'TransactionConflict']));
    await expect(commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }])).rejects.toMatchObject({ status: 409 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('tries a transaction again when it met another one on a shared item (a month counter), and lands it', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'TransactionConflict'])).resolves({});
    await commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('does not retry a failed condition: that is an answer, not a race', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed']));
    await expect(commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }])).rejects.toBeInstanceOf(ConditionFailed);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
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

describe('queries over one partition', () => {
  it('names the key attributes of the table or the index, and narrows on the sort key', () => {
    expect(inPartition({ pk: 'CASE#C1' }, { beginsWith: 'TL#' })).toEqual({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': 'CASE#C1', ':prefix': 'TL#' } });
    expect(inPartition({ index: 'GSI2', pk: 'SU#P1#CONTACT' }, timeRange('2026-01-01T00:00:00.000Z', '2026-01-31T00:00:00.000Z'))).toEqual({
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': 'SU#P1#CONTACT', ':lo': '2026-01-01T00:00:00.000Z#', ':hi': '2026-01-31T00:00:00.000Z#~' },
    });
    expect(inPartition({ index: 'GSI1', pk: 'SU_NAME' }, timeRange(undefined, undefined))).toEqual({ IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'SU_NAME' } });
    expect(inPartition({ index: 'GSI2', pk: 'x' }, timeRange('a', undefined)).KeyConditionExpression).toBe('gsi2pk = :pk AND gsi2sk >= :lo');
    expect(inPartition({ index: 'GSI2', pk: 'x' }, timeRange(undefined, 'b')).KeyConditionExpression).toBe('gsi2pk = :pk AND gsi2sk <= :hi');
  });

  it('bounds a time window so that items at exactly either end are in it', () => {
    const { from, to } = timeRange('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    const key = '2026-01-01T00:00:00.000Z#01KZZZZZZZZZZZZZZZZZZZZZZZ';
    expect(from! <= key && key <= to!).toBe(true);
    expect('2025-12-31T23:59:59.999Z#01KZZ' < from!).toBe(true);
  });
});

describe('governance tallies in one transaction', () => {
  it('adds two tallies of the same month item as one write, so DynamoDB never sees the item twice', async () => {
    const { tallyWrite } = await import('../../lib/store/figures.js');
    ddb.on(TransactWriteCommand).resolves({});
    const a = tallyWrite('2026-05', 'appeal-1', { appealsReceived: 1 });
    const b = tallyWrite('2026-05', 'appeal-1', { 'appealOutcomes:UPHELD': 1, appealsReceived: 0 });
    const c = tallyWrite('2026-04', 'appeal-1', { appealsDecidedLate: 1 });
    await commit([{ Put: { Item: { pk: 'a', sk: 'b' } } }, a!, b!, c!]);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    const may = items.find((i) => (i.Update?.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':month'] === '2026-05')!.Update!;
    expect(Object.values(may.ExpressionAttributeNames!).sort()).toEqual(['appealOutcomes:UPHELD', 'appealsReceived', 'month']);
  });
});
