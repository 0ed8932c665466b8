import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import { apiUrl, caseworker, potentialBreachIds, uniqueKey } from './client.js';
import { putInForce } from './in-force.js';

/**
 * Calls at the switchboard over the local Amazon Connect stand-ins: each call invokes
 * functions/connect-screen.ts with Connect's own event and answers what the contact
 * flow gets; a disconnect sends Connect's DISCONNECTED contact event. Strategies in
 * force are seeded on the screening snapshot directly, as in screening.test.ts.
 */
/** A person on record at a fresh UK mobile number (national form) with these restrictions in force. */
async function callerWith(restrictions: Restriction[]): Promise<{ id: string; number: string }> {
  const national = `07700 ${String(100000 + Math.floor(Math.random() * 899999))}`;
  const res = await caseworker.post('/service-users', { name: 'Casey Caller', emails: [`caller.${uniqueKey().slice(0, 8)}@example.com`], phones: [national] });
  expect(res.status).toBe(201);
  await putInForce(res.body.id, restrictions);
  // Connect gives the number in E.164.
  return { id: res.body.id, number: `+44${national.replace(/\s/g, '').slice(1)}` };
}

const local = async (path: string, body: unknown) => {
  const res = await fetch(`${apiUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
/** A call coming in, with the Connect contact id the stand-in gives it (a later disconnect names it). */
const ring = async (from: string, connectId: string = randomUUID()) => ({ ...(await local('/local/connect/call', { from, contactId: connectId })), connectId });
const contactsOf = async (personId: string) => (await caseworker.get(`/service-users/${personId}/contacts`)).body.items as Array<Record<string, any>>;

describe('calls screened at the switchboard', () => {
  it('ends a call the strategy blocks with words that name nobody, and logs it as a potential breach', async () => {
    const p = await callerWith([{ type: 'NO_TELEPHONE' }]);
    const res = await ring(p.number);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', recordCall: 'false', message: expect.stringContaining('cannot take your call') });
    expect(res.body.message).toContain('office@opcc.localhost');
    expect(res.body.message).not.toContain('Casey');
    expect(Object.values(res.body).every((v) => typeof v === 'string')).toBe(true);
    const [contact] = await contactsOf(p.id);
    expect(contact).toMatchObject({ id: res.body.contactId, channel: 'PHONE', source: 'SWITCHBOARD', from: p.number, screening: { decision: 'CHANNEL_BLOCKED', potentialBreach: true } });
  });

  it('takes the first call of the day and refuses the second over the limit', async () => {
    const p = await callerWith([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY', maxMinutes: 10 }]);
    const first = await ring(p.number);
    expect(first.body).toMatchObject({ decision: 'PROCEED', callMinutesLimit: '10' });
    const second = await ring(p.number);
    expect(second.body).toMatchObject({ decision: 'LIMIT_REACHED', message: expect.stringContaining('cannot take your call') });
    expect(second.body.callMinutesLimit).toBeUndefined();
  });

  it('names the single point of contact and turns on recording, for the flow', async () => {
    const p = await callerWith([{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'staff-9', staffName: 'Pat Point' }, { type: 'RECORD_CALLS' }]);
    const res = await ring(p.number);
    expect(res.body).toMatchObject({ decision: 'PROCEED_VIA_SPOC', spocName: 'Pat Point', recordCall: 'true' });
    // The caller hears what any caller hears.
    expect(res.body.message).not.toContain('Pat');
  });

  it('asks staff to screen a withheld number by name', async () => {
    const res = await ring('anonymous');
    expect(res.body).toMatchObject({ decision: 'PROCEED', screenByName: 'true', recordCall: 'false' });
  });

  it('records the same Connect contact once and answers it the same, however often Connect asks', async () => {
    const p = await callerWith([{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'DAY' }]);
    const id = randomUUID();
    const first = await ring(p.number, id);
    const again = await ring(p.number, id);
    expect(first.body.decision).toBe('PROCEED');
    // Not LIMIT_REACHED: the call was not counted twice.
    expect(again.body).toEqual(first.body);
    expect(await contactsOf(p.id)).toHaveLength(1);
  });

  it('sets the call length when the caller hangs up, and flags a call longer than allowed for the managers', async () => {
    const p = await callerWith([{ type: 'TELEPHONE_LIMIT', maxCalls: 5, per: 'DAY', maxMinutes: 10 }]);
    const short = await ring(p.number);
    const long = await ring(p.number);
    expect((await local('/local/connect/disconnect', { contactId: 'no-such-call', durationSeconds: 60 })).status).toBe(404);
    expect((await local('/local/connect/disconnect', { contactId: randomUUID(), durationSeconds: -1 })).status).toBe(422);
    const shortCall = (await caseworker.get('/contacts/switchboard')).body.items.find((c: { contactId: string }) => c.contactId === short.body.contactId);
    expect(shortCall).toMatchObject({ decision: 'PROCEED', serviceUserId: p.id, name: 'Casey Caller' });

    expect((await local('/local/connect/disconnect', { contactId: short.connectId, durationSeconds: 125 })).status).toBe(200);
    expect((await local('/local/connect/disconnect', { contactId: long.connectId, durationSeconds: 11 * 60 })).body.outcome).toMatchObject({ recorded: true, durationMinutes: 11, overLimit: true });
    // EventBridge delivers at least once: a second DISCONNECTED changes nothing.
    expect((await local('/local/connect/disconnect', { contactId: long.connectId, durationSeconds: 30 * 60 })).body.outcome).toEqual({ recorded: false, why: 'ALREADY_RECORDED' });

    const byId = new Map((await contactsOf(p.id)).map((c) => [c.id, c]));
    expect(byId.get(short.body.contactId)).toMatchObject({ durationMinutes: 3, screening: { potentialBreach: false } });
    expect(byId.get(long.body.contactId)).toMatchObject({ durationMinutes: 11, screening: { potentialBreach: true } });
    expect(byId.get(long.body.contactId)!.screening.reasons.at(-1)).toMatch(/lasted 11 minutes, longer than the 10/);
    const inbox = await potentialBreachIds();
    expect(inbox).toContain(long.body.contactId);
    expect(inbox).not.toContain(short.body.contactId);
  });

  it('lists the calls of the last hour newest first', async () => {
    const a = await ring('anonymous');
    const b = await ring('anonymous');
    const items = (await caseworker.get('/contacts/switchboard')).body.items as Array<{ contactId: string; at: string }>;
    const ia = items.findIndex((c) => c.contactId === a.body.contactId);
    const ib = items.findIndex((c) => c.contactId === b.body.contactId);
    expect(ia).toBeGreaterThan(ib);
    expect(ib).toBeGreaterThanOrEqual(0);
    expect([...items].sort((x, y) => y.at.localeCompare(x.at)).map((c) => c.at)).toEqual(items.map((c) => c.at));
  });
});
