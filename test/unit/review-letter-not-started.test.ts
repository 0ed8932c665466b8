import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { strategyItem } from './fixtures.js';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyOutcome } from '../../lib/app/reviews.js';
import { installAdapters } from '../../lib/wiring.js';

/** Step Functions refusing StartExecution after a review outcome is committed: the local runner cannot produce it. */
const ddb = mockClient(DynamoDBDocumentClient);

const STRATEGY = strategyItem({ status: 'ENDED', version: 7 });

beforeEach(() => {
  ddb.reset();
  // The strategy's partition; it has no letters yet (a begins_with query on LETTER# finds none).
  ddb.on(QueryCommand).callsFake((input: { KeyConditionExpression: string }) => ({ Items: input.KeyConditionExpression.includes('begins_with') ? [] : [STRATEGY] }));
  ddb.on(TransactWriteCommand).resolves({});
  installAdapters({
    workflowEngine: {
      start: async () => {
        throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
      },
      sendDecision: async () => undefined,
    },
  });
});
afterAll(() => ddb.restore());

describe('a review outcome whose letter cannot be started', () => {
  it('records the letter as FAILED by email and by post on every case, so it is sent by hand rather than lost', async () => {
    await expect(notifyOutcome({ next: STRATEGY as never, letterKind: 'ENDED', requestId: 'review-1' })).resolves.toBeUndefined();
    const writes = ddb.commandCalls(TransactWriteCommand).map((c) => JSON.stringify(c.args[0].input));
    expect(writes).toHaveLength(2);
    for (const channel of ['EMAIL', 'POST']) expect(writes.some((w) => w.includes(`"channel":"${channel}"`) && w.includes('"FAILED"'))).toBe(true);
    for (const caseId of ['C1', 'C2']) expect(writes.every((w) => w.includes(`CASE#${caseId}`))).toBe(true);
  });
});
