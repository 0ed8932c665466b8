import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, auditor, caseworker, newPersonWithCase, outboxEmail, som, ukDateOf, uniqueKey, problemPaths, timelineOf } from './client.js';
import { activeStrategy, addDays, addMonths, emailsAbout, eventually, outboxPost, proposer, realToday, resetClock, setDay, SOM_MAILBOX, ukLongDate } from './review-helpers.js';

/**
 * Appeals over HTTP (docs/lifecycle.md, Appeals): the person asks for the decision to
 * restrict their contact to be looked at again by someone who took no part in it.
 */

const HOA_MAILBOX = 'assurance@opcc.localhost';
/** A Statutory Operations Manager and a Head of Assurance who took no part in any strategy here. */
const otherSom = as(['statutory-operations-manager'], { sub: 'som-2', name: 'Sol Second', email: 'sol.second@opcc.localhost' });
const hoa = as(['head-of-assurance'], { sub: 'hoa-1', name: 'Hal Assurance', email: 'hal.assurance@opcc.localhost' });

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

/** A governance counter of a UK month, summed over its shards. */
async function tally(month: string, counter: string): Promise<number> {
  const res = await db.send(new QueryCommand({ TableName: 'contact-strategy-test', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': 'FIGURES', ':m': `MONTH#${month}#` } }));
  return (res.Items ?? []).reduce((n, i) => n + (typeof i[counter] === 'number' ? (i[counter] as number) : 0), 0);
}

let today = '';

beforeAll(async () => {
  await resetClock();
  today = realToday();
});

afterAll(async () => {
  await resetClock();
});

/** Received a moment ago: after the implementation letter, which may have gone out seconds before (and on today's UK date). */
const justNow = () => new Date(Date.now() - 1000).toISOString();

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id);

/** The emails and posted letters to the person with this subject, once the NOTIFY phase has sent them. */
async function lettersTo(person: { name: string; emails: string[] }, subject: string) {
  const emails = await eventually(async () => (await outboxEmail()).filter((e) => e.to.includes(person.emails[0]!) && e.subject === subject), (l) => l.length > 0);
  const posts = await eventually(async () => (await outboxPost()).filter((p) => p.recipientName === person.name && p.subject === subject), (l) => l.length > 0);
  return { emails, posts };
}

describe('recording an appeal', () => {
  it('records it as RECEIVED against a strategy in force, emails the SOM and the Head of Assurance naming the person and the strategy, puts it on each case, and counts it', async () => {
    const month = ukDateOf(new Date()).slice(0, 7);
    const before = await tally(month, 'appealsReceived');
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Ari Appellant' });
    const receivedAt = justNow();
    const res = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt, grounds: 'I was never told my calls were a problem.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'RECEIVED',
      strategyId: strategy.id,
      serviceUserId: person.id,
      caseIds: [kase.id],
      receivedAt,
      grounds: 'I was never told my calls were a problem.',
      late: false,
      overdue: false,
      appealBy: addDays(today, 28),
      decisionDueBy: addDays(ukDateOf(new Date(receivedAt)), 20),
      recordedBy: { sub: 'staff-caseworker' },
      version: 1,
    });
    expect(res.body.decision).toBeUndefined();

    const read = await caseworker.get(`/appeals/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(res.body);
    expect(ids(await caseworker.get(`/strategies/${strategy.id}/appeals`))).toEqual([res.body.id]);
    expect(ids(await som.get('/appeals?status=RECEIVED&limit=100'))).toContain(res.body.id);
    expect(ids(await som.get('/appeals?limit=100'))).toContain(res.body.id);

    const emails = (await emailsAbout('Ari Appellant')).filter((e) => e.subject.startsWith('Appeal received'));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to.sort()).toEqual([HOA_MAILBOX, SOM_MAILBOX].sort());
    expect(emails[0]!.subject).toBe('Appeal received: contact strategy for Ari Appellant');
    expect(emails[0]!.text).not.toContain(res.body.id);
    expect(emails[0]!.text).toContain('I was never told my calls were a problem.');

    const entries = (await timelineOf(kase.id)).filter((e) => e.kind === 'APPEAL_RECEIVED');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.ref).toMatchObject({ appealId: res.body.id, strategyId: strategy.id });
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body.history.map((h: { event: string }) => h.event)).toContain('APPEAL_RECEIVED');
    expect(await tally(month, 'appealsReceived')).toBe(before + 1);
  });

  it('the implementation letter told the person how to appeal and by when: APPEAL_DAYS after the letter', async () => {
    const { person } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Lee Lettered' });
    const { emails, posts } = await lettersTo(person, 'How you can contact us from now on');
    for (const text of [emails[0]!.text, posts[0]!.text]) {
      expect(text).toContain('If you disagree with our decision');
      expect(text).toContain(`by ${ukLongDate(addDays(today, 28))} (28 days from the date of this letter)`);
    }
  });

  it('replays the first answer for a repeated Idempotency-Key: one appeal, one email', async () => {
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Idem Appellant' });
    const key = uniqueKey();
    const body = { receivedAt: justNow(), grounds: 'Disproportionate.' };
    const first = await caseworker.post(`/strategies/${strategy.id}/appeals`, body, { headers: { 'idempotency-key': key } });
    const again = await caseworker.post(`/strategies/${strategy.id}/appeals`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await caseworker.get(`/strategies/${strategy.id}/appeals`)).body.items).toHaveLength(1);
    expect((await emailsAbout('Idem Appellant')).filter((e) => e.subject.startsWith('Appeal received'))).toHaveLength(1);
  });

  it('refuses bad input naming every field, a time in the future or before the letter, and writes nothing', async () => {
    const { kase, strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Bo Badinput' });
    const url = `/strategies/${strategy.id}/appeals`;
    const wrongTypes = await caseworker.post(url, { receivedAt: 'yesterday', grounds: 42 });
    expect([400, 422]).toContain(wrongTypes.status);
    expect(problemPaths(wrongTypes.body)).toEqual(['grounds', 'receivedAt']);
    const missing = await caseworker.post(url, { receivedAt: justNow() });
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['grounds']);
    const future = await caseworker.post(url, { receivedAt: new Date(Date.now() + 86_400_000).toISOString(), grounds: 'g' });
    expect(future.status).toBe(422);
    expect(problemPaths(future.body)).toEqual(['receivedAt']);
    const beforeLetter = await caseworker.post(url, { receivedAt: `${addDays(today, -3)}T12:00:00.000Z`, grounds: 'g' });
    expect(beforeLetter.status).toBe(422);
    expect(problemPaths(beforeLetter.body)).toEqual(['receivedAt']);
    expect((await caseworker.post(url, 'not json')).status).toBe(400);
    expect((await caseworker.get(url)).body.items).toHaveLength(0);
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'APPEAL_RECEIVED')).toHaveLength(0);
  });

  it('only against a strategy in force: a draft is 409 naming its state; an unknown strategy 404; an auditor 403', async () => {
    const { person, kase } = await newPersonWithCase();
    const draft = await proposer.post('/strategies', { serviceUserId: person.id, caseIds: [kase.id], reason: 'r', purpose: 'p', reviewDate: addMonths(today, 2), restrictions: [{ type: 'RECORD_CALLS' }] });
    expect(draft.status).toBe(201);
    const res = await caseworker.post(`/strategies/${draft.body.id}/appeals`, { receivedAt: justNow(), grounds: 'g' });
    expect(res.status).toBe(409);
    expect(res.body.state).toBe('DRAFT');
    expect((await caseworker.post('/strategies/NO-SUCH/appeals', { receivedAt: justNow(), grounds: 'g' })).status).toBe(404);
    expect((await caseworker.get('/strategies/NO-SUCH/appeals')).status).toBe(404);
    expect((await caseworker.get('/appeals/NO-SUCH')).status).toBe(404);
    expect((await auditor.post(`/strategies/${draft.body.id}/appeals`, { receivedAt: justNow(), grounds: 'g' })).status).toBe(403);
    expect((await caseworker.get('/appeals?status=MAYBE')).status).toBe(422);
    expect((await caseworker.get('/appeals?cursor=not-ours')).status).toBe(400);
  });

  it('received more than APPEAL_DAYS after the implementation letter (UK dates) needs lateReason (422), then is recorded as late', async () => {
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Lou Late' });
    await setDay(addDays(today, 30));
    try {
      const receivedAt = `${addDays(today, 29)}T12:00:00.000Z`;
      const refused = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt, grounds: 'Too strict.' });
      expect(refused.status).toBe(422);
      expect(problemPaths(refused.body)).toEqual(['lateReason']);
      expect(refused.body.errors[0].message).toContain(addDays(today, 28));
      expect((await caseworker.get(`/strategies/${strategy.id}/appeals`)).body.items).toHaveLength(0);
      // The last day itself is on time.
      const onTime = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: `${addDays(today, 28)}T12:00:00.000Z`, grounds: 'Too strict.' });
      expect(onTime.status, JSON.stringify(onTime.body)).toBe(201);
      expect(onTime.body.late).toBe(false);
      const accepted = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt, grounds: 'Too strict.', lateReason: 'Was in hospital for three weeks.' });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
      expect(accepted.body).toMatchObject({ late: true, lateReason: 'Was in hospital for three weeks.', appealBy: addDays(today, 28) });
    } finally {
      await resetClock();
    }
  });
});

describe('deciding an appeal', () => {
  async function appealed(name: string, restrictions?: unknown[]) {
    const made = await activeStrategy({ reviewDate: addMonths(today, 4), name, ...(restrictions ? { restrictions } : {}) });
    const appeal = await caseworker.post(`/strategies/${made.strategy.id}/appeals`, { receivedAt: justNow(), grounds: 'The restrictions are more than my calls justify.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    return { ...made, appeal: appeal.body };
  }

  it('only by a SOM or the Head of Assurance who took no part: the approver, the proposer and a caseworker are 403, and nothing is written', async () => {
    const { strategy, appeal } = await appealed('Pat Foureyes');
    const body = { outcome: 'UPHELD', reasons: 'r' };
    // som-1 approved the strategy.
    const approver = await som.post(`/appeals/${appeal.id}/decision`, body);
    expect(approver.status).toBe(403);
    expect(approver.body.detail).toContain('took no part');
    const proposerAsSom = as(['statutory-operations-manager'], { sub: strategy.proposedBy.sub, name: 'Same Person', email: 'same@opcc.localhost' });
    expect((await proposerAsSom.post(`/appeals/${appeal.id}/decision`, body)).status).toBe(403);
    const proposerAsHoa = as(['head-of-assurance'], { sub: strategy.proposedBy.sub, name: 'Same Person', email: 'same@opcc.localhost' });
    expect((await proposerAsHoa.post(`/appeals/${appeal.id}/decision`, body)).status).toBe(403);
    expect((await caseworker.post(`/appeals/${appeal.id}/decision`, body)).status).toBe(403);
    expect((await as(['line-manager']).post(`/appeals/${appeal.id}/decision`, body)).status).toBe(403);
    expect((await caseworker.get(`/appeals/${appeal.id}`)).body).toMatchObject({ status: 'RECEIVED', version: 1 });
    expect((await caseworker.post('/appeals/NO-SUCH/decision', body, { token: undefined })).status).toBe(403);
    expect((await hoa.post('/appeals/NO-SUCH/decision', body)).status).toBe(404);
  });

  it('refuses decisions that break the rules, naming the field, and leaves the appeal RECEIVED', async () => {
    const { appeal, strategy } = await appealed('Lee Rules');
    const cases: [unknown, number, string[]][] = [
      [{ outcome: 'MAYBE', reasons: 'r' }, 400, ['outcome']],
      [{ outcome: 'UPHELD' }, 422, ['reasons']],
      [{ outcome: 'UPHELD', reasons: 'r', restrictions: [{ type: 'NO_TELEPHONE' }] }, 422, ['restrictions']],
      [{ outcome: 'VARIED', reasons: 'r' }, 422, ['nextReviewDate', 'restrictions']],
      [{ outcome: 'ENDED', reasons: 'r', nextReviewDate: addMonths(today, 2) }, 422, ['nextReviewDate']],
      [{ outcome: 'VARIED', reasons: 'r', restrictions: [{ type: 'NO_TELEPHONE' }], nextReviewDate: addMonths(today, 13) }, 422, ['nextReviewDate']],
      [{ outcome: 'VARIED', reasons: 'r', restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }], nextReviewDate: addMonths(today, 2) }, 422, ['restrictions.1']],
    ];
    for (const [body, status, expected] of cases) {
      const res = await hoa.post(`/appeals/${appeal.id}/decision`, body);
      if (status === 400) expect([400, 422], JSON.stringify(body)).toContain(res.status);
      else expect(res.status, JSON.stringify(body)).toBe(status);
      expect(problemPaths(res.body), JSON.stringify(body)).toEqual(expected);
    }
    expect((await caseworker.get(`/appeals/${appeal.id}`)).body).toMatchObject({ status: 'RECEIVED', version: 1 });
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body).toMatchObject({ status: 'ACTIVE', version: strategy.version });
  });

  it('UPHELD by the Head of Assurance: the strategy stays as it is, the case timelines say so, and an APPEAL_OUTCOME letter giving the reasons goes by email and post; a second decision is 409', async () => {
    const month = ukDateOf(new Date()).slice(0, 7);
    const before = await tally(month, 'appealOutcomes:UPHELD');
    const { person, kase, strategy, appeal } = await appealed('Uma Upheld');
    const res = await hoa.post(`/appeals/${appeal.id}/decision`, { outcome: 'UPHELD', reasons: 'You called forty times in one week.\n\nThe limit lets you reach us twice a week.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: appeal.id, status: 'DECIDED', version: 2, overdue: false, decision: { outcome: 'UPHELD', decidedBy: { sub: 'hoa-1', name: 'Hal Assurance' }, late: false } });
    expect((await caseworker.get(`/appeals/${appeal.id}`)).body).toEqual(res.body);

    const after = (await caseworker.get(`/strategies/${strategy.id}`)).body;
    expect(after).toMatchObject({ status: 'ACTIVE', version: strategy.version, restrictions: strategy.restrictions, reviewDate: strategy.reviewDate });
    expect(after.history.map((h: { event: string }) => h.event)).toContain('APPEAL_UPHELD');
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'APPEAL_DECIDED')).toMatchObject([{ actor: { sub: 'hoa-1' }, ref: { appealId: appeal.id, outcome: 'UPHELD' } }]);

    const { emails, posts } = await lettersTo(person, 'The outcome of your appeal');
    expect(emails).toHaveLength(1);
    expect(posts).toHaveLength(1);
    for (const text of [emails[0]!.text, posts[0]!.text]) {
      expect(text).toContain('We have decided to keep our decision');
      expect(text).toContain('You called forty times in one week.');
      expect(text).toContain('You can telephone us up to twice each week');
    }
    const letters = await eventually(async () => (await caseworker.get(`/strategies/${strategy.id}`)).body.letters as { kind: string; channel: string }[], (l) => l.filter((x) => x.kind === 'APPEAL_OUTCOME').length === 2);
    expect(letters.filter((l) => l.kind === 'APPEAL_OUTCOME').map((l) => l.channel).sort()).toEqual(['EMAIL', 'POST']);

    const again = await otherSom.post(`/appeals/${appeal.id}/decision`, { outcome: 'ENDED', reasons: 'Changed my mind.' });
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('DECIDED');
    expect(ids(await som.get('/appeals?status=RECEIVED&limit=100'))).not.toContain(appeal.id);
    expect(ids(await som.get('/appeals?status=DECIDED&limit=100'))).toContain(appeal.id);
    expect(await tally(month, 'appealOutcomes:UPHELD')).toBe(before + 1);
  });

  it('VARIED by another SOM changes the strategy as a review VARY would: screening sees the new restrictions, and the letter gives the reasons', async () => {
    const { person, kase, strategy, appeal } = await appealed('Val Varied', [{ type: 'NO_TELEPHONE' }, { type: 'RECORD_CALLS' }]);
    const nextReviewDate = addMonths(today, 3);
    const res = await otherSom.post(`/appeals/${appeal.id}/decision`, {
      outcome: 'VARIED',
      reasons: 'Telephone calls may resume within a weekly limit.',
      restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }],
      nextReviewDate,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decision).toMatchObject({ outcome: 'VARIED', nextReviewDate, restrictions: [{ type: 'TELEPHONE_LIMIT' }, { type: 'RECORD_CALLS' }], decidedBy: { sub: 'som-2' } });
    const after = (await caseworker.get(`/strategies/${strategy.id}`)).body;
    expect(after).toMatchObject({ status: 'ACTIVE', reviewDate: nextReviewDate, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }] });
    const screened = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id, summary: 'Rang' });
    expect(screened.body.decision).not.toBe('CHANNEL_BLOCKED');
    const entries = await timelineOf(kase.id);
    expect(entries.filter((e) => e.kind === 'STRATEGY_VARIED')).toMatchObject([{ ref: { appealId: appeal.id, strategyId: strategy.id } }]);
    expect(entries.filter((e) => e.kind === 'APPEAL_DECIDED')).toHaveLength(1);

    const { emails, posts } = await lettersTo(person, 'The outcome of your appeal');
    for (const text of [emails[0]!.text, posts[0]!.text]) {
      expect(text).toContain('We have decided to change your contact arrangements');
      expect(text).toContain('Telephone calls may resume within a weekly limit.');
      expect(text).toContain(ukLongDate(nextReviewDate));
    }
    // The appeal's letter replaces the review's: no VARIED letter is sent.
    expect((await outboxEmail()).filter((e) => e.to.includes(person.emails[0]) && e.subject === 'Changes to how you can contact us')).toHaveLength(0);
  });

  it('ENDED ends the strategy (restrictions lifted), with the letter; an appeal of a strategy ended meanwhile cannot vary it (409 naming ENDED)', async () => {
    const { person, strategy, appeal } = await appealed('Eli Ended');
    const second = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: justNow(), grounds: 'A second letter of appeal.' });
    expect(second.status).toBe(201);
    const res = await hoa.post(`/appeals/${appeal.id}/decision`, { outcome: 'ENDED', reasons: 'Not proportionate to two calls a week.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body.status).toBe('ENDED');
    const screened = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id, summary: 'Rang' });
    expect(screened.body.strategyId).toBeUndefined();
    const { emails } = await lettersTo(person, 'The outcome of your appeal');
    expect(emails[0]!.text).toContain('We have decided to end your contact strategy');
    expect(emails[0]!.text).toContain('Not proportionate to two calls a week.');

    const vary = await otherSom.post(`/appeals/${second.body.id}/decision`, { outcome: 'VARIED', reasons: 'r', restrictions: [{ type: 'RECORD_CALLS' }], nextReviewDate: addMonths(today, 2) });
    expect(vary.status).toBe(409);
    expect(vary.body.state).toBe('ENDED');
    expect((await caseworker.get(`/appeals/${second.body.id}`)).body).toMatchObject({ status: 'RECEIVED', version: 1 });
    // No new appeal against an ended strategy.
    const late = await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: justNow(), grounds: 'g' });
    expect(late.status).toBe(409);
    expect(late.body.state).toBe('ENDED');
  });

  it('lets exactly one of racing decisions win; the others are 409 naming DECIDED', async () => {
    const { appeal } = await appealed('Racing Appeal');
    const results = await Promise.all([
      hoa.post(`/appeals/${appeal.id}/decision`, { outcome: 'UPHELD', reasons: 'One.' }),
      otherSom.post(`/appeals/${appeal.id}/decision`, { outcome: 'UPHELD', reasons: 'Two.' }),
      hoa.post(`/appeals/${appeal.id}/decision`, { outcome: 'UPHELD', reasons: 'Three.' }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(2);
    expect(refused.every((r) => r.body.state === 'DECIDED')).toBe(true);
    expect((await caseworker.get(`/appeals/${appeal.id}`)).body.version).toBe(2);
  });
});

describe('an appeal undecided after APPEAL_DECISION_DAYS', () => {
  it('is overdue on read (and in the inbox and the undecided list governance counts); decided then, it counts as decided late in the month it was received', async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
    const { listUndecidedAppeals } = await import('../../lib/store/appeals.js');
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Ode Overdue' });
    const receivedAt = justNow();
    const receivedMonth = ukDateOf(new Date(receivedAt)).slice(0, 7);
    const before = await tally(receivedMonth, 'appealsDecidedLate');
    const appeal = (await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt, grounds: 'Unfair.' })).body;
    const dueBy = addDays(ukDateOf(new Date(receivedAt)), 20);
    expect(appeal).toMatchObject({ overdue: false, decisionDueBy: dueBy });
    expect((await listUndecidedAppeals()).find((a) => a.id === appeal.id)).toEqual({ id: appeal.id, status: 'RECEIVED', receivedAt });

    await setDay(dueBy);
    try {
      expect((await caseworker.get(`/appeals/${appeal.id}`)).body.overdue).toBe(false);
      await setDay(addDays(dueBy, 1));
      expect((await caseworker.get(`/appeals/${appeal.id}`)).body.overdue).toBe(true);
      const inbox = (await som.get('/appeals?status=RECEIVED&limit=100')).body.items as { id: string; overdue: boolean }[];
      expect(inbox.find((a) => a.id === appeal.id)?.overdue).toBe(true);
      // The governance figures count it as overdue in the month it was received, before and after its late decision.
      const overdueIn = async () => ((await som.get(`/governance/figures?from=${receivedMonth}&to=${receivedMonth}`)).body.months[0].appealsOverdue as number);
      const whileUndecided = await overdueIn();
      expect(whileUndecided).toBeGreaterThanOrEqual(1);
      const res = await hoa.post(`/appeals/${appeal.id}/decision`, { outcome: 'UPHELD', reasons: 'Proportionate.' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: 'DECIDED', overdue: false, decision: { late: true } });
      expect(await overdueIn()).toBe(whileUndecided);
    } finally {
      await resetClock();
    }
    expect(await tally(receivedMonth, 'appealsDecidedLate')).toBe(before + 1);
    expect((await listUndecidedAppeals()).map((a) => a.id)).not.toContain(appeal.id);
  });
});
