import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { requestDecision } from '../../lib/app/lifecycle.js';
import type { OutgoingEmail } from '../../lib/ports/mailer.js';
import { installAdapters } from '../../lib/wiring.js';
import { strategyItem } from './fixtures.js';

/**
 * The Statutory Operations Manager is asked once per submission: the request is
 * recorded on the strategy after the email has gone, and an execution re-driven
 * for the same submission (the local stack restarted) does not ask again.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const SUBMITTED_AT = '2026-11-02T09:00:00.000Z';
const PERSON = { pk: 'SU#P1', sk: 'PROFILE', id: 'P1', name: 'Morgan Example', emails: [], phones: [], inForce: [], callCounts: {}, snapshotVersion: 1 };
const INPUT = { phase: 'APPROVAL' as const, strategyId: 'S1', requestId: 'r-1' };

let sent: OutgoingEmail[] = [];
let failSend = false;

function table(strategy: Record<string, unknown>) {
  ddb.on(QueryCommand).resolves({ Items: [strategy] });
  ddb.on(GetCommand, { Key: { pk: 'SU#P1', sk: 'PROFILE' } }).resolves({ Item: PERSON });
  ddb.on(GetCommand, { Key: { pk: 'STRATEGY#S1', sk: 'STRATEGY' } }).resolves({ Item: strategy });
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  ddb.on(TransactWriteCommand).resolves({});
}

beforeEach(() => {
  ddb.reset();
  sent = [];
  failSend = false;
  installAdapters({
    mailer: {
      send: async (email) => {
        if (failSend) throw Object.assign(new Error('SES is down'), { name: 'ServiceUnavailable' });
        sent.push(email);
        return 'm-1';
      },
    },
  });
});
afterAll(() => ddb.restore());

const recorded = () => ddb.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems ?? []);

describe('asking the Statutory Operations Manager for a decision', () => {
  it('emails them and then records the request for this submission', async () => {
    table(strategyItem({ status: 'PENDING_APPROVAL', submittedAt: SUBMITTED_AT }));
    const timeouts = await requestDecision(INPUT);
    expect(timeouts).toEqual({ reminderSeconds: 72 * 3600, escalationSeconds: 72 * 3600, finalSeconds: 144 * 3600 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(['som@opcc.localhost']);
    expect(sent[0]!.subject).toMatch(/^Decision needed: contact strategy for /);
    expect(recorded()).toEqual([
      {
        Update: expect.objectContaining({
          Key: { pk: 'STRATEGY#S1', sk: 'STRATEGY' },
          UpdateExpression: 'SET decisionRequestedFor = :s',
          ConditionExpression: 'submittedAt = :s',
          ExpressionAttributeValues: { ':s': SUBMITTED_AT },
        }),
      },
    ]);
  });

  it('does not ask again for a submission already asked about, and still returns the timeouts', async () => {
    table(strategyItem({ status: 'PENDING_APPROVAL', submittedAt: SUBMITTED_AT, decisionRequestedFor: SUBMITTED_AT }));
    await expect(requestDecision(INPUT)).resolves.toMatchObject({ reminderSeconds: 72 * 3600 });
    expect(sent).toEqual([]);
    expect(recorded()).toEqual([]);
  });

  it('asks again when the strategy was submitted again since', async () => {
    table(strategyItem({ status: 'PENDING_APPROVAL', submittedAt: '2026-11-20T09:00:00.000Z', decisionRequestedFor: SUBMITTED_AT }));
    await requestDecision(INPUT);
    expect(sent).toHaveLength(1);
    expect(recorded()[0]?.Update?.ExpressionAttributeValues).toEqual({ ':s': '2026-11-20T09:00:00.000Z' });
  });

  it('records nothing when the email fails, so the retry asks', async () => {
    table(strategyItem({ status: 'PENDING_APPROVAL', submittedAt: SUBMITTED_AT }));
    failSend = true;
    await expect(requestDecision(INPUT)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(recorded()).toEqual([]);
  });

  it('never shows the record in the strategy the API returns', async () => {
    table(strategyItem({ status: 'PENDING_APPROVAL', submittedAt: SUBMITTED_AT, decisionRequestedFor: SUBMITTED_AT, approvalTaskToken: 't' }));
    const { getStrategyRecord } = await import('../../lib/store/strategies.js');
    const shown = await getStrategyRecord('S1');
    expect(shown).toBeDefined();
    expect(shown).not.toHaveProperty('decisionRequestedFor');
    expect(shown).not.toHaveProperty('approvalTaskToken');
  });
});
