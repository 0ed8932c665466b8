import { afterAll, describe, expect, it } from 'vitest';
import { addDays, as, caseworker, COMPLETE_FACTORS, inMonths, newPersonWithCase, som } from './client.js';
import { realToday, resetClock, setDay } from './review-helpers.js';

/**
 * Four eyes, fully (policy 1.5; docs/lifecycle.md, Drafting, submitting and deciding): nobody who
 * drafted, edited or submitted a strategy decides on it, and approving re-checks
 * every rule.
 */

const drafter = as(['caseworker'], { sub: 'cw-four-eyes', name: 'Dee Drafter', email: 'dee@opcc.localhost' });
const editingManager = as(['statutory-operations-manager'], { sub: 'som-editor', name: 'Eve Editor', email: 'eve@opcc.localhost' });
const submittingManager = as(['statutory-operations-manager'], { sub: 'som-submitter', name: 'Sid Submitter', email: 'sid@opcc.localhost' });
const rejectingManager = as(['statutory-operations-manager'], { sub: 'som-rejecter', name: 'Ria Rejecter', email: 'ria@opcc.localhost' });
const uninvolvedManager = as(['statutory-operations-manager'], { sub: 'som-uninvolved', name: 'Una Uninvolved', email: 'una@opcc.localhost' });
const copier = as(['caseworker'], { sub: 'cw-copier', name: 'Cal Copier', email: 'cal@opcc.localhost' });

afterAll(async () => {
  await resetClock();
});

async function draft(reviewDate = inMonths(6)) {
  const { person, kase } = await newPersonWithCase();
  const res = await drafter.post('/strategies', {
    serviceUserId: person.id,
    caseIds: [kase.id],
    reason: 'Repeated calls about the same matter.',
    purpose: 'Keep contact manageable.',
    reviewDate,
    restrictions: [{ type: 'NO_TELEPHONE' }],
    factors: COMPLETE_FACTORS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

describe('four eyes, fully', () => {
  it('a manager who edited a draft, or submitted it, may not decide on it (403); another may', async () => {
    const s = await draft();
    const edited = await editingManager.patch(`/strategies/${s.id}`, { purpose: 'Keep contact manageable and safe.' }, { headers: { 'If-Match': `"${s.version}"` } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const submitted = await submittingManager.post(`/strategies/${s.id}/submit`, {});
    expect(submitted.status).toBe(200);
    for (const who of [editingManager, submittingManager]) {
      const res = await who.post(`/strategies/${s.id}/decision`, { decision: 'APPROVE', comments: 'Mine.' });
      expect(res.status).toBe(403);
    }
    expect((await caseworker.get(`/strategies/${s.id}`)).body.status).toBe('PENDING_APPROVAL');
    // Nobody's email is on the strategy.
    expect(JSON.stringify((await caseworker.get(`/strategies/${s.id}`)).body)).not.toMatch(/eve@|sid@/);
    expect((await som.post(`/strategies/${s.id}/decision`, { decision: 'REJECT', comments: 'Not proportionate yet.' })).status).toBe(200);
  });

  it('a copy remembers who took part in the original: none of them may decide the copy (403); someone uninvolved may', async () => {
    const s = await draft();
    const edited = await editingManager.patch(`/strategies/${s.id}`, { purpose: 'Keep contact manageable and safe.' }, { headers: { 'If-Match': `"${s.version}"` } });
    expect(edited.status).toBe(200);
    expect((await submittingManager.post(`/strategies/${s.id}/submit`, {})).status).toBe(200);
    expect((await rejectingManager.post(`/strategies/${s.id}/decision`, { decision: 'REJECT', comments: 'Not yet.' })).status).toBe(200);

    // The drafter copies their own rejected strategy, and a new caseworker submits the copy.
    const copy = await drafter.post(`/strategies/${s.id}/copy`, {});
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body.originalParticipants.map((p: { sub: string }) => p.sub).sort()).toEqual(['cw-four-eyes', 'som-editor', 'som-rejecter', 'som-submitter']);
    expect((await copier.post(`/strategies/${copy.body.id}/submit`, {})).status).toBe(200);
    for (const who of [editingManager, submittingManager, rejectingManager]) {
      const res = await who.post(`/strategies/${copy.body.id}/decision`, { decision: 'APPROVE', comments: 'Fine now.' });
      expect(res.status).toBe(403);
    }
    expect((await caseworker.get(`/strategies/${copy.body.id}`)).body).toMatchObject({ status: 'PENDING_APPROVAL', version: 2 });
    // A copy of the copy still remembers them all.
    expect((await som.post(`/strategies/${copy.body.id}/decision`, { decision: 'REJECT', comments: 'Still not.' })).status).toBe(200);
    const again = await copier.post(`/strategies/${copy.body.id}/copy`, {});
    expect(again.body.originalParticipants.map((p: { sub: string }) => p.sub).sort()).toEqual(['cw-copier', 'cw-four-eyes', 'som-1', 'som-editor', 'som-rejecter', 'som-submitter']);
    expect((await copier.post(`/strategies/${again.body.id}/submit`, {})).status).toBe(200);
    expect((await editingManager.post(`/strategies/${again.body.id}/decision`, { decision: 'APPROVE', comments: 'Mine again.' })).status).toBe(403);
    expect((await uninvolvedManager.post(`/strategies/${again.body.id}/decision`, { decision: 'REJECT', comments: 'Someone new decides.' })).status).toBe(200);
  });

  it('approving re-checks every rule: a review date that has passed meanwhile is 422 naming reviewDate', async () => {
    const reviewDate = addDays(realToday(), 10);
    const s = await draft(reviewDate);
    expect((await drafter.post(`/strategies/${s.id}/submit`, {})).status).toBe(200);
    await setDay(addDays(reviewDate, 1));
    const res = await som.post(`/strategies/${s.id}/decision`, { decision: 'APPROVE', comments: 'Late.' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('reviewDate');
    expect((await caseworker.get(`/strategies/${s.id}`)).body.status).toBe('PENDING_APPROVAL');
    await resetClock();
  });
});
