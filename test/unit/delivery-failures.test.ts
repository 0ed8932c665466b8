/**
 * Failure injection at each external call of letter delivery (SES, S3, SQS,
 * DynamoDB), with aws-sdk-client-mock standing in for AWS. What must hold: a
 * failing call makes the task throw (so the state machine's Retry and Catch take
 * over) and nothing is recorded as delivered that was not; a failure recorded by
 * the catch lands on each case; a post-queue message whose write fails is handed
 * back to SQS (batch item failure), never dropped.
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { strategyItem } from './fixtures.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as sendEmailTask } from '../../functions/lifecycle-send-email-letter.js';
import { handler as queuePostTask } from '../../functions/lifecycle-queue-post-letter.js';
import { handler as recordFailureTask } from '../../functions/lifecycle-record-delivery-failure.js';
import { handler as postDispatch } from '../../functions/post-dispatch.js';
import { installAdapters } from '../../lib/wiring.js';
import { samplePolicyDocument } from '../../local/adapters/policy.js';

// The policy PDF the letters enclose is not what fails here (S3 stands in for the post packs only).
installAdapters({ policyDocuments: samplePolicyDocument() });

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);

const STRATEGY = strategyItem();
const PERSON = {
  pk: 'SU#P1',
  sk: 'PROFILE',
  id: 'P1',
  name: 'Morgan Example',
  emails: ['morgan@example.com'],
  phones: [],
  postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' },
  inForce: [],
  callCounts: {},
  snapshotVersion: 1,
};
const CASES = ['C1', 'C2'].map((id, i) => ({ pk: `CASE#${id}`, sk: 'CASE', id, reference: `OPCC-2026-00000${i + 1}`, subject: 'A complaint', status: 'OPEN', serviceUserId: 'P1' }));

const REQUEST = { strategyId: 'S1', letterKind: 'IMPLEMENTED' as const, requestId: 'r-1' };
const context = { functionName: 'test', awsRequestId: 'req-1' } as unknown as Context;

/** The letters in the strategy's partition (what listLetters reads), settable per test. */
let letters: Record<string, unknown>[] = [];
/** Every transaction the code tried to write. */
let transactions: Array<Array<Record<string, any>>> = [];

function tableWithStrategy() {
  ddb.on(QueryCommand).callsFake((input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, string> }) => {
    if (input.KeyConditionExpression.includes('begins_with')) return { Items: letters };
    if (input.ExpressionAttributeValues[':pk'] === 'STRATEGY#S1') return { Items: [STRATEGY, ...letters] };
    const byId = letters.find((l) => `LETTER#${l.id}` === input.ExpressionAttributeValues[':pk']);
    return { Items: byId ? [byId] : [] };
  });
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: input.Key.pk === 'SU#P1' ? PERSON : undefined }));
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Array<{ pk: string }> }> }) => {
    const [table, { Keys }] = Object.entries(input.RequestItems)[0]!;
    return { Responses: { [table]: CASES.filter((c) => Keys.some((k) => k.pk === c.pk)) } };
  });
  ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Array<Record<string, any>> }) => {
    transactions.push(input.TransactItems);
    return {};
  });
}

/** The letter items the code tried to write, with their status. */
const letterPuts = () =>
  transactions.flat().flatMap((w) => (w.Put && String(w.Put.Item.sk).startsWith('LETTER#') ? [w.Put.Item as Record<string, any>] : []));

beforeEach(() => {
  letters = [];
  transactions = [];
  ddb.reset();
  ses.reset();
  s3.reset();
  sqs.reset();
  tableWithStrategy();
});
afterEach(() => {
  ddb.reset();
  ses.reset();
  s3.reset();
  sqs.reset();
});

const awsError = (name: string) => Object.assign(new Error(`${name} (injected)`), { name, $metadata: {} });

describe('the email letter when SES fails', () => {
  it('throws from the task (the state machine retries, then catches) and records nothing as SENT', async () => {
    ses.on(SendEmailCommand).rejects(awsError('ServiceUnavailable'));
    await expect(sendEmailTask(REQUEST, context)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(letterPuts()).toEqual([]);
  });

  it('records the letter as SENT with its SES message id (the bounce lookup key) only once SES accepted it', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-msg-1' });
    await expect(sendEmailTask(REQUEST, context)).resolves.toMatchObject({ outcome: 'SENT' });
    const [letter] = letterPuts();
    expect(letter).toMatchObject({ status: 'SENT', channel: 'EMAIL', sesMessageId: 'ses-msg-1', gsi2pk: 'SESMSG#ses-msg-1', gsi2sk: 'LETTER' });
  });
});

describe('the posted letter when S3 or SQS fails', () => {
  it('S3 PutObject of the pack fails: the task throws, no queue message is sent and nothing is recorded as QUEUED', async () => {
    s3.on(PutObjectCommand).rejects(awsError('InternalError'));
    await expect(queuePostTask(REQUEST, context)).rejects.toMatchObject({ name: 'InternalError' });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('SQS SendMessage fails: the task throws, and the pack stays reachable from the letter so the retry queues the same pack (no second letter)', async () => {
    s3.on(PutObjectCommand).resolves({});
    sqs.on(SendMessageCommand).rejects(awsError('AWS.SimpleQueueService.NonExistentQueue'));
    await expect(queuePostTask(REQUEST, context)).rejects.toMatchObject({ name: 'AWS.SimpleQueueService.NonExistentQueue' });

    // The letter was recorded (with the pack's key) before the message was sent:
    // the pack is never orphaned, and the letter is on each case's timeline.
    const [recorded] = letterPuts();
    expect(recorded).toMatchObject({ status: 'QUEUED', channel: 'POST' });
    expect(recorded!.packKey).toBe(`post-packs/S1/${recorded!.id}.pdf`);
    const packPut = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(packPut).toContain(recorded!.packKey);

    // The state machine's retry: the letter is found QUEUED and the same pack is put on the queue.
    letters = [{ pk: 'STRATEGY#S1', sk: `LETTER#${recorded!.id}`, ...recorded }];
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const putsBefore = s3.commandCalls(PutObjectCommand).length;
    await expect(queuePostTask(REQUEST, context)).resolves.toEqual({ outcome: 'ALREADY', letterId: recorded!.id });
    const [message] = sqs.commandCalls(SendMessageCommand);
    expect(JSON.parse(message!.args[0].input.MessageBody!)).toMatchObject({ letterId: recorded!.id, packKey: recorded!.packKey });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(putsBefore);
    expect(letterPuts()).toHaveLength(1);
  });

  it('DynamoDB fails recording the letter: the task throws and no queue message is sent', async () => {
    s3.on(PutObjectCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(awsError('InternalServerError'));
    await expect(queuePostTask(REQUEST, context)).rejects.toBeDefined();
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});

describe('the catch: recording a delivery that failed every retry', () => {
  it('records a FAILED letter with the error, its history and a timeline entry on each case, in one transaction', async () => {
    const out = await recordFailureTask(
      { ...REQUEST, channel: 'EMAIL', failure: { Error: 'ServiceUnavailable', Cause: JSON.stringify({ errorMessage: 'SES is down' }) } },
      context,
    );
    expect(out.outcome).toBe('FAILED');
    expect(transactions).toHaveLength(1);
    const [tx] = transactions;
    const letter = tx!.find((w) => w.Put && String(w.Put.Item.sk).startsWith('LETTER#'))!.Put.Item;
    expect(letter).toMatchObject({ status: 'FAILED', channel: 'EMAIL', failure: { error: 'ServiceUnavailable', cause: 'SES is down' } });
    expect(letter.text).toContain('Dear Morgan Example');
    const timeline = tx!.filter((w) => w.Put && String(w.Put.Item.sk).startsWith('TL#')).map((w) => w.Put.Item);
    expect(timeline.map((t) => t.pk).sort()).toEqual(['CASE#C1', 'CASE#C2']);
    for (const t of timeline) {
      expect(t).toMatchObject({ kind: 'LETTER', ref: { strategyId: 'S1', letterId: letter.id } });
      expect(t.summary).toMatch(/could not be sent by email \(the sending service was busy or unavailable\); it needs sending by hand/);
    }
    expect(tx!.some((w) => w.Put && String(w.Put.Item.sk).startsWith('HISTORY#'))).toBe(true);
  });

  it('throws when even the failure cannot be recorded (the execution then fails visibly)', async () => {
    ddb.on(TransactWriteCommand).rejects(awsError('InternalServerError'));
    await expect(recordFailureTask({ ...REQUEST, channel: 'POST', failure: { Error: 'States.Timeout' } }, context)).rejects.toBeDefined();
  });
});

describe('post-dispatch when DynamoDB fails', () => {
  const sqsEvent = (ids: string[]): SQSEvent => ({
    Records: ids.map((letterId) => ({
      messageId: `msg-${letterId}`,
      receiptHandle: letterId,
      body: JSON.stringify({ letterId, strategyId: 'S1', packKey: `post-packs/S1/${letterId}.pdf`, queuedAt: '2026-11-28T10:00:00.000Z' }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:post-queue',
      awsRegion: 'eu-west-2',
    })),
  });
  const queued = (id: string) => ({ pk: 'STRATEGY#S1', sk: `LETTER#${id}`, gsi1pk: `LETTER#${id}`, id, strategyId: 'S1', kind: 'IMPLEMENTED', channel: 'POST', status: 'QUEUED', subject: 'Your contact strategy', text: '', caseIds: ['C1'], deliveryKey: 'IMPLEMENTED', requestId: 'r-1', createdAt: '2026-11-28T10:00:00.000Z' });

  it('reports the message whose write failed as a batch item failure (SQS redelivers it, then dead-letters it) and dispatches the rest', async () => {
    letters = [queued('L-OK'), queued('L-BAD')];
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Array<Record<string, any>> }) => {
      if (JSON.stringify(input).includes('L-BAD')) throw awsError('ProvisionedThroughputExceededException');
      transactions.push(input.TransactItems);
      return {};
    });
    const res = await postDispatch(sqsEvent(['L-OK', 'L-BAD']), context);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'msg-L-BAD' }]);
    expect(transactions).toHaveLength(1);
    expect(JSON.stringify(transactions[0])).toContain('L-OK');
  });

  it('reports a message naming an unknown letter as a failure rather than dropping it', async () => {
    letters = [];
    const res = await postDispatch(sqsEvent(['L-UNKNOWN', 'L-UNKNOWN-2']), context).catch((e: unknown) => e);
    // Powertools throws when every record of the batch failed: the whole batch returns to the queue.
    if (res instanceof Error) expect(res.name).toBe('FullBatchFailureError');
    else expect((res as { batchItemFailures: Array<{ itemIdentifier: string }> }).batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['msg-L-UNKNOWN', 'msg-L-UNKNOWN-2']);
  });
});
