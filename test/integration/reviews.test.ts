import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseworker, outboxEmail, som } from './client.js';
import {
  activeStrategy,
  addDays,
  addMonths,
  emailsAbout,
  eventually,
  outboxPost,
  proposer,
  realToday,
  resetClock,
  setDay,
  SOM_MAILBOX,
  sweep,
  ukLongDate,
} from './review-helpers.js';

/**
 * Reviews of a contact strategy over HTTP (docs/lifecycle.md, Reviews), walking the
 * local clock day by day through a strategy's life and running the daily trigger
 * (`POST /local/scheduled/review-sweep`) as the schedule would.
 */

let today = '';

beforeAll(async () => {
  await resetClock();
  today = realToday();
});

afterAll(async () => {
  await resetClock();
});

const kinds = async (caseId: string, kind: string) =>
  ((await caseworker.get(`/cases/${caseId}/timeline?limit=100`)).body.items as { kind: string; summary: string; ref: Record<string, string> }[]).filter((e) => e.kind === kind);

/** Staff emails name the person, never the strategy's id. */
const remindersOf = async (name: string) => (await emailsAbout(name)).filter((e) => e.subject.startsWith('Review due'));
const escalationsOf = async (name: string) => (await emailsAbout(name)).filter((e) => e.subject.startsWith('Escalation'));

/** The person's letters of one kind, by email and by post, once the NOTIFY phase has sent both. */
async function lettersTo(person: { name: string; emails: string[] }, subject: string) {
  const emails = await eventually(
    async () => (await outboxEmail()).filter((e) => e.to.includes(person.emails[0] as string) && e.subject === subject),
    (l) => l.length > 0,
  );
  const posts = await eventually(
    async () => (await outboxPost()).filter((p) => p.recipientName === person.name && p.subject === subject),
    (l) => l.length > 0,
  );
  return { emails, posts };
}

async function screenPhone(serviceUserId: string) {
  return caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId, summary: 'Rang about the review' });
}

describe('the daily review trigger', () => {
  it('reminds the proposer and the SOM once, 14 days ahead; marks the strategy REVIEW_DUE on the date; escalates once, 7 days after; a second run the same day sends nothing twice', async () => {
    const reviewDate = addDays(today, 20);
    const { person, kase, strategy } = await activeStrategy({ reviewDate, name: 'Morgan Walkthrough' });
    const id = strategy.id as string;

    await setDay(addDays(reviewDate, -15));
    await sweep();
    expect(await remindersOf('Morgan Walkthrough')).toHaveLength(0);

    await setDay(addDays(reviewDate, -14));
    await sweep();
    await sweep();
    const reminders = await remindersOf('Morgan Walkthrough');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to.sort()).toEqual(['robin.proposer@opcc.localhost', SOM_MAILBOX].sort());
    expect(reminders[0]!.subject).toBe(`Review due ${ukLongDate(reviewDate)}: contact strategy for Morgan Walkthrough`);
    expect(reminders[0]!.text).toContain(ukLongDate(reviewDate));
    expect(await kinds(kase.id, 'REVIEW_REMINDER')).toHaveLength(1);

    await setDay(addDays(reviewDate, -13));
    await sweep();
    expect(await remindersOf('Morgan Walkthrough')).toHaveLength(1);

    // Listed as due by its review date, not before.
    const dueBy = await caseworker.get(`/reviews/due?by=${reviewDate}&limit=100`);
    expect(dueBy.status).toBe(200);
    expect(dueBy.body.items.map((s: { id: string }) => s.id)).toContain(id);
    const dueBefore = await caseworker.get(`/reviews/due?by=${addDays(reviewDate, -1)}&limit=100`);
    expect(dueBefore.body.items.map((s: { id: string }) => s.id)).not.toContain(id);

    await setDay(addDays(reviewDate, -1));
    await sweep();
    expect((await caseworker.get(`/strategies/${id}`)).body.status).toBe('ACTIVE');

    await setDay(reviewDate);
    await sweep();
    await sweep();
    const due = await caseworker.get(`/strategies/${id}`);
    expect(due.body.status).toBe('REVIEW_DUE');
    expect(due.body.version).toBe(strategy.version + 1);
    expect(due.body.history.filter((h: { event: string }) => h.event === 'REVIEW_DUE')).toHaveLength(1);
    expect(await kinds(kase.id, 'STRATEGY_REVIEW_DUE')).toHaveLength(1);
    // The restrictions stay in force while the review is undecided.
    const screened = await screenPhone(person.id);
    expect(screened.status).toBe(200);
    expect(screened.body.strategyId).toBe(id);
    expect(screened.body.recordCall).toBe(true);
    expect((await caseworker.get(`/reviews/due?by=${reviewDate}&limit=100`)).body.items.find((s: { id: string }) => s.id === id)?.status).toBe('REVIEW_DUE');

    await setDay(addDays(reviewDate, 6));
    await sweep();
    expect(await escalationsOf('Morgan Walkthrough')).toHaveLength(0);

    await setDay(addDays(reviewDate, 7));
    await sweep();
    await sweep();
    const escalations = await escalationsOf('Morgan Walkthrough');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.to).toEqual([SOM_MAILBOX]);
    expect(escalations[0]!.subject).toBe('Escalation: review of the contact strategy for Morgan Walkthrough is overdue');
    expect(escalations[0]!.text).toContain('Record the outcome in the console (Manager inbox, Reviews due and overdue).');
    expect(escalations[0]!.text).not.toContain(id);

    await setDay(addDays(reviewDate, 8));
    await sweep();
    expect(await escalationsOf('Morgan Walkthrough')).toHaveLength(1);
    expect(await remindersOf('Morgan Walkthrough')).toHaveLength(1);
    expect(await kinds(kase.id, 'REVIEW_ESCALATED')).toHaveLength(1);
    expect(await kinds(kase.id, 'REVIEW_REMINDER')).toHaveLength(1);
  });

  it('catches up after missed days: the first run after the review date reminds and marks it due together, then escalates once', async () => {
    await resetClock();
    const reviewDate = addDays(today, 30);
    const { kase, strategy } = await activeStrategy({ reviewDate, name: 'Casey Missed' });
    const id = strategy.id as string;

    // No run from 14 days before until the day after the review date.
    await setDay(addDays(reviewDate, 1));
    await sweep();
    expect(await remindersOf('Casey Missed')).toHaveLength(1);
    expect((await caseworker.get(`/strategies/${id}`)).body.status).toBe('REVIEW_DUE');
    expect(await escalationsOf('Casey Missed')).toHaveLength(0);

    // Nor for the next three weeks: the escalation still goes, once.
    await setDay(addDays(reviewDate, 21));
    await sweep();
    await sweep();
    expect(await escalationsOf('Casey Missed')).toHaveLength(1);
    expect(await remindersOf('Casey Missed')).toHaveLength(1);
    expect(await kinds(kase.id, 'REVIEW_ESCALATED')).toHaveLength(1);
  });

  it('sends nothing twice when runs overlap: three at the same moment send one reminder', async () => {
    await resetClock();
    await activeStrategy({ reviewDate: addDays(today, 5), name: 'Jamie Overlap' });
    await Promise.all([sweep(), sweep(), sweep()]);
    expect(await remindersOf('Jamie Overlap')).toHaveLength(1);
    await sweep();
    expect(await remindersOf('Jamie Overlap')).toHaveLength(1);
  });

  it('answers with a summary of what it did', async () => {
    await resetClock();
    const summary = await sweep();
    expect(summary).toMatchObject({ today, complete: true });
    expect(typeof summary.examined).toBe('number');
  });
});

describe('review outcomes', () => {
  it('EXTEND: the strategy continues until the next review date, the person is told by email and post, and the new date is reminded afresh', async () => {
    await resetClock();
    const reviewDate = addDays(today, 10);
    const { person, kase, strategy } = await activeStrategy({ reviewDate, name: 'Avery Extended' });
    const id = strategy.id as string;
    await setDay(reviewDate);
    await sweep();
    expect((await caseworker.get(`/strategies/${id}`)).body.status).toBe('REVIEW_DUE');

    const nextReviewDate = addMonths(reviewDate, 6);
    const res = await som.post(`/strategies/${id}/review`, { outcome: 'EXTEND', nextReviewDate, notes: 'Still needed: calls continue.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'ACTIVE', reviewDate: nextReviewDate, restrictions: strategy.restrictions });
    expect(res.body.lastReview).toMatchObject({ outcome: 'EXTEND', notes: 'Still needed: calls continue.', decidedBy: { sub: 'som-1', name: 'Sam Manager' }, reviewDate, nextReviewDate });
    expect(typeof res.body.lastReview.decidedAt).toBe('string');
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
    expect(res.body.history.find((h: { event: string }) => h.event === 'EXTENDED')).toMatchObject({ actor: { sub: 'som-1' }, fromStatus: 'REVIEW_DUE', toStatus: 'ACTIVE' });
    expect(await kinds(kase.id, 'STRATEGY_EXTENDED')).toHaveLength(1);

    const { emails, posts } = await lettersTo(person, 'Your contact arrangements with us are continuing');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(ukLongDate(nextReviewDate));
    // The person reads their case's reference, never the strategy's internal id.
    expect(emails[0]!.text).toContain(`Our reference: ${kase.reference}`);
    expect(emails[0]!.text).not.toContain(id);
    expect(emails[0]!.attachments.length).toBeGreaterThan(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain(ukLongDate(nextReviewDate));
    expect(posts[0]!.enclosures.length).toBeGreaterThan(0);
    const letters = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.letters.filter((l: { kind: string }) => l.kind === 'EXTENDED').length === 2);
    expect(letters.body.letters.filter((l: { kind: string }) => l.kind === 'EXTENDED').map((l: { channel: string }) => l.channel).sort()).toEqual(['EMAIL', 'POST']);

    // The new review date is reminded afresh, 14 days before it.
    await setDay(addDays(nextReviewDate, -14));
    await sweep();
    const reminders = await remindersOf('Avery Extended');
    expect(reminders).toHaveLength(2);
    expect(reminders.some((r) => r.text.includes(ukLongDate(nextReviewDate)))).toBe(true);
  });

  it('VARY: the new restrictions go through the drafting rules, replace the old ones for screening, and the person gets a new letter', async () => {
    await resetClock();
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addDays(today, 40), name: 'Riley Varied' });
    const id = strategy.id as string;
    const nextReviewDate = addMonths(today, 3);

    const contradictory = await som.post(`/strategies/${id}/review`, {
      outcome: 'VARY',
      nextReviewDate,
      restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }],
      notes: 'Tighten.',
    });
    expect(contradictory.status).toBe(422);
    expect(contradictory.body.errors.map((e: { path: string }) => e.path)).toContain('restrictions.1');
    expect((await caseworker.get(`/strategies/${id}`)).body.version).toBe(strategy.version);

    const missing = await som.post(`/strategies/${id}/review`, { outcome: 'VARY', notes: 'Tighten.' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['nextReviewDate', 'restrictions']);

    const res = await som.post(`/strategies/${id}/review`, {
      outcome: 'VARY',
      nextReviewDate,
      restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }],
      notes: 'Calls continued over the limit.',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ACTIVE', reviewDate: nextReviewDate, restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }] });
    expect(res.body.lastReview).toMatchObject({ outcome: 'VARY', decidedBy: { sub: 'som-1' } });
    expect(await kinds(kase.id, 'STRATEGY_VARIED')).toHaveLength(1);

    const screened = await screenPhone(person.id);
    expect(screened.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', strategyId: id, potentialBreach: true });

    const { emails, posts } = await lettersTo(person, 'Changes to how you can contact us');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain('Please do not telephone us');
    expect(emails[0]!.text).toContain(ukLongDate(nextReviewDate));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Please do not telephone us');
  });

  it('END: the strategy ends, leaves the review list and screening, the person is told the restrictions are lifted; a second review is 409', async () => {
    await resetClock();
    const reviewDate = addDays(today, 12);
    const { person, kase, strategy } = await activeStrategy({ reviewDate, name: 'Quinn Ended' });
    const id = strategy.id as string;

    const res = await som.post(`/strategies/${id}/review`, { outcome: 'END', notes: 'Behaviour has improved.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ENDED', lastReview: { outcome: 'END', notes: 'Behaviour has improved.', decidedBy: { sub: 'som-1' } } });
    expect(await kinds(kase.id, 'STRATEGY_ENDED')).toHaveLength(1);

    const due = await caseworker.get(`/reviews/due?by=${addDays(reviewDate, 30)}&limit=100`);
    expect(due.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    const screened = await screenPhone(person.id);
    expect(screened.body.decision).toBe('PROCEED');
    expect(screened.body.strategyId).toBeUndefined();

    const { emails, posts } = await lettersTo(person, 'Your contact arrangements with us have ended');
    expect(emails[0]!.text).toContain('lifted');
    expect(posts[0]!.text).toContain('lifted');

    // Nothing more is sent for an ended strategy.
    await setDay(addDays(reviewDate, 10));
    await sweep();
    expect(await remindersOf('Quinn Ended')).toHaveLength(0);
    expect(await escalationsOf('Quinn Ended')).toHaveLength(0);

    const again = await som.post(`/strategies/${id}/review`, { outcome: 'EXTEND', nextReviewDate: addMonths(today, 6), notes: 'Again.' });
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('ENDED');
  });

  it('is for the Statutory Operations Manager only, on a strategy in force, with a review date after today and at most 12 months ahead', async () => {
    await resetClock();
    const { strategy } = await activeStrategy({ reviewDate: addDays(today, 50), name: 'Taylor Rules' });
    const id = strategy.id as string;

    expect((await proposer.post(`/strategies/${id}/review`, { outcome: 'EXTEND', nextReviewDate: addMonths(today, 6), notes: 'x' })).status).toBe(403);

    const noDate = await som.post(`/strategies/${id}/review`, { outcome: 'EXTEND', notes: 'Continue.' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.errors.map((e: { path: string }) => e.path)).toEqual(['nextReviewDate']);

    const past = await som.post(`/strategies/${id}/review`, { outcome: 'EXTEND', nextReviewDate: today, notes: 'Continue.' });
    expect(past.status).toBe(422);
    expect(past.body.errors.map((e: { path: string }) => e.path)).toEqual(['nextReviewDate']);

    const tooFar = await som.post(`/strategies/${id}/review`, { outcome: 'EXTEND', nextReviewDate: addDays(addMonths(today, 12), 1), notes: 'Continue.' });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.errors.map((e: { path: string }) => e.path)).toEqual(['nextReviewDate']);

    const badOutcome = await som.post(`/strategies/${id}/review`, { outcome: 'PAUSE', notes: 'x' });
    expect([400, 422]).toContain(badOutcome.status);
    expect(badOutcome.body.errors.map((e: { path: string }) => e.path)).toEqual(['outcome']);

    expect((await caseworker.get(`/strategies/${id}`)).body.version).toBe(strategy.version);

    const unknown = await som.post('/strategies/NO-SUCH-STRATEGY/review', { outcome: 'END', notes: 'x' });
    expect(unknown.status).toBe(404);

    // A draft cannot be reviewed: 409 naming its state.
    const draft = await proposer.post('/strategies', {
      serviceUserId: strategy.serviceUserId,
      caseIds: strategy.caseIds,
      reason: 'r',
      purpose: 'p',
      reviewDate: addMonths(today, 2),
      restrictions: [{ type: 'RECORD_CALLS' }],
    });
    expect(draft.status).toBe(201);
    const refused = await som.post(`/strategies/${draft.body.id}/review`, { outcome: 'END', notes: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.state).toBe('DRAFT');
  });

  it('lets exactly one of racing decisions to end a strategy win; the others are 409 and the person gets one letter each way', async () => {
    await resetClock();
    const { strategy } = await activeStrategy({ reviewDate: addDays(today, 25), name: 'Robin Racing' });
    const id = strategy.id as string;
    // Whether the others lose the race or arrive after the first has committed, they meet an ENDED strategy.
    const results = await Promise.all(['First.', 'Second.', 'Third.'].map((notes) => som.post(`/strategies/${id}/review`, { outcome: 'END', notes })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const after = await caseworker.get(`/strategies/${id}`);
    expect(after.body).toMatchObject({ status: 'ENDED', version: strategy.version + 1 });
    const done = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.letters.filter((l: { kind: string }) => l.kind === 'ENDED').length >= 2);
    expect(done.body.letters.filter((l: { kind: string }) => l.kind === 'ENDED').map((l: { channel: string }) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
  });

  it('lists reviews due by a date, earliest first, a page at a time', async () => {
    const by = addMonths(today, 12);
    const first = await caseworker.get(`/reviews/due?by=${by}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeLessThanOrEqual(2);
    const all: { id: string; reviewDate: string; status: string }[] = [...first.body.items];
    let cursor = first.body.nextCursor as string | undefined;
    while (cursor) {
      const page = await caseworker.get(`/reviews/due?by=${by}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(all.every((s) => s.reviewDate <= by && ['ACTIVE', 'REVIEW_DUE'].includes(s.status))).toBe(true);
    expect(all.map((s) => s.reviewDate)).toEqual([...all.map((s) => s.reviewDate)].sort());

    expect((await caseworker.get('/reviews/due?by=31-12-2027')).status).toBe(422);
  });
});
