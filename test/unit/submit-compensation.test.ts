import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ProblemError } from '../../lib/errors.js';
import { submitStrategy } from '../../lib/app/strategies.js';
import type { WorkflowEngine } from '../../lib/workflow.js';
import { installAdapters } from '../../lib/wiring.js';

/**
 * Step Functions refusing StartExecution is a failure the local runner cannot
 * produce: DynamoDB is mocked here only to observe what is written.
 */
const ddb = mockClient(DynamoDBDocumentClient);

const inMonths = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

const DRAFT = {
  pk: 'STRATEGY#S1',
  sk: 'STRATEGY',
  id: 'S1',
  serviceUserId: 'P1',
  caseIds: ['C1'],
  reason: 'Forty emails in a week about the same matter.',
  purpose: 'Keep contact manageable.',
  reviewDate: inMonths(6),
  restrictions: [{ type: 'NO_TELEPHONE' }],
  factors: Object.fromEntries(
    ['additionalNeeds', 'faqSignposted', 'outcomeExplained', 'rightOfReviewAdvised', 'correctlySignposted', 'informedBehaviourUnacceptable', 'freshMattersAccessible'].map((f) => [f, { answer: 'YES' }]),
  ),
  status: 'DRAFT',
  version: 1,
  proposedBy: { sub: 'cw-1', name: 'Pat Proposer' },
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};
const PERSON = { pk: 'SU#P1', sk: 'PROFILE', id: 'P1', name: 'Morgan Example', emails: ['morgan@example.com'], phones: [], inForce: [], callCounts: {}, snapshotVersion: 0, version: 1 };
const CASE = { pk: 'CASE#C1', sk: 'CASE', id: 'C1', reference: 'OPCC-2026-000001', serviceUserId: 'P1', subject: 'A complaint', status: 'OPEN', type: 'COMPLAINT', version: 1 };

const failingEngine: WorkflowEngine = {
  start: async () => {
    throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  },
  sendDecision: async () => undefined,
};

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [DRAFT] });
  ddb.on(GetCommand).resolves({ Item: PERSON });
  ddb.on(BatchGetCommand).resolves({ Responses: { 'contact-strategy-test': [CASE] } });
  ddb.on(TransactWriteCommand).resolves({});
  installAdapters({ workflowEngine: failingEngine });
});
afterAll(() => ddb.restore());

describe('submitting when the approval workflow cannot be started', () => {
  it('puts the strategy back in DRAFT, records the attempt on the timeline and answers 503, never a bare 500', async () => {
    const err = await submitStrategy('S1', { sub: 'cw-1', name: 'Pat Proposer' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).status).toBe(503);
    expect((err as ProblemError).detail).toContain('back to “Draft”');

    const transactions = ddb.commandCalls(TransactWriteCommand).map((c) => JSON.stringify(c.args[0].input));
    expect(transactions).toHaveLength(2);
    expect(transactions[0]).toContain('PENDING_APPROVAL');
    // The compensation: back to DRAFT only if still the submitted version, with its history and timeline entry.
    expect(transactions[1]).toContain('"DRAFT"');
    expect(transactions[1]).toContain('SUBMISSION_FAILED');
    expect(transactions[1]).toContain('STRATEGY_SUBMISSION_FAILED');
  });
});
