import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, as, auditor, caseworker, newPersonWithCase, outboxEmail, som, uniqueKey } from './client.js';
import { addDays, addMonths, COMPLETE_FACTORS, eventually, outboxPost, ukDateOf } from './client.js';
import { inForceOf } from '../../lib/domain/strategy-rules.js';
import { KEY } from '../../lib/store/table.js';

/**
 * Contact strategies over HTTP (policy 1.4 and 1.5; docs/lifecycle.md).
 * Dates are worked out from the local stack's clock, which other files may have moved.
 */

let today = '';

beforeAll(async () => {
  const res = await fetch(`${apiUrl()}/local/clock`);
  const { now } = (await res.json()) as { now: string };
  today = ukDateOf(new Date(now));
});


/** A second member of staff who drafts (so that the Statutory Operations Manager may decide). */
const proposer = as(['caseworker'], { sub: 'cw-proposer', name: 'Casey Worker', email: 'casey.worker@opcc.localhost' });
/** A Statutory Operations Manager who proposes, and so may not decide. */
const somProposer = as(['statutory-operations-manager'], { sub: 'som-proposer', name: 'Sol Proposer', email: 'sol@opcc.localhost' });

async function concluded(serviceUserId: string, subject = 'An earlier complaint') {
  const kase = await caseworker.post('/cases', { serviceUserId, type: 'COMPLAINT', subject });
  const done = await caseworker.post(`/cases/${kase.body.id}/conclude`, { finalDecision: 'Not upheld.', outcomeExplained: true, rightOfReviewAdvised: true });
  expect(done.status).toBe(200);
  return done.body;
}

function body(person: { id: string }, caseIds: string[], over: Record<string, unknown> = {}) {
  return {
    serviceUserId: person.id,
    caseIds,
    reason: 'You have telephoned us several times a day about the same matter.',
    purpose: 'Keep contact manageable while the open complaint is dealt with.',
    reviewDate: addMonths(today, 6),
    restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK', maxMinutes: 15 }, { type: 'RECORD_CALLS' }],
    factors: COMPLETE_FACTORS,
    ...over,
  };
}

async function drafted(over: Record<string, unknown> = {}, who = proposer) {
  const { person, kase } = await newPersonWithCase();
  const res = await who.post('/strategies', body(person, [kase.id], over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { person, kase, strategy: res.body };
}

const errorPaths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort();


describe('drafting a contact strategy', () => {
  it('drafts a strategy proposed by the caller, with its history and a timeline entry on each case', async () => {
    const { person, kase } = await newPersonWithCase();
    const old = await concluded(person.id);
    const res = await proposer.post('/strategies', body(person, [kase.id, old.id], { restrictions: [{ type: 'LOG_ONLY', caseIds: [old.id] }, { type: 'RECORD_CALLS' }] }));
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ status: 'DRAFT', version: 1, serviceUserId: person.id, caseIds: [kase.id, old.id], proposedBy: { sub: 'cw-proposer', name: 'Casey Worker' }, letters: [] });
    expect(res.body.history).toMatchObject([{ event: 'DRAFTED', toStatus: 'DRAFT' }]);

    const read = await auditor.get(`/strategies/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    for (const c of [kase.id, old.id]) {
      const tl = await caseworker.get(`/cases/${c}/timeline`);
      expect(tl.body.items.filter((e: { kind: string }) => e.kind === 'STRATEGY_DRAFTED')).toMatchObject([{ ref: { strategyId: res.body.id } }]);
    }
  });

  it('lets a draft leave factors unanswered', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { factors: { additionalNeeds: { answer: 'NO' } } }));
    expect(res.status).toBe(201);
  });

  it('refuses a strategy with no restrictions', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [] }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions']);
  });

  it('refuses two restrictions of the same type', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'RECORD_CALLS' }, { type: 'RECORD_CALLS' }] }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions.1.type']);
  });

  it('refuses a telephone limit together with no telephone contact, or with written contact only', async () => {
    const { person, kase } = await newPersonWithCase();
    const limit = { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' };
    const a = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'NO_TELEPHONE' }, limit] }));
    expect(a.status).toBe(422);
    expect(errorPaths(a)).toEqual(['restrictions.1']);
    const b = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [limit, { type: 'WRITTEN_ONLY', channels: ['EMAIL'] }] }));
    expect(b.status).toBe(422);
    expect(errorPaths(b)).toEqual(['restrictions.0']);
  });

  it('allows no telephone contact together with written contact only, since written channels remain', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }] }));
    expect(res.status).toBe(201);
  });

  it('refuses LOG_ONLY on a case that is still open', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'LOG_ONLY', caseIds: [kase.id] }] }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions.0.caseIds.0']);
    expect(res.body.errors[0].message).toContain(kase.reference);
  });

  it("refuses REFUSE_SAME_MATTER on a concluded case that is not one of the strategy's cases", async () => {
    const { person, kase } = await newPersonWithCase();
    const old = await concluded(person.id);
    const res = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'REFUSE_SAME_MATTER', caseIds: [old.id] }] }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions.0.caseIds.0']);
  });

  it('refuses restrictions that leave an open case with no way to stay in contact', async () => {
    const email = `only.${uniqueKey().slice(0, 8)}@example.com`;
    const { person, kase } = await newPersonWithCase({ emails: [email], phones: ['01482 765432'], postalAddress: undefined });
    const res = await proposer.post(
      '/strategies',
      body(person, [kase.id], { restrictions: [{ type: 'BLOCK_ADDRESSES', addresses: [email.toUpperCase(), '+44 1482 765432'] }, { type: 'WRITTEN_ONLY', channels: ['EMAIL'] }] }),
    );
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions']);
    expect(res.body.errors[0].message).toContain(kase.reference);
  });

  it('refuses a review date of today, and one more than 12 months ahead', async () => {
    const { person, kase } = await newPersonWithCase();
    for (const reviewDate of [today, addDays(addMonths(today, 12), 1)]) {
      const res = await proposer.post('/strategies', body(person, [kase.id], { reviewDate }));
      expect(res.status).toBe(422);
      expect(errorPaths(res)).toEqual(['reviewDate']);
    }
    expect((await proposer.post('/strategies', body(person, [kase.id], { reviewDate: addMonths(today, 12) }))).status).toBe(201);
  });

  it("refuses an unknown case and another person's case", async () => {
    const { person, kase } = await newPersonWithCase();
    const other = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id, '01UNKNOWNCASE', other.kase.id]));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['caseIds.1', 'caseIds.2']);
  });

  it('refuses an unknown service user', async () => {
    const { kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body({ id: '01UNKNOWNPERSON' }, [kase.id]));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toContain('serviceUserId');
  });

  it('refuses a strategy for a person who has neither an email address nor a postal address to be told in writing', async () => {
    const { person, kase } = await newPersonWithCase({ emails: [], phones: ['07700 900123'], postalAddress: undefined });
    const res = await proposer.post('/strategies', body(person, [kase.id]));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['serviceUserId']);
  });

  it('stores blocked addresses normalised, and refuses one that is neither an email address nor a phone number', async () => {
    const { person, kase } = await newPersonWithCase();
    const ok = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'BLOCK_ADDRESSES', addresses: ['Old.Address@Example.COM', '(01482) 111-222'] }] }));
    expect(ok.status).toBe(201);
    expect(ok.body.restrictions).toEqual([{ type: 'BLOCK_ADDRESSES', addresses: ['old.address@example.com', '+441482111222'] }]);
    const bad = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'BLOCK_ADDRESSES', addresses: ['nowhere'] }] }));
    expect(bad.status).toBe(422);
    expect(errorPaths(bad)).toEqual(['restrictions.0.addresses.0']);
  });

  it('names every broken rule in one 422 and writes nothing', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post(
      '/strategies',
      body(person, [kase.id, '01NOPE'], { reviewDate: today, restrictions: [{ type: 'LOG_ONLY', caseIds: [kase.id] }, { type: 'NO_TELEPHONE' }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }] }),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(errorPaths(res)).toEqual(['caseIds.1', 'restrictions.0.caseIds.0', 'restrictions.2', 'reviewDate']);
    expect((await caseworker.get(`/service-users/${person.id}/strategies`)).body.items).toEqual([]);
  });

  it('answers 400 for a wrong type, naming the field', async () => {
    const { person, kase } = await newPersonWithCase();
    const res = await proposer.post('/strategies', body(person, [kase.id], { reviewDate: 20270101 }));
    expect(res.status).toBe(400);
    expect(errorPaths(res)).toEqual(['reviewDate']);
  });

  it('replays a repeated Idempotency-Key and creates one strategy', async () => {
    const { person, kase } = await newPersonWithCase();
    const key = uniqueKey();
    const first = await proposer.post('/strategies', body(person, [kase.id]), { headers: { 'idempotency-key': key } });
    const again = await proposer.post('/strategies', body(person, [kase.id]), { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await caseworker.get(`/service-users/${person.id}/strategies`)).body.items).toHaveLength(1);
  });
});

describe('editing a draft', () => {
  it('needs If-Match (428), refuses a stale version (412), and answers the whole updated strategy', async () => {
    const { strategy } = await drafted();
    const path = `/strategies/${strategy.id}`;
    expect((await proposer.patch(path, { reason: 'No If-Match' })).status).toBe(428);
    const edited = await proposer.patch(path, { reason: 'A clearer reason.', factors: { additionalNeeds: { answer: 'YES', notes: 'Large print.' } } }, { headers: { 'if-match': '"1"' } });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ reason: 'A clearer reason.', version: 2, factors: { additionalNeeds: { answer: 'YES', notes: 'Large print.' }, faqSignposted: { answer: 'YES' } } });
    expect(edited.body.history.map((h: { event: string }) => h.event)).toEqual(['DRAFTED', 'UPDATED']);
    expect((await proposer.patch(path, { reason: 'Stale' }, { headers: { 'if-match': '"1"' } })).status).toBe(412);
  });

  it('lets exactly one of two racing edits win', async () => {
    const { strategy } = await drafted();
    const racers = await Promise.all(['One', 'Two', 'Three'].map((n) => proposer.patch(`/strategies/${strategy.id}`, { purpose: `Purpose ${n}` }, { headers: { 'if-match': '"1"' } })));
    expect(racers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 412)).toHaveLength(2);
  });

  it('applies every rule to the edited draft, and refuses a change of person', async () => {
    const { strategy } = await drafted();
    const res = await proposer.patch(`/strategies/${strategy.id}`, { restrictions: [], serviceUserId: '01SOMEONEELSE' }, { headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['restrictions', 'serviceUserId']);
  });

  it('refuses to edit a strategy that is no longer a draft (409 naming its state)', async () => {
    const { strategy } = await drafted();
    expect((await proposer.post(`/strategies/${strategy.id}/submit`)).status).toBe(200);
    const res = await proposer.patch(`/strategies/${strategy.id}`, { reason: 'Too late' }, { headers: { 'if-match': '"2"' } });
    expect(res.status).toBe(409);
    expect(res.body.state).toBe('PENDING_APPROVAL');
  });
});

describe('submitting for a decision (policy 1.5: consult the Statutory Operations Manager first)', () => {
  it('refuses to submit while a factor is unanswered, naming each one', async () => {
    const { strategy } = await drafted({ factors: { additionalNeeds: { answer: 'NO' } } });
    const res = await proposer.post(`/strategies/${strategy.id}/submit`);
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['factors.correctlySignposted', 'factors.faqSignposted', 'factors.freshMattersAccessible', 'factors.informedBehaviourUnacceptable', 'factors.outcomeExplained', 'factors.rightOfReviewAdvised']);
    expect((await proposer.get(`/strategies/${strategy.id}`)).body.status).toBe('DRAFT');
  });

  it('refuses to submit when the person was not told their behaviour is unacceptable and the notes do not say why', async () => {
    const { strategy } = await drafted({ factors: { ...COMPLETE_FACTORS, informedBehaviourUnacceptable: { answer: 'NO' } } });
    const res = await proposer.post(`/strategies/${strategy.id}/submit`);
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(['factors.informedBehaviourUnacceptable.notes']);
  });

  it('moves a complete draft to PENDING_APPROVAL, with history and a timeline entry on each case, and asks the Statutory Operations Manager', async () => {
    const { strategy, kase } = await drafted();
    const res = await proposer.post(`/strategies/${strategy.id}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'PENDING_APPROVAL', version: 2 });
    expect(res.body.history.map((h: { event: string }) => h.event)).toEqual(['DRAFTED', 'SUBMITTED']);
    const tl = await caseworker.get(`/cases/${kase.id}/timeline`);
    expect(tl.body.items.map((e: { kind: string }) => e.kind)).toContain('STRATEGY_SUBMITTED');
    // The request names the person and the case by its reference, never the strategy's id.
    const isRequest = (m: { subject: string; text: string }) => m.subject.startsWith('Decision needed') && m.text.includes(kase.reference);
    const asked = await eventually(outboxEmail, (mail) => mail.some(isRequest));
    expect(asked.filter(isRequest)).toHaveLength(1);
    expect(asked.find(isRequest)!.text).not.toContain(strategy.id);
    expect((await proposer.post(`/strategies/${strategy.id}/submit`)).status).toBe(409);
  });
});

describe('deciding (the Statutory Operations Manager, never the proposer)', () => {
  it('refuses a decision by the member of staff who proposed the strategy (403)', async () => {
    const { strategy } = await drafted({}, somProposer);
    const res = await somProposer.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'My own' });
    expect(res.status).toBe(403);
  });

  it('refuses a decision by a caseworker (403) and by an auditor', async () => {
    const { strategy } = await drafted();
    expect((await caseworker.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'ok' })).status).toBe(403);
    expect((await auditor.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'ok' })).status).toBe(403);
  });

  it('refuses to decide a strategy that is not pending approval (409 naming its state)', async () => {
    const { strategy } = await drafted();
    const res = await som.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'ok' });
    expect(res.status).toBe(409);
    expect(res.body.state).toBe('DRAFT');
  });

  it('rejects, saying why: REJECTED with decidedBy and the comments, and lets only one of two racing decisions win', async () => {
    const { strategy, kase } = await drafted();
    expect((await proposer.post(`/strategies/${strategy.id}/submit`)).status).toBe(200);
    expect((await som.post(`/strategies/${strategy.id}/decision`, { decision: 'REJECT', comments: '' })).status).toBe(422);
    const other = as(['statutory-operations-manager'], { sub: 'som-2', name: 'Second Manager' });
    const [a, b] = await Promise.all([
      som.post(`/strategies/${strategy.id}/decision`, { decision: 'REJECT', comments: 'Not proportionate yet.' }),
      other.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'Fine.' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.body.state).toBe(winner.body.status);
    if (winner === a) {
      expect(a.body).toMatchObject({ status: 'REJECTED', decidedBy: { sub: 'som-1', name: 'Sam Manager' }, decision: { decision: 'REJECT', comments: 'Not proportionate yet.' } });
      const tl = await caseworker.get(`/cases/${kase.id}/timeline`);
      expect(tl.body.items.map((e: { kind: string }) => e.kind)).toContain('STRATEGY_REJECTED');
    }
  });

  it('approves: APPROVED, then the person is told by email and by post with the policy, and the strategy becomes ACTIVE', async () => {
    const { strategy, kase, person } = await drafted();
    expect((await proposer.post(`/strategies/${strategy.id}/submit`)).status).toBe(200);
    const res = await som.post(`/strategies/${strategy.id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
    expect(res.status).toBe(200);
    expect(['APPROVED', 'ACTIVE']).toContain(res.body.status);
    expect(res.body).toMatchObject({ decidedBy: { sub: 'som-1', name: 'Sam Manager' }, decision: { decision: 'APPROVE', comments: 'Proportionate.' } });
    expect(JSON.stringify(res.body)).not.toMatch(/approvalTaskToken/);

    const active = await eventually(
      async () => (await caseworker.get(`/strategies/${strategy.id}`)).body,
      (s) => s.status === 'ACTIVE' && s.letters.length >= 2,
    );
    expect(active.status).toBe('ACTIVE');
    expect(active.letters.map((l: { channel: string }) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
    expect(active.letters.every((l: { kind: string; sentAt?: string }) => l.kind === 'IMPLEMENTED' && l.sentAt)).toBe(true);
    expect(active.history.map((h: { event: string }) => h.event)).toEqual(expect.arrayContaining(['DRAFTED', 'SUBMITTED', 'APPROVED', 'ACTIVATED']));
    expect(JSON.stringify(active)).not.toMatch(/approvalTaskToken/);

    const mail = await eventually(
      async () => (await outboxEmail()).filter((m) => m.to.includes(person.emails[0])),
      (m) => m.length >= 1,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.attachments.length).toBeGreaterThan(0);
    // The local post queue is drained in the background, as SQS would be.
    const posted = await eventually(
      async () => (await outboxPost()).filter((p) => p.strategyId === strategy.id),
      (items) => items.length >= 1,
    );
    expect(posted).toHaveLength(1);

    const kinds = (await caseworker.get(`/cases/${kase.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['STRATEGY_APPROVED', 'STRATEGY_ACTIVATED']));
    expect((await caseworker.get(`/strategies?status=ACTIVE&limit=100`)).body.items.map((s: { id: string }) => s.id)).toContain(strategy.id);
  });
});

describe('reading strategies', () => {
  it('lets an auditor read but not draft, edit or submit (403)', async () => {
    const { person, kase, strategy } = await drafted();
    expect((await auditor.get(`/strategies/${strategy.id}`)).status).toBe(200);
    expect((await auditor.post('/strategies', body(person, [kase.id]))).status).toBe(403);
    expect((await auditor.patch(`/strategies/${strategy.id}`, { reason: 'x' }, { headers: { 'if-match': '"1"' } })).status).toBe(403);
    expect((await auditor.post(`/strategies/${strategy.id}/submit`)).status).toBe(403);
  });

  it('answers 404 for an unknown strategy', async () => {
    expect((await caseworker.get('/strategies/01UNKNOWN')).status).toBe(404);
    expect((await caseworker.get('/strategies/01UNKNOWN/letter')).status).toBe(404);
  });

  it('keeps a register by status, newest first and paginated, and needs the status', async () => {
    const a = await drafted();
    const b = await drafted();
    const page1 = await auditor.get('/strategies?status=DRAFT&limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0].id).toBe(b.strategy.id);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await auditor.get(`/strategies?status=DRAFT&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).toBe(a.strategy.id);
    expect(page1.body.items[0]).not.toHaveProperty('approvalTaskToken');
    expect((await auditor.get('/strategies?status=ACTIVE&limit=100')).body.items.map((s: { id: string }) => s.id)).not.toContain(a.strategy.id);
    const missing = await auditor.get('/strategies');
    expect(missing.status).toBe(422);
    expect(errorPaths(missing)).toEqual(['query.status']);
  });

  it("lists a person's strategies, newest first", async () => {
    const { person, kase, strategy } = await drafted();
    const second = await proposer.post('/strategies', body(person, [kase.id], { restrictions: [{ type: 'NO_TELEPHONE' }] }));
    const res = await caseworker.get(`/service-users/${person.id}/strategies`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([second.body.id, strategy.id]);
    const paged = await caseworker.get(`/service-users/${person.id}/strategies?limit=1`);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toBeTruthy();
  });

  it('gives the letter for the current content: reason, restrictions in plain words, fresh matters and rights, the review date and the policy', async () => {
    const { person, kase } = await newPersonWithCase({ name: 'Robin <Example>' });
    const old = await concluded(person.id, 'A concluded review');
    const reviewDate = addMonths(today, 3);
    const created = await proposer.post(
      '/strategies',
      body(person, [kase.id, old.id], {
        reason: 'You sent <script>alert(1)</script> many emails.',
        reviewDate,
        restrictions: [
          { type: 'REFUSE_SAME_MATTER', caseIds: [old.id] },
          { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY', maxMinutes: 10 },
          { type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-7', staffName: 'Jo Bloggs' },
          { type: 'RECORD_CALLS' },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const res = await caseworker.get(`/strategies/${created.body.id}/letter`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['html', 'subject', 'text']);
    const { text, html } = res.body;
    const long = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
      .format(new Date(`${reviewDate}T12:00:00Z`))
      .replace(',', '');
    expect(text).toContain('Dear Robin <Example>,');
    expect(text).toContain('You sent <script>alert(1)</script> many emails.');
    expect(text).toContain(`${old.reference} has been concluded. We will not register, look into or discuss any further correspondence about the same matter.`);
    expect(text).toContain('You can telephone us up to once each day. Each call can last up to 10 minutes');
    expect(text).toContain('Jo Bloggs will be your single point of contact');
    expect(text).toContain('will be recorded');
    expect(text).toContain('We will always consider a new matter.');
    expect(text).toContain('right to complain or your right to ask for a review');
    expect(text).toContain(`by ${long}`);
    expect(text).toMatch(/A copy of our policy, ".+", comes with this letter\./);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Robin &lt;Example&gt;');
  });
});

/**
 * The seams the workflow calls (saveApprovalToken, activateStrategy) and the
 * decision's resumption, driven through the store in this process against the
 * stack's table, with a stand-in engine: this checks our side of the interface
 * without depending on the state machine.
 */
describe('the seams the workflow calls, with a stand-in engine', () => {
  type Store = typeof import('../../lib/app/strategies.js');
  let store: Store;
  let getItem: typeof import('../../lib/store/db.js').getItem;
  const started: { phase: string; strategyId?: string; letterKind?: string; requestId: string }[] = [];
  const waiting = new Set<string>();
  const resumed: { token: string; decision: string }[] = [];
  const manager = { sub: 'som-store', name: 'Store Manager' };
  const worker = { sub: 'cw-store', name: 'Store Worker' };

  beforeAll(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
    // Run on the stack's clock (other files may have moved it), read afresh.
    const clock = (await import('../../local/adapters/clock.js')).movableClock();
    clock.set(new Date(((await (await fetch(`${apiUrl()}/local/clock`)).json()) as { now: string }).now));
    const wf = await import('../../lib/workflow.js');
    const { installAdapters } = await import('../../lib/wiring.js');
    installAdapters({
      clock,
      workflowEngine: {
        async start(input) {
          started.push(input);
          return { executionId: `${input.strategyId}-${input.phase}-${input.requestId}` };
        },
        async sendDecision(token, output) {
          if (!waiting.delete(token)) throw new wf.TaskNotWaiting();
          resumed.push({ token, decision: output.decision });
        },
      },
    });
    store = await import('../../lib/app/strategies.js');
    getItem = (await import('../../lib/store/db.js')).getItem;
  });

  async function pending() {
    const { strategy, person, kase } = await drafted();
    const submitted = await store.submitStrategy(strategy.id, worker);
    expect(submitted.status).toBe('PENDING_APPROVAL');
    expect(started).toContainEqual(expect.objectContaining({ phase: 'APPROVAL', strategyId: strategy.id }));
    return { strategy: submitted, person, kase };
  }

  it('resumes the execution waiting on the stored token with the decision, once, and keeps no token afterwards', async () => {
    const { strategy } = await pending();
    await store.saveApprovalToken(strategy.id, `tok-${strategy.id}`);
    waiting.add(`tok-${strategy.id}`);
    expect(JSON.stringify(await caseworker.get(`/strategies/${strategy.id}`))).not.toContain(`tok-${strategy.id}`);

    const decided = await store.decideStrategy(strategy.id, { decision: 'APPROVE', comments: 'Yes.' }, manager);
    expect(decided.status).toBe('APPROVED');
    expect(resumed).toContainEqual({ token: `tok-${strategy.id}`, decision: 'APPROVE' });
    expect(started.filter((s) => s.strategyId === strategy.id && s.phase === 'NOTIFY')).toEqual([]);
    const item = await getItem<Record<string, unknown>>({ pk: `STRATEGY#${strategy.id}`, sk: 'STRATEGY' });
    expect(item).not.toHaveProperty('approvalTaskToken');
  });

  it('refuses to store a task token once the strategy is decided', async () => {
    const { strategy } = await pending();
    await store.decideStrategy(strategy.id, { decision: 'REJECT', comments: 'Not yet.' }, manager);
    await expect(store.saveApprovalToken(strategy.id, 'late-token')).rejects.toBeInstanceOf(store.NotAwaitingApproval);
    expect(started.filter((s) => s.strategyId === strategy.id && s.phase === 'NOTIFY')).toEqual([]);
  });

  it('still tells the person when approved with no execution waiting: starts NOTIFY with the IMPLEMENTED letter', async () => {
    const { strategy } = await pending();
    await store.saveApprovalToken(strategy.id, 'timed-out-token');
    await store.decideStrategy(strategy.id, { decision: 'APPROVE', comments: 'Yes.' }, manager);
    expect(started).toContainEqual(expect.objectContaining({ phase: 'NOTIFY', strategyId: strategy.id, letterKind: 'IMPLEMENTED' }));
  });

  it("activates an approved strategy: ACTIVE, on the review index and in the person's screening snapshot, with history and timeline; again is a no-op", async () => {
    const { strategy, person, kase } = await pending();
    await store.decideStrategy(strategy.id, { decision: 'APPROVE', comments: 'Yes.' }, manager);
    const active = await store.activateStrategy(strategy.id);
    expect(active).toMatchObject({ status: 'ACTIVE', version: strategy.version + 2 });
    expect(active.activatedAt).toBeTruthy();
    expect(active.history.map((h) => h.event)).toEqual(['DRAFTED', 'SUBMITTED', 'APPROVED', 'ACTIVATED']);

    const item = await getItem<Record<string, unknown>>({ pk: `STRATEGY#${strategy.id}`, sk: 'STRATEGY' });
    expect(item).toMatchObject({ gsi3pk: 'REVIEW', gsi3sk: `${strategy.reviewDate}#${strategy.id}`, gsi2pk: 'STRATEGY_STATUS#ACTIVE' });
    const profile = await getItem<{ inForce: unknown[] }>({ pk: `SU#${person.id}`, sk: 'PROFILE' });
    expect(profile?.inForce).toEqual([inForceOf(active)]);
    expect(inForceOf(active)).toEqual({ strategyId: strategy.id, status: 'ACTIVE', caseIds: [kase.id], restrictions: strategy.restrictions, reviewDate: strategy.reviewDate });
    const cp = await getItem<{ inForce: unknown[] }>(KEY.contactPoint(person.id, 'EMAIL', person.emails[0]!));
    expect(cp?.inForce).toEqual(profile?.inForce);

    const kinds = (await caseworker.get(`/cases/${kase.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['STRATEGY_DRAFTED', 'STRATEGY_SUBMITTED', 'STRATEGY_APPROVED', 'STRATEGY_ACTIVATED']));
    expect((await store.activateStrategy(strategy.id)).version).toBe(active.version);
  });

  it('refuses to activate a strategy that was rejected (409 naming its state)', async () => {
    const { strategy } = await pending();
    await store.decideStrategy(strategy.id, { decision: 'REJECT', comments: 'No.' }, manager);
    await expect(store.activateStrategy(strategy.id)).rejects.toMatchObject({ status: 409, detail: expect.stringContaining('“Rejected”'), extensions: { state: 'REJECTED' } });
  });
});
