/**
 * A read of a person's record is logged before it is answered: one PutItem against
 * the person, and a read whose entry cannot be written is not answered (DynamoDB
 * Local never throttles, so the failure is a mocked client's).
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readCase } from '../../lib/app/cases.js';
import { ProblemError } from '../../lib/errors.js';
import { asUnavailable } from '../../lib/unavailable.js';

const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());

const theCase = { pk: 'CASE#01CASE', sk: 'CASE', id: '01CASE', serviceUserId: '01PERSON', reference: 'OPCC-2026-000001', type: 'COMPLAINT', subject: 'A complaint', status: 'OPEN', openedAt: '2026-11-28T10:00:00.000Z', openedBy: { sub: 'cw', name: 'Case Worker' }, version: 1 };
const reader = { actor: { sub: 'aud-1', name: 'Ada Auditor' }, route: 'GET /cases/01CASE' };

describe('a read of a person\'s record is logged before it is answered', () => {
  it('writes one PutItem (no transaction) against the person: when, who, and the request', async () => {
    ddb.on(GetCommand).resolves({ Item: theCase });
    ddb.on(PutCommand).resolves({});
    const kase = await readCase('01CASE', reader);
    expect(kase.id).toBe('01CASE');
    const puts = ddb.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const input = puts[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item).toMatchObject({ pk: 'SU#01PERSON', entity: 'AccessLog', serviceUserId: '01PERSON', actor: reader.actor, route: 'GET /cases/01CASE' });
    expect(String(input.Item!.sk)).toMatch(/^ACCESS#\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9A-Z]{26}$/);
  });

  it('does not answer a read whose entry cannot be written (throttling: 503, nothing shown)', async () => {
    ddb.on(GetCommand).resolves({ Item: theCase });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    ddb.on(PutCommand).rejects(throttled);
    const err = await readCase('01CASE', reader).catch((e: unknown) => asUnavailable(e));
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).status).toBe(503);
  });

  it('logs nothing for a read that fails: no such case', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(readCase('01NOPE', reader)).rejects.toMatchObject({ status: 404 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
