import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditor, caseworker, headOfAssurance, newPersonWithCase, outboxEmail, som, uniqueKey, problemPaths, timelineOf, potentialBreachIds } from './client.js';
import { activeStrategy, addDays, addMonths, emailsAbout, eventually, outboxPost, proposer, realToday, resetClock, SOM_MAILBOX, ukLongDate } from './review-helpers.js';

/** Breaches of a contact strategy over HTTP (policy 1.6; docs/lifecycle.md, Breaches). */

let today = '';

beforeAll(async () => {
  await resetClock();
  today = realToday();
});

afterAll(async () => {
  await resetClock();
});

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();


describe('reporting a breach', () => {
  it('records it as REPORTED against the strategy, emails the SOM naming the person and the strategy, and puts it on each case timeline', async () => {
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Drew Breacher' });
    const contact = await caseworker.post(`/cases/${kase.id}/contacts`, { channel: 'PHONE', direction: 'INBOUND', occurredAt: hourAgo(), summary: 'Third call this week', durationMinutes: 20 });
    expect(contact.status).toBe(201);
    const incident = await caseworker.post(`/cases/${kase.id}/incidents`, { occurredAt: hourAgo(), channel: 'PHONE', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description: 'Shouted at the caseworker.' });
    expect(incident.status).toBe(201);

    const res = await caseworker.post(`/strategies/${strategy.id}/breaches`, {
      occurredAt: hourAgo(),
      description: 'Called a third time this week, over the limit, and was abusive.',
      contactIds: [contact.body.id],
      incidentIds: [incident.body.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'REPORTED',
      strategyId: strategy.id,
      serviceUserId: person.id,
      caseIds: [kase.id],
      contactIds: [contact.body.id],
      incidentIds: [incident.body.id],
      reportedBy: { sub: 'staff-caseworker' },
      version: 1,
    });

    const read = await caseworker.get(`/breaches/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    const ofStrategy = await caseworker.get(`/strategies/${strategy.id}/breaches`);
    expect(ofStrategy.body.items.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    const inbox = await som.get('/breaches?status=REPORTED&limit=100');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((b: { id: string }) => b.id)).toContain(res.body.id);

    const emails = (await emailsAbout('Drew Breacher')).filter((e) => e.to.includes(SOM_MAILBOX) && e.subject.startsWith('Breach reported'));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe('Breach reported: contact strategy for Drew Breacher');
    expect(emails[0]!.text).not.toContain(res.body.id);
    expect(emails[0]!.text).toContain('Called a third time this week');

    const entries = (await timelineOf(kase.id)).filter((e) => e.kind === 'BREACH_REPORTED');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.ref).toMatchObject({ breachId: res.body.id, strategyId: strategy.id });
  });

  it('takes a potential breach it names out of the managers’ inbox, leaving the ones it does not name', async () => {
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), restrictions: [{ type: 'NO_TELEPHONE' }] });
    const screenCall = async () => {
      const res = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id, caseId: kase.id });
      expect(res.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true, strategyId: strategy.id });
      return res.body.contactId as string;
    };
    const named = await screenCall();
    const other = await screenCall();
    expect(await potentialBreachIds()).toEqual(expect.arrayContaining([named, other]));

    const res = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'Telephoned although telephone contact is not allowed.', contactIds: [named] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);

    const inbox = await potentialBreachIds();
    expect(inbox).not.toContain(named);
    expect(inbox).toContain(other);
    // The contact itself is kept as it was: still screened, still a potential breach, now named by the report.
    const contacts = (await caseworker.get(`/cases/${kase.id}/contacts?limit=100`)).body.items as { id: string; screening?: { potentialBreach: boolean } }[];
    expect(contacts.find((c) => c.id === named)?.screening).toMatchObject({ potentialBreach: true });
  });

  it('replays the first answer for a repeated Idempotency-Key: one breach, one email', async () => {
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Idem Breacher' });
    const key = uniqueKey();
    const body = { occurredAt: hourAgo(), description: 'Emailed from a blocked address.' };
    const first = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    const again = await caseworker.post(`/strategies/${strategy.id}/breaches`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await caseworker.get(`/strategies/${strategy.id}/breaches`)).body.items).toHaveLength(1);
    expect((await emailsAbout('Idem Breacher')).filter((e) => e.subject.startsWith('Breach reported'))).toHaveLength(1);
  });

  it('refuses links to contacts or incidents that do not exist or are about someone else, naming each, and writes nothing', async () => {
    const { kase, strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Link Checker' });
    const own = await caseworker.post(`/cases/${kase.id}/contacts`, { channel: 'EMAIL', direction: 'INBOUND', occurredAt: hourAgo(), summary: 'Email' });
    const other = await newPersonWithCase();
    const theirs = await caseworker.post(`/cases/${other.kase.id}/incidents`, { occurredAt: hourAgo(), channel: 'EMAIL', behaviours: ['UNNECESSARY_COPYING_IN'], description: 'Copied in everyone.' });

    const res = await caseworker.post(`/strategies/${strategy.id}/breaches`, {
      occurredAt: hourAgo(),
      description: 'Breach.',
      contactIds: [own.body.id, 'NO-SUCH-CONTACT'],
      incidentIds: [theirs.body.id],
    });
    expect(res.status).toBe(422);
    expect(problemPaths(res.body)).toEqual(['contactIds.1', 'incidentIds.0']);

    const future = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: new Date(Date.now() + 86_400_000).toISOString(), description: 'Breach.' });
    expect(future.status).toBe(422);
    expect(problemPaths(future.body)).toEqual(['occurredAt']);

    const missing = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: hourAgo() });
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['description']);

    expect((await caseworker.get(`/strategies/${strategy.id}/breaches`)).body.items).toHaveLength(0);
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'BREACH_REPORTED')).toHaveLength(0);
  });

  it('only against a strategy in force: a draft is 409 naming its state; an unknown strategy 404; an auditor 403', async () => {
    const { person, kase } = await newPersonWithCase();
    const draft = await proposer.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'r',
      purpose: 'p',
      reviewDate: addMonths(today, 2),
      restrictions: [{ type: 'RECORD_CALLS' }],
    });
    expect(draft.status).toBe(201);
    const res = await caseworker.post(`/strategies/${draft.body.id}/breaches`, { occurredAt: hourAgo(), description: 'Breach.' });
    expect(res.status).toBe(409);
    expect(res.body.state).toBe('DRAFT');
    expect((await caseworker.post('/strategies/NO-SUCH/breaches', { occurredAt: hourAgo(), description: 'Breach.' })).status).toBe(404);
    expect((await auditor.post(`/strategies/${draft.body.id}/breaches`, { occurredAt: hourAgo(), description: 'Breach.' })).status).toBe(403);
  });
});

describe('deciding on a breach', () => {
  // A telephone limit alone, so that each adjustment below only tightens it (policy 1.6).
  async function reported(name: string, reviewDate = addMonths(today, 4)) {
    const made = await activeStrategy({ reviewDate, name, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    const breach = await caseworker.post(`/strategies/${made.strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'Rang four times in one day.' });
    expect(breach.status).toBe(201);
    return { ...made, breach: breach.body };
  }

  it('records legal advice sought and a police referral with who decided and when, on each case; the breach waits for the advice and a second decision is 409', async () => {
    const { kase, breach } = await reported('Sky Referred');
    expect((await caseworker.post(`/breaches/${breach.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'x' })).status).toBe(403);
    expect((await headOfAssurance.post(`/breaches/${breach.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'x' })).status).toBe(403);

    const res = await som.post(`/breaches/${breach.id}/decision`, { actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'], notes: 'Threats were made: criminal threshold may be met.', policeReference: 'HP-2026-0042', reportedAt: hourAgo() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: breach.id, status: 'AWAITING_LEGAL_ADVICE', version: 2, decision: { actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'], notes: 'Threats were made: criminal threshold may be met.', decidedBy: { sub: 'som-1', name: 'Sam Manager' } } });
    expect(Date.parse(res.body.decision.decidedAt)).not.toBeNaN();
    expect((await caseworker.get(`/breaches/${breach.id}`)).body).toEqual(res.body);

    const entries = await timelineOf(kase.id);
    expect(entries.filter((e) => e.kind === 'BREACH_DECIDED')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'BREACH_LEGAL_ADVICE')).toMatchObject([{ actor: { sub: 'som-1' }, ref: { breachId: breach.id } }]);
    expect(entries.filter((e) => e.kind === 'POLICE_REFERRAL')).toMatchObject([{ actor: { sub: 'som-1' }, ref: { breachId: breach.id } }]);

    const again = await som.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'Changed my mind.' });
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('AWAITING_LEGAL_ADVICE');

    const inbox = await som.get('/breaches?status=REPORTED&limit=100');
    expect(inbox.body.items.map((b: { id: string }) => b.id)).not.toContain(breach.id);
    const awaiting = await som.get('/breaches?status=AWAITING_LEGAL_ADVICE&limit=100');
    expect(awaiting.body.items.map((b: { id: string }) => b.id)).toContain(breach.id);
  });

  it('lets exactly one of racing decisions win; the others are 409 naming DECIDED', async () => {
    const { breach } = await reported('Racing Decisions');
    const results = await Promise.all([
      som.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'One.' }),
      som.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'Two.' }),
      som.post(`/breaches/${breach.id}/decision`, { actions: ['POLICE_REFERRAL'], notes: 'Three.', policeReference: 'HP-3', reportedAt: hourAgo() }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(2);
    expect(refused.every((r) => r.body.state === 'DECIDED')).toBe(true);
    expect((await caseworker.get(`/breaches/${breach.id}`)).body.version).toBe(2);
  });

  it('refuses decisions that break the rules, naming the field, and leaves the breach REPORTED', async () => {
    const { breach } = await reported('Lee Rules');
    const cases: [unknown, string[]][] = [
      [{ actions: ['NO_FURTHER_ACTION', 'LEGAL_ADVICE'], notes: 'n' }, ['actions']],
      [{ actions: ['LEGAL_ADVICE', 'LEGAL_ADVICE'], notes: 'n' }, ['actions.1']],
      [{ actions: ['ADJUST_STRATEGY'], notes: 'n' }, ['restrictions']],
      [{ actions: [], notes: 'n' }, ['actions']],
      [{ actions: ['LEGAL_ADVICE'], notes: 'n', restrictions: [{ type: 'NO_TELEPHONE' }] }, ['restrictions']],
      [{ actions: ['ADJUST_STRATEGY'], notes: 'n', restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }] }, ['restrictions.1']],
      [{ actions: ['ADJUST_STRATEGY'], notes: 'n', restrictions: [{ type: 'NO_TELEPHONE' }], nextReviewDate: addMonths(today, 13) }, ['nextReviewDate']],
    ];
    for (const [body, expected] of cases) {
      const res = await som.post(`/breaches/${breach.id}/decision`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(problemPaths(res.body), JSON.stringify(body)).toEqual(expected);
    }
    expect((await caseworker.get(`/breaches/${breach.id}`)).body).toMatchObject({ status: 'REPORTED', version: 1 });
  });

  it('ADJUST_STRATEGY varies the strategy as a review VARY would: new restrictions for screening, a new review date, a VARIED letter by email and post', async () => {
    const { person, kase, strategy, breach } = await reported('Sam Adjusted');
    const nextReviewDate = addMonths(today, 5);
    const res = await som.post(`/breaches/${breach.id}/decision`, {
      actions: ['ADJUST_STRATEGY', 'LEGAL_ADVICE'],
      notes: 'Tighten to written contact only.',
      restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }],
      nextReviewDate,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'AWAITING_LEGAL_ADVICE', decision: { actions: ['ADJUST_STRATEGY', 'LEGAL_ADVICE'], nextReviewDate, restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY' }] } });

    const varied = await caseworker.get(`/strategies/${strategy.id}`);
    expect(varied.body).toMatchObject({ status: 'ACTIVE', reviewDate: nextReviewDate, restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }] });
    expect(varied.body.lastReview).toMatchObject({ outcome: 'VARY', breachId: breach.id, decidedBy: { sub: 'som-1' } });
    expect(varied.body.history.find((h: { event: string }) => h.event === 'VARIED')).toBeDefined();

    const screened = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id, summary: 'Rang again' });
    expect(screened.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', strategyId: strategy.id });

    const entries = await timelineOf(kase.id);
    expect(entries.filter((e) => e.kind === 'STRATEGY_VARIED')).toMatchObject([{ ref: { breachId: breach.id, strategyId: strategy.id } }]);
    expect(entries.filter((e) => e.kind === 'BREACH_DECIDED')).toHaveLength(1);

    const subject = 'Changes to how you can contact us';
    const emails = await eventually(async () => (await outboxEmail()).filter((e) => e.to.includes(person.emails[0]) && e.subject === subject), (l) => l.length > 0);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain('Please do not telephone us');
    expect(emails[0]!.text).toContain(ukLongDate(nextReviewDate));
    const posts = await eventually(async () => (await outboxPost()).filter((p) => p.recipientName === person.name && p.subject === subject), (l) => l.length > 0);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Please do not telephone us');

    // The advice adjusts it again: the person is told of that change too, in a letter of its own.
    const advised = await som.post(`/breaches/${breach.id}/legal-advice`, {
      receivedAt: new Date().toISOString(),
      summary: 'The solicitor advises the office may restrict further.',
      outcome: 'ADJUST_STRATEGY',
      notes: 'Following the advice.',
      restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }, { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-7', staffName: 'Jo Bloggs' }],
    });
    expect(advised.status, JSON.stringify(advised.body)).toBe(200);
    const twice = await eventually(async () => (await outboxEmail()).filter((e) => e.to.includes(person.emails[0]) && e.subject === subject), (l) => l.length > 1);
    expect(twice).toHaveLength(2);
  });

  it('ADJUST_STRATEGY keeps the current review date when none is given, while it is still ahead', async () => {
    const reviewDate = addDays(today, 45);
    const { strategy, breach } = await reported('Kit Kept', reviewDate);
    const res = await som.post(`/breaches/${breach.id}/decision`, { actions: ['ADJUST_STRATEGY'], notes: 'Add call recording.', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body).toMatchObject({ reviewDate, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }] });
  });

  it('a police referral needs the police reference and when it was reported (422 naming each), recorded on the breach and each case', async () => {
    const { kase, breach } = await reported('Quinn Police');
    const missing = await som.post(`/breaches/${breach.id}/decision`, { actions: ['POLICE_REFERRAL'], notes: 'Threats.' });
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['policeReference', 'reportedAt']);
    expect((await caseworker.get(`/breaches/${breach.id}`)).body).toMatchObject({ status: 'REPORTED', version: 1 });
    const reportedAt = hourAgo();
    const res = await som.post(`/breaches/${breach.id}/decision`, { actions: ['POLICE_REFERRAL'], notes: 'Threats.', policeReference: 'HP-2026-0099', reportedAt });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decision).toMatchObject({ policeReference: 'HP-2026-0099', reportedAt });
    const entry = (await timelineOf(kase.id)).find((e) => e.kind === 'POLICE_REFERRAL');
    expect(entry?.summary).toContain('HP-2026-0099');
    expect(entry?.ref).toMatchObject({ breachId: breach.id, policeReference: 'HP-2026-0099' });
  });

  it('an adjustment only tightens (policy 1.6): relaxing or changing nothing is 422 on restrictions, and nothing is written', async () => {
    const { strategy, breach } = await reported('Reese Relaxed');
    for (const restrictions of [
      [{ type: 'TELEPHONE_LIMIT', maxCalls: 5, per: 'WEEK' }],
      [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'DAY' }],
      [{ type: 'RECORD_CALLS' }],
      [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }],
    ]) {
      const res = await som.post(`/breaches/${breach.id}/decision`, { actions: ['ADJUST_STRATEGY'], notes: 'n', restrictions });
      expect(res.status, JSON.stringify(restrictions)).toBe(422);
      expect(problemPaths(res.body)[0]).toBe('restrictions');
    }
    expect((await caseworker.get(`/breaches/${breach.id}`)).body).toMatchObject({ status: 'REPORTED', version: 1 });
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body).toMatchObject({ version: strategy.version, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
  });

  it('nobody decides a breach of a strategy they proposed (403)', async () => {
    const { breach } = await reported('Ash Proposed');
    const strategy = (await caseworker.get(`/strategies/${breach.strategyId}`)).body;
    const asProposer = as(['statutory-operations-manager'], { sub: strategy.proposedBy.sub, name: 'Same Person', email: 'same@opcc.localhost' });
    expect((await asProposer.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'Mine.' })).status).toBe(403);
    expect((await asProposer.post(`/strategies/${breach.strategyId}/review`, { outcome: 'END', notes: 'Mine.' })).status).toBe(403);
  });

  it('nobody decides a breach they reported (403), nor imposes the tighter restriction themselves; nothing is written', async () => {
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Rory Reported', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    const reporter = as(['statutory-operations-manager'], { sub: 'som-reporter', name: 'Rae Reporter', email: 'rae@opcc.localhost' });
    const breach = (await reporter.post(`/strategies/${strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'Rang five times.' })).body;
    expect(breach.reportedBy).toEqual({ sub: 'som-reporter', name: 'Rae Reporter' });
    const tighten = await reporter.post(`/breaches/${breach.id}/decision`, { actions: ['ADJUST_STRATEGY'], notes: 'Tighten.', restrictions: [{ type: 'NO_TELEPHONE' }] });
    expect(tighten.status).toBe(403);
    expect((await reporter.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'Mine.' })).status).toBe(403);
    expect((await caseworker.get(`/breaches/${breach.id}`)).body).toMatchObject({ status: 'REPORTED', version: 1 });
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body).toMatchObject({ version: strategy.version, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    // Another manager, who neither proposed the strategy nor reported the breach, may.
    expect((await som.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'Noted.' })).status).toBe(200);
  });

  it('cannot adjust a strategy that has ended (409 naming ENDED); the breach stays REPORTED', async () => {
    const { strategy, breach } = await reported('Pat Ended');
    const ended = await som.post(`/strategies/${strategy.id}/review`, { outcome: 'END', notes: 'Ended.' });
    expect(ended.status).toBe(200);
    const res = await som.post(`/breaches/${breach.id}/decision`, { actions: ['ADJUST_STRATEGY'], notes: 'n', restrictions: [{ type: 'NO_TELEPHONE' }], nextReviewDate: addMonths(today, 3) });
    expect(res.status).toBe(409);
    expect(res.body.state).toBe('ENDED');
    expect((await caseworker.get(`/breaches/${breach.id}`)).body.status).toBe('REPORTED');
    // A new breach of an ended strategy cannot be reported.
    const late = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'After the end.' });
    expect(late.status).toBe(409);
    expect(late.body.state).toBe('ENDED');
    // NO_FURTHER_ACTION is still possible on the old breach.
    const nfa = await som.post(`/breaches/${breach.id}/decision`, { actions: ['NO_FURTHER_ACTION'], notes: 'The strategy has ended.' });
    expect(nfa.status).toBe(200);
  });
});

describe('legal advice has an outcome', () => {
  async function awaitingAdvice(name: string) {
    const made = await activeStrategy({ reviewDate: addMonths(today, 4), name, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    const breach = (await caseworker.post(`/strategies/${made.strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'Rang six times in one day.' })).body;
    const sought = await som.post(`/breaches/${breach.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'Ask the solicitor whether to go further.' });
    expect(sought.body.status).toBe('AWAITING_LEGAL_ADVICE');
    return { ...made, breach: sought.body };
  }
  // Received now: after the decision that sought it.
  const advice = () => ({ receivedAt: new Date().toISOString(), summary: 'The solicitor advises the office may act.', notes: 'Following the advice.' });

  it('NO_FURTHER_ACTION decides the breach, worded on the case; a second outcome is 409, and only a manager uninvolved in the breach records it (403)', async () => {
    const { kase, breach } = await awaitingAdvice('Lou Advised');
    expect((await caseworker.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'NO_FURTHER_ACTION' })).status).toBe(403);
    const reporter = as(['statutory-operations-manager'], { sub: breach.reportedBy.sub, name: 'Same Reporter', email: 'same.reporter@opcc.localhost' });
    expect((await reporter.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'NO_FURTHER_ACTION' })).status).toBe(403);

    const res = await som.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'NO_FURTHER_ACTION' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'DECIDED', version: 3, legalAdvice: { outcome: 'NO_FURTHER_ACTION', summary: advice().summary, recordedBy: { sub: 'som-1' } } });
    const entry = (await timelineOf(kase.id)).find((e) => e.kind === 'BREACH_LEGAL_ADVICE_RECEIVED');
    expect(entry?.summary).toContain('decided to take no further action');
    const again = await som.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'NO_FURTHER_ACTION' });
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('DECIDED');
  });

  it('is 409 for a breach not waiting for advice, and 422 naming the field an outcome needs', async () => {
    const { breach } = await reported409();
    expect((await som.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'NO_FURTHER_ACTION' })).status).toBe(409);
    const { breach: waiting } = await awaitingAdvice('Mo Missing');
    const missing = await som.post(`/breaches/${waiting.id}/legal-advice`, { ...advice(), outcome: 'POLICE_REFERRAL' });
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['policeReference', 'reportedAt']);
    expect((await caseworker.get(`/breaches/${waiting.id}`)).body).toMatchObject({ status: 'AWAITING_LEGAL_ADVICE', version: 2 });
  });

  it('POLICE_REFERRAL records the reference on the breach and the case; ADJUST_STRATEGY only tightens and varies the strategy', async () => {
    const { kase, breach } = await awaitingAdvice('Ray Referred');
    const referred = await som.post(`/breaches/${breach.id}/legal-advice`, { ...advice(), outcome: 'POLICE_REFERRAL', policeReference: 'HP-2026-0777', reportedAt: hourAgo() });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
    expect(referred.body.legalAdvice).toMatchObject({ outcome: 'POLICE_REFERRAL', policeReference: 'HP-2026-0777' });
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'POLICE_REFERRAL')).toMatchObject([{ ref: { breachId: breach.id, policeReference: 'HP-2026-0777' } }]);

    const { strategy, breach: other } = await awaitingAdvice('Ada Adjusted');
    const looser = await som.post(`/breaches/${other.id}/legal-advice`, { ...advice(), outcome: 'ADJUST_STRATEGY', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 5, per: 'WEEK' }] });
    expect(looser.status).toBe(422);
    expect(problemPaths(looser.body)[0]).toBe('restrictions');
    const adjusted = await som.post(`/breaches/${other.id}/legal-advice`, { ...advice(), outcome: 'ADJUST_STRATEGY', restrictions: [{ type: 'NO_TELEPHONE' }] });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    expect(adjusted.body).toMatchObject({ status: 'DECIDED', legalAdvice: { outcome: 'ADJUST_STRATEGY', restrictions: [{ type: 'NO_TELEPHONE' }] } });
    expect((await caseworker.get(`/strategies/${strategy.id}`)).body).toMatchObject({ restrictions: [{ type: 'NO_TELEPHONE' }], lastReview: { outcome: 'VARY', breachId: other.id } });
  });

  async function reported409() {
    const made = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Val Reported' });
    return { breach: (await caseworker.post(`/strategies/${made.strategy.id}/breaches`, { occurredAt: hourAgo(), description: 'Rang again.' })).body };
  }
});
