import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReviewSweep, sweepStrategy } from '../../lib/app/review-sweep.js';

/**
 * The sweep's once-only claims on the paths DynamoDB Local cannot produce (a
 * transaction conflict) and the ones it is awkward to (SES failing after the claim).
 * The mocked clients stand in for DynamoDB and SES only here.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const TODAY = '2027-03-10';
const strategy = {
  pk: 'STRATEGY#S1',
  sk: 'STRATEGY',
  id: 'S1',
  serviceUserId: 'P1',
  caseIds: ['C1'],
  reason: 'r',
  purpose: 'p',
  reviewDate: '2027-03-15',
  restrictions: [{ type: 'RECORD_CALLS' }],
  factors: {},
  status: 'ACTIVE',
  version: 3,
  proposedBy: { sub: 'cw', name: 'Casey Worker' },
  proposedByEmail: 'casey@opcc.localhost',
  createdAt: '2027-01-01T10:00:00.000Z',
  updatedAt: '2027-01-01T10:00:00.000Z',
};
const person = { pk: 'SU#P1', sk: 'PROFILE', id: 'P1', name: 'Jo Person', emails: [], phones: [], inForce: [], callCounts: {}, snapshotVersion: 1 };

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand, { Key: { pk: 'STRATEGY#S1', sk: 'STRATEGY' } }).resolves({ Item: strategy });
  ddb.on(GetCommand, { Key: { pk: 'SU#P1', sk: 'PROFILE' } }).resolves({ Item: person });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
});
afterEach(() => {
  ddb.reset();
  ses.reset();
});

const transactions = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);

describe('the review sweep claims each action before it sends', () => {
  it('claims the reminder (once-only Put, strategy still in force for that date, timeline entry) and then emails the proposer and the SOM', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await sweepStrategy('S1', TODAY);
    expect(result.actions).toEqual(['REMIND']);
    const [claim] = transactions();
    expect(claim?.[0]?.Put).toMatchObject({ Item: { pk: 'CLAIM#S1', sk: 'REVIEW_ACTION#2027-03-15#REMIND' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(claim?.[1]?.ConditionCheck?.ExpressionAttributeValues).toMatchObject({ ':d': '2027-03-15' });
    expect(claim?.[2]?.Put?.Item).toMatchObject({ pk: 'CASE#C1', kind: 'REVIEW_REMINDER' });
    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.Destination?.ToAddresses?.sort()).toEqual(['casey@opcc.localhost', 'som@opcc.localhost']);
    expect(sent[0]!.args[0].input.Content?.Simple?.Subject?.Data).toContain('Jo Person');
    expect(sent[0]!.args[0].input.Content?.Simple?.Subject?.Data).toBe('Review due Monday 15 March 2027: contact strategy for Jo Person');
  });

  it('sends nothing when another run claimed it first', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None']));
    const result = await sweepStrategy('S1', TODAY);
    expect(result.actions).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('sends nothing when the claim loses a transaction conflict (the next run tries again)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None', 'None']));
    await expect(sweepStrategy('S1', TODAY)).rejects.toMatchObject({ status: 409 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('gives the claim back when the email cannot be sent, so the next run sends it', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).rejects(new Error('SES throttled'));
    const result = await sweepStrategy('S1', TODAY);
    expect(result).toMatchObject({ actions: [], failed: true });
    const [, release] = transactions();
    expect(release?.[0]?.Delete).toMatchObject({ Key: { pk: 'CLAIM#S1', sk: 'REVIEW_ACTION#2027-03-15#REMIND' } });
    expect(release?.[1]?.Put?.Item).toMatchObject({ pk: 'CASE#C1', kind: 'REVIEW_EMAIL_FAILED' });
  });

  it('does not claim what is already claimed for this review date', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ action: 'REMIND' }] });
    const result = await sweepStrategy('S1', TODAY);
    expect(result.actions).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('the sweep walks the review index only from a cursor it issued', () => {
  const cursorOf = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

  it('refuses a forged cursor (400 naming it) and queries nothing', async () => {
    const forged = [
      'not-a-cursor',
      cursorOf({ pk: 'CASE#C1', sk: 'CASE' }),
      cursorOf({ pk: 'STRATEGY#S1', sk: 'STRATEGY', gsi3pk: 'SOMETHING_ELSE', gsi3sk: '2027-03-15#S1' }),
    ];
    for (const cursor of forged) {
      await expect(runReviewSweep({ today: TODAY, cursor }), cursor).rejects.toMatchObject({ status: 400, errors: [{ path: 'query.cursor' }] });
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('reads on from a cursor of the review index', async () => {
    const cursor = cursorOf({ pk: 'STRATEGY#S0', sk: 'STRATEGY', gsi3pk: 'REVIEW', gsi3sk: '2027-03-01#S0' });
    await runReviewSweep({ today: TODAY, cursor });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual({ pk: 'STRATEGY#S0', sk: 'STRATEGY', gsi3pk: 'REVIEW', gsi3sk: '2027-03-01#S0' });
  });
});
