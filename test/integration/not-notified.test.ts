import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { approvedWhileDeliveryFails, as, auditor, caseworker, draftAndSubmit, eventually, inMonths, localFaults, newPersonWithCase, outboxEmail, som } from './client.js';

/**
 * In force only once told (policy 1.3 and 1.5: the person is clearly informed in
 * writing). With email and post both failing (`POST /local/faults`), an approved
 * strategy is NOT_NOTIFIED: not in force, listed for the Statutory Operations
 * Manager, who is emailed (or the failure of that email is recorded); recording how
 * the person was told another way puts it in force.
 */

const proposer = as(['caseworker'], { sub: 'cw-not-notified', name: 'Nico Proposer', email: 'nico.proposer@opcc.localhost' });


afterAll(async () => {
  await localFaults({});
});


describe('a strategy nobody was told of is not in force (policy 1.3, 1.5)', () => {
  it('ends NOT_NOTIFIED when every letter failed: listed, not screened against, the SOM alerted; /notified puts it in force', async () => {
    const { id, person, kase, strategy } = await approvedWhileDeliveryFails(proposer, `Robin ${randomUUID().slice(0, 6)}`);
    expect(strategy.status).toBe('NOT_NOTIFIED');
    expect(strategy.letters.filter((l: { status: string }) => l.status === 'FAILED').map((l: { channel: string }) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
    // The SOM's email failed too (email was down): that is recorded, not lost.
    expect(strategy.history.map((h: { event: string }) => h.event)).toEqual(expect.arrayContaining(['NOT_NOTIFIED', 'NOT_NOTIFIED_SOM_EMAIL_FAILED']));

    const listed = await caseworker.get('/strategies?status=NOT_NOTIFIED&limit=100');
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(id);
    expect((await caseworker.get('/strategies?status=ACTIVE&limit=100')).body.items.map((s: { id: string }) => s.id)).not.toContain(id);

    // Not in force: a call from the person goes ahead.
    const before = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id });
    expect(before.status).toBe(200);
    expect(before.body.decision).toBe('PROCEED');

    // Only recorded from NOT_NOTIFIED, with every field right.
    const bad = await caseworker.post(`/strategies/${id}/notified`, { how: 'CARRIER_PIGEON', at: 'yesterday' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['how', 'at', 'notes']));
    const future = await caseworker.post(`/strategies/${id}/notified`, { how: 'BY_HAND', at: new Date(Date.now() + 86_400_000).toISOString(), notes: 'Handed over.' });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].path).toBe('at');
    expect((await auditor.post(`/strategies/${id}/notified`, { how: 'BY_HAND', at: new Date().toISOString(), notes: 'x' })).status).toBe(403);

    const told = await caseworker.post(`/strategies/${id}/notified`, { how: 'BY_HAND', at: new Date().toISOString(), notes: 'Letter handed over at the front desk.' });
    expect(told.status).toBe(200);
    expect(told.body.status).toBe('ACTIVE');
    expect(told.body.notified).toMatchObject({ how: 'BY_HAND', notes: 'Letter handed over at the front desk.' });
    expect(told.body.history.map((h: { event: string }) => h.event)).toContain('NOTIFIED');

    // In force now: screening applies it, it is on the review index and each case's timeline.
    const after = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id });
    expect(after.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', strategyId: id });
    const due = await caseworker.get(`/reviews/due?by=${inMonths(7)}&limit=100`);
    expect(due.body.items.map((s: { id: string }) => s.id)).toContain(id);
    const timeline = await caseworker.get(`/cases/${kase.id}/timeline`);
    const kinds = timeline.body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['STRATEGY_NOT_NOTIFIED', 'STRATEGY_ACTIVATED']));

    // Once in force, /notified is refused.
    expect((await caseworker.post(`/strategies/${id}/notified`, { how: 'POST', at: new Date().toISOString(), notes: 'Again.' })).status).toBe(409);
  });

  it('emails the SOM when email works though the person has no route that did', async () => {
    // Post fails and the person has no email address: no letter reaches them, but the SOM hears of it.
    const { person, kase } = await newPersonWithCase({ name: `Sky ${randomUUID().slice(0, 6)}`, emails: [] });
    const id = await draftAndSubmit(proposer, {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Repeated abusive telephone calls.',
      purpose: 'Keep contact in writing.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'NO_TELEPHONE' }],
    });
    await eventually(outboxEmail, (es) => es.some((e) => e.subject.includes(person.name) && /decision needed/i.test(e.subject)));
    expect((await localFaults({ post: true })).status).toBe(204);
    expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' })).status).toBe(200);
    const s = await eventually(
      () => caseworker.get(`/strategies/${id}`),
      (r) => r.body.history.some((h: { event: string }) => h.event.startsWith('NOT_NOTIFIED_SOM')),
    );
    await localFaults({});
    expect(s.body.status).toBe('NOT_NOTIFIED');
    expect(s.body.history.map((h: { event: string }) => h.event)).toContain('NOT_NOTIFIED_SOM_EMAILED');
    const alert = (await outboxEmail()).find((e) => e.subject.includes(person.name) && /not in force/i.test(e.subject));
    expect(alert?.subject).toBe(`Not in force: the person was not told of the contact strategy for ${person.name}`);
    expect(alert?.text).not.toContain(id);
  });

  it('refuses /notified from any other status (409), and answers 404 for no such strategy', async () => {
    const { person, kase } = await newPersonWithCase();
    const draft = await proposer.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'r',
      purpose: 'p',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'NO_TELEPHONE' }],
    });
    expect(draft.status).toBe(201);
    expect((await caseworker.post(`/strategies/${draft.body.id}/notified`, { how: 'EMAIL', at: new Date().toISOString(), notes: 'Sent.' })).status).toBe(409);
    expect((await caseworker.post(`/strategies/01NOSUCHSTRATEGY0000000000/notified`, { how: 'EMAIL', at: new Date().toISOString(), notes: 'Sent.' })).status).toBe(404);
  });

  it('POST /local/faults takes only email and post, each true or false', async () => {
    expect((await localFaults('not json')).status).toBe(400);
    expect((await localFaults([true])).status).toBe(400);
    expect((await localFaults({ email: 'yes' })).status).toBe(422);
    expect((await localFaults({ sms: true })).status).toBe(422);
    expect((await localFaults({})).status).toBe(204);
  });
});
