import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { once, type IdempotencyScope } from '../../lib/app/idempotency.js';
import { ProblemError } from '../../lib/errors.js';
import { FOLLOW_UP_LEASE_SECONDS } from '../../lib/store/db.js';
import { installAdapters } from '../../lib/wiring.js';

/**
 * Races DynamoDB Local cannot produce (it serialises transactions): two requests
 * with the same Idempotency-Key. The mocked client stands in for DynamoDB only here.
 */
const ddb = mockClient(DynamoDBDocumentClient);

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const req = (body: unknown): IdempotencyScope => ({ sub: 'u1', route: 'POST /service-users', key: 'key-1', body, status: 201 });

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
    const res = await once(req({ name: 'A' }), async () => ({ result: { id: 'loser' }, writes: [{ Put: { Item: { pk: 'x', sk: 'y' } } }] }));
    expect(res).toEqual({ id: 'winner' });
  });

  it('refuses the same key with a different body (422) without producing anything', async () => {
    ddb.on(GetCommand).resolves({ Item: { bodyHash: 'another-body', expiresAt: Number.MAX_SAFE_INTEGER, response: { status: 201, bodyJson: '{}' } } });
    let produced = false;
    const err = await once(req({ name: 'B' }), async () => {
      produced = true;
      return { result: {}, writes: [] };
    }).catch((e: unknown) => e);
    expect((err as ProblemError).status).toBe(422);
    expect(produced).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('a replay completes what the first attempt did not (it crashed between the commit and its letters)', () => {
  let nowMs = Date.parse('2026-11-28T10:00:00Z');
  beforeEach(() => installAdapters({ clock: { now: () => new Date(nowMs) } }));
  afterEach(() => installAdapters({ clock: { now: () => new Date() } }));

  /** The table as far as the idempotency record goes: what the transaction put, and what updates do to it. */
  function recordTable() {
    let record: Record<string, unknown> | undefined;
    ddb.on(GetCommand).callsFake(() => ({ Item: record }));
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item: Record<string, unknown> } }[] }) => {
      record = { ...input.TransactItems.at(-1)!.Put!.Item };
    });
    ddb.on(UpdateCommand).callsFake((input: { UpdateExpression: string; ExpressionAttributeValues?: Record<string, number> }) => {
      if (input.UpdateExpression.startsWith('REMOVE')) {
        delete record!.followUpUntil;
        return {};
      }
      if (record!.followUpUntil !== input.ExpressionAttributeValues![':seen']) throw new ConditionalCheckFailedException({ message: 'taken', $metadata: {} });
      record!.followUpUntil = input.ExpressionAttributeValues![':next'];
      return {};
    });
    return { get: () => record };
  }

  const produce = (id: string, followUp: () => Promise<void>) => async () => ({ result: { id }, writes: [{ Put: { Item: { pk: `W#${id}`, sk: 'W' } } }], followUp });

  it('takes over the letters once the first attempt is certainly over, once, and answers the first response each time', async () => {
    const table = recordTable();
    const resumed: unknown[] = [];
    const resume = async (first: { id: string }) => {
      resumed.push(first);
    };
    // The first attempt commits, then dies before its letters start.
    const crash = await once(req({ warn: true }), produce('first', async () => Promise.reject(new Error('crashed'))), resume).catch((e: unknown) => e);
    expect((crash as Error).message).toBe('crashed');
    expect(table.get()?.followUpUntil).toBe(nowMs / 1000 + FOLLOW_UP_LEASE_SECONDS);

    // Within the lease the first attempt may still be running: the replay answers and leaves the letters to it.
    let produced = 0;
    const again = () => once(req({ warn: true }), async () => {
      produced += 1;
      return produce('second', async () => undefined)();
    }, resume);
    expect(await again()).toEqual({ id: 'first' });
    expect(resumed).toEqual([]);

    // After it, a replay completes them from the first response, and closes the follow-up.
    nowMs += (FOLLOW_UP_LEASE_SECONDS + 1) * 1000;
    expect(await again()).toEqual({ id: 'first' });
    expect(resumed).toEqual([{ id: 'first' }]);
    expect(table.get()).not.toHaveProperty('followUpUntil');

    // Done: later replays only answer.
    nowMs += (FOLLOW_UP_LEASE_SECONDS + 1) * 1000;
    expect(await again()).toEqual({ id: 'first' });
    expect(resumed).toEqual([{ id: 'first' }]);
    expect(produced).toBe(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('lets only one of two racing replays complete them', async () => {
    const table = recordTable();
    await once(req({ race: true }), produce('first', async () => Promise.reject(new Error('crashed'))), async () => undefined).catch(() => undefined);
    nowMs += (FOLLOW_UP_LEASE_SECONDS + 1) * 1000;
    let resumes = 0;
    const resume = async () => {
      resumes += 1;
      // The other replay arrives while this one is sending.
      await new Promise((r) => setTimeout(r, 20));
    };
    const answers = await Promise.all([once(req({ race: true }), produce('x', async () => undefined), resume), once(req({ race: true }), produce('y', async () => undefined), resume)]);
    expect(answers).toEqual([{ id: 'first' }, { id: 'first' }]);
    expect(resumes).toBe(1);
    expect(table.get()).not.toHaveProperty('followUpUntil');
  });

  it('closes the follow-up when the first attempt finishes it, so no replay repeats it', async () => {
    const table = recordTable();
    let sent = 0;
    const resume = async () => {
      sent += 100;
    };
    await once(req({ ok: true }), produce('first', async () => {
      sent += 1;
    }), resume);
    expect(sent).toBe(1);
    expect(table.get()).not.toHaveProperty('followUpUntil');
    // The record is the whole response: the status the route answers, with the result as JSON.
    expect(table.get()?.response).toEqual({ status: 201, bodyJson: '{"id":"first"}' });
    nowMs += (FOLLOW_UP_LEASE_SECONDS + 1) * 1000;
    expect(await once(req({ ok: true }), produce('second', async () => undefined), resume)).toEqual({ id: 'first' });
    expect(sent).toBe(1);
  });
});
