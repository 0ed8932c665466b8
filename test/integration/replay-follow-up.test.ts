import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEY } from '../../lib/store/table.js';
import { apiUrl, caseworker, headOfAssurance, outboxEmail, outboxPost, som, tokenFor, uniqueKey } from './client.js';
import { activeStrategy, addMonths, eventually, realToday, resetClock } from './review-helpers.js';

/**
 * A creating request whose follow-up (an email to the SOM, a warning's letters) never
 * happened because the attempt crashed between its commit and the follow-up: the
 * idempotency record is left with its follow-up open past the attempt's lease. That
 * state is made here directly in the table; a replay with the same key must then
 * complete the follow-up once and answer the first response.
 */
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const TABLE = 'contact-strategy-test';

/** The idempotency record of the request by `sub` (the caseworker unless named) with `key` on `route` (a template) for `resourceId`. */
const recordKey = (route: string, resourceId: string, key: string, sub = 'staff-caseworker') =>
  KEY.idempotency(createHash('sha256').update(`${sub}\n${route}\n${resourceId}\n${key}`).digest('hex'));

const followUpOf = async (key: { pk: string; sk: string }) => ((await ddb.send(new GetCommand({ TableName: TABLE, Key: key }))).Item as { followUpUntil?: number } | undefined)?.followUpUntil;

/** Leaves the record as a crash after the commit would: follow-up open, until `until` (epoch seconds). */
const reopen = (key: { pk: string; sk: string }, until: number) =>
  ddb.send(new UpdateCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET followUpUntil = :u', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':u': until } }));

const nowSeconds = () => Math.floor(Date.now() / 1000);

let strategy: { id: string };
let person: { id: string };
let kase: { id: string };

beforeAll(async () => {
  await resetClock();
  await tokenFor(['caseworker']);
  ({ strategy, person, kase } = await activeStrategy({ reviewDate: addMonths(realToday(), 4), name: 'Riley Replayed' }));
});

afterAll(() => ddb.destroy());

describe('a replay completes what a crashed first attempt left undone', () => {
  it("emails the SOM about a reported breach once the first attempt's lease has run out, once, answering the first response", async () => {
    const key = uniqueKey();
    const body = { occurredAt: new Date(Date.now() - 3600_000).toISOString(), description: 'Telephoned although the strategy limits calls.' };
    const first = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const record = recordKey('POST /strategies/{id}/breaches', strategy.id, key);
    // Staff emails name no ids: the breach's own description finds its email.
    const aboutIt = async () => (await outboxEmail()).filter((e) => e.subject === 'Breach reported: contact strategy for Riley Replayed' && e.text.includes(body.description)).length;
    // The first attempt finished: one email, the follow-up closed.
    expect(await aboutIt()).toBe(1);
    expect(await followUpOf(record)).toBeUndefined();

    // Within the lease the first attempt may still be sending: a replay answers and leaves it alone.
    await reopen(record, nowSeconds() + 600);
    const early = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    expect(early.status).toBe(201);
    expect(early.body).toEqual(first.body);
    expect(await aboutIt()).toBe(1);

    // Past it, the attempt is over: the replay sends the email and closes the follow-up.
    await reopen(record, nowSeconds() - 60);
    const replay = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await aboutIt()).toBe(2);
    expect(await followUpOf(record)).toBeUndefined();

    // Done: a further replay sends nothing.
    const again = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    expect(again.body).toEqual(first.body);
    expect(await aboutIt()).toBe(2);
  });

  it("starts a warning's letters from a replay without sending any letter twice", async () => {
    const key = uniqueKey();
    const body = { caseIds: [kase.id], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' };
    const first = await caseworker.post(`/service-users/${person.id}/warnings`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    // Every letter sent or queued to the person about this warning, as their record lists them, and the packs on the post queue.
    const letters = async () => {
      const listed = (await caseworker.get(`/service-users/${person.id}/letters?limit=100`)).body.items as { warningId?: string; channel: string; status: string }[];
      const mine = listed.filter((l) => l.warningId === first.body.id);
      return { listed: mine.length, posted: (await outboxPost()).filter((p) => p.warningId === first.body.id).length };
    };
    // By email and by post: the person has both routes.
    const settled = await eventually(letters, (n) => n.listed >= 2 && n.posted >= 1);
    expect(settled).toEqual({ listed: 2, posted: 1 });
    const record = recordKey('POST /service-users/{id}/warnings', person.id, key);
    expect(await followUpOf(record)).toBeUndefined();

    await reopen(record, nowSeconds() - 60);
    const replay = await caseworker.post(`/service-users/${person.id}/warnings`, body, { headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await followUpOf(record)).toBeUndefined();
    // The letters' execution is named after the warning: starting it again starts nothing, and no letter is added.
    const executions = (await (await fetch(`${apiUrl()}/local/workflow/executions`)).json()) as { items: { name: string }[] };
    expect(executions.items.filter((e) => e.name.startsWith(`${first.body.id}-WARN-`))).toHaveLength(1);
    expect(await letters()).toEqual(settled);
  });

  it("starts an appeal outcome's letter from a replay of the decision, once, answering the first decision", async () => {
    const appeal = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: new Date(Date.now() - 60_000).toISOString(), grounds: 'The limit is stricter than my calls justify.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    const key = uniqueKey();
    const body = { outcome: 'UPHELD', reasons: 'The calls still justify the limit.' };
    const first = await headOfAssurance.post(`/appeals/${appeal.body.id}/decision`, body, { headers: { 'idempotency-key': key } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const record = recordKey('POST /appeals/{id}/decision', appeal.body.id, key, 'staff-head-of-assurance');
    expect(await followUpOf(record)).toBeUndefined();
    const outcomeRuns = async () => {
      const executions = (await (await fetch(`${apiUrl()}/local/workflow/executions`)).json()) as { items: { name: string }[] };
      return executions.items.filter((e) => e.name.includes(`appeal-${appeal.body.id}`)).length;
    };
    expect(await outcomeRuns()).toBe(1);

    // Without the key the appeal is already decided; with it, a retry past the first attempt's lease completes the letter.
    expect((await headOfAssurance.post(`/appeals/${appeal.body.id}/decision`, body)).status).toBe(409);
    await reopen(record, nowSeconds() - 60);
    const replay = await headOfAssurance.post(`/appeals/${appeal.body.id}/decision`, body, { headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await followUpOf(record)).toBeUndefined();
    // The letter's execution is named after the appeal: started again, it starts nothing new.
    expect(await outcomeRuns()).toBe(1);
  });

  it("starts a review's letter from a replay of the decision, once, answering the strategy the first decision answered", async () => {
    const key = uniqueKey();
    const body = { outcome: 'EXTEND', nextReviewDate: addMonths(realToday(), 5), notes: 'Still needed.' };
    const first = await som.post(`/strategies/${strategy.id}/review`, body, { headers: { 'idempotency-key': key } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // The answer is the strategy as a read after the decision gives it (letters of earlier tests may add history meanwhile).
    const { history: answered, letters: _answeredLetters, ...answeredStrategy } = first.body;
    const { history: read, letters: _readLetters, ...readStrategy } = (await caseworker.get(`/strategies/${strategy.id}`)).body;
    expect(answeredStrategy).toEqual(readStrategy);
    expect(read.slice(0, answered.length)).toEqual(answered);
    const record = recordKey('POST /strategies/{id}/review', strategy.id, key, 'som-1');
    expect(await followUpOf(record)).toBeUndefined();
    const letterRuns = async () => {
      const executions = (await (await fetch(`${apiUrl()}/local/workflow/executions`)).json()) as { items: { name: string }[] };
      return executions.items.filter((e) => e.name === `${strategy.id}-NOTIFY-review-v${first.body.version}`).length;
    };
    expect(await letterRuns()).toBe(1);

    await reopen(record, nowSeconds() - 60);
    const replay = await som.post(`/strategies/${strategy.id}/review`, body, { headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await followUpOf(record)).toBeUndefined();
    expect(await letterRuns()).toBe(1);
  });

  it("starts a breach decision's and its legal advice's VARIED letters from replays, each once, answering the first response", async () => {
    const reported = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: new Date(Date.now() - 3600_000).toISOString(), description: 'Rang three times in a week.' });
    expect(reported.status).toBe(201);
    const breachId = reported.body.id as string;
    const notifyRuns = async () => {
      const executions = (await (await fetch(`${apiUrl()}/local/workflow/executions`)).json()) as { items: { name: string }[] };
      return executions.items.filter((e) => e.name.startsWith(`${strategy.id}-NOTIFY-`)).map((e) => e.name);
    };
    const letterRuns = async (requestId: string) => (await notifyRuns()).filter((name) => name === `${strategy.id}-NOTIFY-${requestId}`).length;
    const steps = [
      {
        route: 'POST /breaches/{id}/decision',
        url: `/breaches/${breachId}/decision`,
        body: { actions: ['ADJUST_STRATEGY', 'LEGAL_ADVICE'], notes: 'One call a week.', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }] },
        letter: `breach-${breachId}`,
      },
      {
        route: 'POST /breaches/{id}/legal-advice',
        url: `/breaches/${breachId}/legal-advice`,
        body: {
          receivedAt: new Date().toISOString(),
          summary: 'The solicitor advises one named contact.',
          outcome: 'ADJUST_STRATEGY',
          notes: 'Following the advice.',
          restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }, { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-7', staffName: 'Jo Bloggs' }],
        },
        letter: `breach-${breachId}-advice`,
      },
    ];
    for (const step of steps) {
      const key = uniqueKey();
      const first = await som.post(step.url, step.body, { headers: { 'idempotency-key': key } });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      // The answer is the breach as a read after the step gives it.
      expect(first.body).toEqual((await caseworker.get(`/breaches/${breachId}`)).body);
      const record = recordKey(step.route, breachId, key, 'som-1');
      expect(await followUpOf(record)).toBeUndefined();
      expect(await letterRuns(step.letter)).toBe(1);

      // Without the key the step is already taken; with it, a retry past the first attempt's lease completes the letter.
      expect((await som.post(step.url, step.body)).status).toBe(409);
      const before = await notifyRuns();
      await reopen(record, nowSeconds() - 60);
      const replay = await som.post(step.url, step.body, { headers: { 'idempotency-key': key } });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(await followUpOf(record)).toBeUndefined();
      // The resumed letter is the one the first attempt started, under the same name: nothing new runs.
      expect(await notifyRuns()).toEqual(before);
      expect(await letterRuns(step.letter)).toBe(1);
    }
  });
});
