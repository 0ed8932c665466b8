import { afterAll, describe, expect, it } from 'vitest';
import { caseworker, eventually, localFaults, newPersonWithCase, outboxEmail } from './client.js';

/**
 * A warning's letter that reached the person by no route is seen, as a strategy's
 * letters are: with email and post both failing (`POST /local/faults`), both letters
 * are recorded as FAILED and the Statutory Operations Manager is emailed once.
 */

afterAll(async () => {
  await localFaults({});
});

describe('a warning letter that failed on every route', () => {
  it('emails the Statutory Operations Manager once', async () => {
    const { person, kase } = await newPersonWithCase({ name: 'Wren Unreached' });
    expect((await localFaults({ email: true, post: true })).status).toBe(204);
    const warned = await caseworker.post(`/service-users/${person.id}/warnings`, { caseIds: [kase.id], behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'], explanation: 'Daily calls demanding updates.' });
    expect(warned.status, JSON.stringify(warned.body)).toBe(201);
    const failedOfWarning = async () => ((await caseworker.get('/letters?status=FAILED&limit=100')).body.items as { warningId?: string; channel: string }[]).filter((l) => l.warningId === warned.body.id);
    const failed = await eventually(failedOfWarning, (ls) => ls.length === 2, 60_000);
    expect(failed.map((l) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
    // The email to the SOM failed too while SES was down; the last task retries it once SES is back.
    expect((await localFaults({})).status).toBe(204);
    const aboutWarning = async () => (await outboxEmail()).filter((e) => e.to.includes('som@opcc.localhost') && e.subject.includes('the warning for Wren Unreached'));
    await eventually(aboutWarning, (es) => es.length > 0, 90_000);
    expect(await aboutWarning()).toHaveLength(1);
  }, 150_000);
});
