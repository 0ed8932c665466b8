import { afterAll, describe, expect, it } from 'vitest';
import { putInForce } from './in-force.js';
import { apiUrl, auditor, call, caseworker, draftAndSubmit, inMonths, newPersonWithCase, setClock, som, potentialBreachIds } from './client.js';

/** The working day's lists and prompts: potential breaches, the terminated-calls prompt, copying a strategy. */

afterAll(async () => {
  await setClock(new Date().toISOString());
});

async function stackNow(): Promise<Date> {
  return new Date(((await (await fetch(`${apiUrl()}/local/clock`)).json()) as { now: string }).now);
}


describe('the managers’ inbox of potential breaches', () => {
  it('lists a screened contact flagged as a potential breach, and not one that proceeded', async () => {
    const { person } = await newPersonWithCase();
    await putInForce(person.id, [{ type: 'NO_TELEPHONE' }]);
    const blocked = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id });
    expect(blocked.body).toMatchObject({ potentialBreach: true });
    const fine = await caseworker.post('/contacts/screen', { channel: 'EMAIL', serviceUserId: person.id });
    expect(fine.body).toMatchObject({ potentialBreach: false });
    const ids = await potentialBreachIds();
    expect(ids).toContain(blocked.body.contactId);
    expect(ids).not.toContain(fine.body.contactId);
    expect((await auditor.get('/contacts/potential-breaches')).status).toBe(200);
  });

  it('answers 400 for a cursor it did not issue, and 401 without a token', async () => {
    expect((await som.get('/contacts/potential-breaches?cursor=nope')).status).toBe(400);
    expect((await call('GET', '/contacts/potential-breaches', { token: '' })).status).toBe(401);
  });
});

describe('the repeated-terminated-calls prompt (policy 1.3)', () => {
  it('flags a person once two calls were terminated after a warning, unless NO_TELEPHONE is in force', async () => {
    const now = await stackNow();
    const { person, kase } = await newPersonWithCase();
    const terminated = (minutes: number) => ({
      occurredAt: new Date(now.getTime() - minutes * 60_000).toISOString(),
      channel: 'PHONE',
      behaviours: ['VERBAL_OR_WRITTEN_ABUSE'],
      description: 'Call ended after a warning.',
      callTerminated: true,
      warningGiven: true,
    });
    expect((await caseworker.get(`/service-users/${person.id}`)).body.flags).toEqual([]);
    expect((await caseworker.post(`/cases/${kase.id}/incidents`, terminated(60))).status).toBe(201);
    expect((await caseworker.get(`/service-users/${person.id}`)).body.flags).toEqual([]);
    expect((await caseworker.post(`/cases/${kase.id}/incidents`, terminated(30))).status).toBe(201);
    expect((await auditor.get(`/service-users/${person.id}`)).body.flags).toEqual(['REPEATED_TERMINATED_CALLS']);
    await putInForce(person.id, [{ type: 'NO_TELEPHONE' }]);
    expect((await caseworker.get(`/service-users/${person.id}`)).body.flags).toEqual([]);
  });
});

describe('copying a strategy into a new draft', () => {
  async function rejected() {
    const { person, kase } = await newPersonWithCase();
    const id = await draftAndSubmit(caseworker, {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Repeated calls about the same matter.',
      purpose: 'Keep contact manageable.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }],
    });
    const decided = await som.post(`/strategies/${id}/decision`, { decision: 'REJECT', comments: 'Try a single point of contact first.' });
    expect(decided.status).toBe(200);
    return { id, source: (await caseworker.get(`/strategies/${id}`)).body };
  }

  it('copies a rejected strategy into a new DRAFT with the same content and copiedFrom', async () => {
    const { id, source } = await rejected();
    const copy = await caseworker.post(`/strategies/${id}/copy`, {});
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      status: 'DRAFT',
      copiedFrom: id,
      serviceUserId: source.serviceUserId,
      caseIds: source.caseIds,
      reason: source.reason,
      purpose: source.purpose,
      reviewDate: source.reviewDate,
      restrictions: source.restrictions,
      factors: source.factors,
    });
    expect(copy.body.id).not.toBe(id);
    expect((await caseworker.get(`/strategies/${copy.body.id}`)).body.copiedFrom).toBe(id);
    expect((await caseworker.get(`/strategies/${id}`)).body.status).toBe('REJECTED');
  });

  it('refuses to copy a strategy that is a draft or pending (409), an unknown one (404), and an auditor (403), writing nothing', async () => {
    const { person, kase } = await newPersonWithCase();
    const pending = await draftAndSubmit(caseworker, {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'r',
      purpose: 'p',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'RECORD_CALLS' }],
    });
    expect((await caseworker.post(`/strategies/${pending}/copy`, {})).status).toBe(409);
    expect((await caseworker.post('/strategies/01NOSUCHSTRATEGY/copy', {})).status).toBe(404);
    const { id } = await rejected();
    expect((await auditor.post(`/strategies/${id}/copy`, {})).status).toBe(403);
    expect((await caseworker.get(`/service-users/${person.id}/strategies`)).body.items).toHaveLength(1);
  });
});
