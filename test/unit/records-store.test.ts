/**
 * Conflict paths DynamoDB Local never produces (it serialises transactions), covered
 * with a mocked DocumentClient: what happens when two writers race.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemError } from '../../lib/errors.js';
import { retryingReferenceRace } from '../../lib/app/cases.js';
import { escalateIncident } from '../../lib/app/incidents.js';
import { createCaseWrites } from '../../lib/store/cases.js';
import { commit } from '../../lib/store/db.js';
import type { Incident } from '../../lib/store/incidents.js';

const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());

const conditionFailedAt = (index: number, of: number) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: of }, (_, i) => ({ Code: i === index ? 'ConditionalCheckFailed' : 'None' })),
  });

const actor = { sub: 'lm-1', name: 'Lee Manager' };
const incident = (status: Incident['escalation']['status'], version: number): Incident => ({
  id: '01INCIDENT',
  caseId: '01CASE',
  serviceUserId: '01PERSON',
  occurredAt: '2026-11-28T10:00:00.000Z',
  channel: 'PHONE',
  behaviours: ['STALKING'],
  groups: ['UNACCEPTABLE_BEHAVIOUR'],
  description: 'Followed a member of staff home.',
  callTerminated: false,
  warningGiven: false,
  escalation: { status },
  recordedAt: '2026-11-28T10:05:00.000Z',
  recordedBy: { sub: 'cw', name: 'Case Worker' },
  updatedAt: '2026-11-28T10:05:00.000Z',
  version,
});

describe('racing escalations', () => {
  it('writes the escalation only on the status and version it read, with its timeline entry in the same transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: incident('AWAITING_LINE_MANAGER', 1) });
    ddb.on(TransactWriteCommand).resolves({});
    const done = await escalateIncident('01INCIDENT', { welfareSupportOffered: true, notes: 'Support offered.', escalate: true }, actor);
    expect(done.escalation.status).toBe('AWAITING_HEAD_OF_ASSURANCE');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put!.ConditionExpression).toBe('escalation.#status = :from AND #version = :version');
    expect(items[0]!.Put!.ExpressionAttributeValues).toEqual({ ':from': 'AWAITING_LINE_MANAGER', ':version': 1 });
    expect(items[1]!.Put!.Item).toMatchObject({ pk: 'CASE#01CASE', kind: 'INCIDENT_ESCALATED', ref: { incidentId: '01INCIDENT' } });
  });

  it('tells the line manager who lost the race where the incident now stands (409)', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: incident('AWAITING_LINE_MANAGER', 1) }).resolves({ Item: incident('AWAITING_HEAD_OF_ASSURANCE', 2) });
    ddb.on(TransactWriteCommand).rejects(conditionFailedAt(0, 2));
    const err = await escalateIncident('01INCIDENT', { welfareSupportOffered: true, notes: 'Support offered.', escalate: true }, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).status).toBe(409);
    expect((err as ProblemError).detail).toBe('This incident cannot be escalated while its status is “Awaiting Head of Assurance”.');
    expect((err as ProblemError).extensions).toEqual({ state: 'AWAITING_HEAD_OF_ASSURANCE' });
  });

  it('answers 409 (retry), not a 500, when DynamoDB reports a transaction conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }),
    );
    const err = await commit([{ Put: { Item: { pk: 'x', sk: 'y' } } }]).catch((e: unknown) => e);
    expect((err as ProblemError).status).toBe(409);
  });
});

describe('case references under contention', () => {
  it('takes the next number inside the create transaction, on the condition that nobody took it first', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'COUNTER', sk: 'CASEREF#2026', value: 41 } });
    const { kase, writes } = await createCaseWrites({ serviceUserId: '01PERSON', type: 'COMPLAINT', subject: 'Delay' }, actor, new Date().toISOString());
    expect(kase.reference).toMatch(/^OPCC-\d{4}-000042$/);
    const counter = writes.find((w) => 'Update' in w && w.Update.Key.pk === 'COUNTER') as { Update: { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> } };
    expect(counter.Update.ConditionExpression).toBe('#v = :current');
    expect(counter.Update.ExpressionAttributeValues).toEqual({ ':next': 42, ':current': 41 });
  });

  it('tries the next number when a concurrent create took the one it read', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: { value: 41 } }).resolves({ Item: { value: 42 } });
    ddb.on(TransactWriteCommand).rejectsOnce(conditionFailedAt(1, 4)).resolves({});
    const kase = await retryingReferenceRace(async () => {
      const { kase: k, writes } = await createCaseWrites({ serviceUserId: '01PERSON', type: 'COMPLAINT', subject: 'Delay' }, actor, new Date().toISOString());
      await commit(writes);
      return k;
    });
    expect(kase.reference.endsWith('-000043')).toBe(true);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('reports an unknown service user rather than retrying when both conditions fail', async () => {
    ddb.on(GetCommand).resolves({ Item: { value: 7 } });
    ddb.on(TransactWriteCommand).rejects(conditionFailedAt(0, 4));
    const err = await retryingReferenceRace(async () => {
      const { writes } = await createCaseWrites({ serviceUserId: '01NOBODY', type: 'COMPLAINT', subject: 'Delay' }, actor, new Date().toISOString());
      await commit(writes);
    }).catch((e: unknown) => e);
    expect((err as ProblemError).status).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
