import { describe, expect, it } from 'vitest';
import { addDays, caseworker, COMPLETE_FACTORS, eventually, inMonths, newPersonWithCase, outboxEmail, outboxPost, problemPaths, som, timelineOf } from './client.js';
import { activeStrategy, proposer, realToday } from './review-helpers.js';

const JO = { staffId: 'st-jo', staffName: 'Jo Bloggs' };
const SAM = { staffId: 'st-sam', staffName: 'Sam Handover' };
const KIM = { staffId: 'st-kim', staffName: 'Kim Cover' };

const screen = async (serviceUserId: string) => (await caseworker.post('/contacts/screen', { channel: 'EMAIL', serviceUserId, freshMatter: true })).body;
const listedFor = async (staffId: string) => ((await caseworker.get(`/strategies?spoc=${staffId}`)).body.items as { id: string }[]).map((s) => s.id);

describe('the single point of contact: handover and cover', () => {
  it('hands over with a SPOC_CHANGED letter by email and post; screening and the SPOC list then name the new SPOC, and cover today takes over', async () => {
    const [{ person, kase, strategy }, plain] = await Promise.all([
      activeStrategy({ reviewDate: inMonths(6), restrictions: [{ type: 'SINGLE_POINT_OF_CONTACT', ...JO }], name: 'Spoc Person' }),
      activeStrategy({ reviewDate: inMonths(6), name: 'No Spoc' }),
    ]);
    expect((await screen(person.id)).spoc).toEqual(JO);
    expect(await listedFor(JO.staffId)).toContain(strategy.id);

    // Only the Statutory Operations Manager hands over; only a strategy with a SPOC; not to the same person.
    expect((await caseworker.post(`/strategies/${strategy.id}/spoc`, { ...SAM, reason: 'Jo moves team.' })).status).toBe(403);
    const none = await som.post(`/strategies/${plain.strategy.id}/spoc`, { ...SAM, reason: 'Jo moves team.' });
    expect(none.status).toBe(422);
    expect(problemPaths(none.body)).toEqual(['staffId']);
    expect((await som.post(`/strategies/${strategy.id}/spoc`, { ...JO, reason: 'Same.' })).status).toBe(422);

    const handed = await som.post(`/strategies/${strategy.id}/spoc`, { ...SAM, reason: 'Jo moves team.' });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body.restrictions).toEqual([{ type: 'SINGLE_POINT_OF_CONTACT', ...SAM }]);
    expect(handed.body.status).toBe('ACTIVE');

    const subject = 'Your single point of contact has changed';
    const emails = await eventually(outboxEmail, (items) => items.some((m) => m.to.includes(person.emails[0]) && m.subject === subject));
    const email = emails.find((m) => m.to.includes(person.emails[0]) && m.subject === subject)!;
    expect(email.text).toContain('From today, Sam Handover is your single point of contact.');
    expect(email.text).toContain('"For the attention of Sam Handover"');
    expect(email.text).toContain(`Our reference: ${kase.reference}`);
    const posted = await eventually(outboxPost, (items) => items.some((p) => p.strategyId === strategy.id && p.subject === subject));
    expect(posted.find((p) => p.strategyId === strategy.id && p.subject === subject)!.text).toContain('Sam Handover');

    expect((await screen(person.id)).spoc).toEqual(SAM);
    expect(await listedFor(SAM.staffId)).toContain(strategy.id);
    expect(await listedFor(JO.staffId)).not.toContain(strategy.id);
    const timeline = await timelineOf(kase.id);
    expect(timeline.find((e) => e.kind === 'SPOC_CHANGED')?.summary).toContain('from Jo Bloggs to Sam Handover');

    // Cover: any role that records; the dates are checked; no letter.
    const today = realToday();
    const bad = await caseworker.post(`/strategies/${strategy.id}/spoc-cover`, { ...KIM, from: addDays(today, 3), until: addDays(today, 1), reason: 'Leave.' });
    expect(bad.status).toBe(422);
    expect(problemPaths(bad.body)).toEqual(['until']);

    // Cover that has not started yet: screening still names the SPOC.
    expect((await caseworker.post(`/strategies/${strategy.id}/spoc-cover`, { ...KIM, from: addDays(today, 2), until: addDays(today, 4), reason: 'Leave next week.' })).status).toBe(200);
    expect((await screen(person.id)).spoc).toEqual(SAM);
    expect(await listedFor(KIM.staffId)).not.toContain(strategy.id);

    // Cover today: screening names the cover, with whom they cover for; both are listed.
    const covered = await caseworker.post(`/strategies/${strategy.id}/spoc-cover`, { ...KIM, from: today, until: addDays(today, 2), reason: 'Off sick.' });
    expect(covered.status).toBe(200);
    expect(covered.body.spocCover).toMatchObject({ ...KIM, from: today, until: addDays(today, 2) });
    expect((await screen(person.id)).spoc).toEqual({ ...KIM, coverFor: SAM });
    expect(await listedFor(KIM.staffId)).toContain(strategy.id);
    expect(await listedFor(SAM.staffId)).toContain(strategy.id);
    expect((await timelineOf(kase.id)).some((e) => e.kind === 'SPOC_COVER' && e.summary.includes('Kim Cover covers for Sam Handover'))).toBe(true);
    expect((await outboxEmail()).filter((m) => m.to.includes(person.emails[0]) && m.subject === subject)).toHaveLength(1);
  });

  it('answers 409 for a strategy not in force, and 422 for a list asked by neither status nor SPOC', async () => {
    const { person, kase } = await newPersonWithCase({ name: 'Draft Spoc' });
    const draft = await proposer.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Many calls a day.',
      purpose: 'Keep contact manageable.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'SINGLE_POINT_OF_CONTACT', ...JO }],
      factors: COMPLETE_FACTORS,
    });
    expect(draft.status).toBe(201);
    expect((await som.post(`/strategies/${draft.body.id}/spoc`, { ...SAM, reason: 'Jo moves team.' })).status).toBe(409);
    expect((await caseworker.post(`/strategies/${draft.body.id}/spoc-cover`, { ...KIM, from: realToday(), until: realToday(), reason: 'Leave.' })).status).toBe(409);
    expect((await caseworker.get('/strategies')).status).toBe(422);
  });
});
