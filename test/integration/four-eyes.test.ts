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
