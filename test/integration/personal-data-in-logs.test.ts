import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl, caseworker, newPersonWithCase, uniqueKey } from './client.js';

/**
 * UK GDPR: logs carry ids and outcomes only. This drives requests full of personal
 * data, then reads every structured log line the handlers wrote during the run
 * (captured by the global setup) and looks for any of it, and for anything shaped
 * like an email address, a phone number, a bearer token or a task token.
 */
describe('personal data and tokens never reach the logs', () => {
  it('logs no names, emails, phone numbers, free text or tokens', async () => {
    const marker = uniqueKey().slice(0, 8);
    const name = `Privatename ${marker}`;
    const email = `private.${marker}@example.com`;
    const phone = '07700 900' + String(Math.floor(Math.random() * 900) + 100);
    const secretText = `Confidential detail ${marker}`;
    const { person, kase } = await newPersonWithCase({ name, emails: [email], phones: [phone], additionalNeeds: secretText });
    await caseworker.get(`/service-users/${person.id}`);
    await caseworker.post('/service-users/search', { email });
    await caseworker.post('/cases/' + kase.id + '/conclude', { finalDecision: secretText, outcomeExplained: true, rightOfReviewAdvised: true });
    await caseworker.post('/service-users', { name, emails: ['broken'] }); // a refused request logs too
    await caseworker.post('/contacts/screen', { channel: 'EMAIL', from: email, summary: secretText });
    // A call at the switchboard from their number, and its end (Amazon Connect's events, locally).
    const connectId = uniqueKey();
    const localPost = (path: string, body: unknown) => fetch(`${apiUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await localPost('/local/connect/call', { from: phone, contactId: connectId })).status).toBe(200);
    expect((await localPost('/local/connect/disconnect', { contactId: connectId, durationSeconds: 90 })).status).toBe(200);

    const logs = readFileSync(inject('handlerLogFile'), 'utf8');
    expect(logs.length).toBeGreaterThan(0); // the capture works: handlers did log
    expect(logs).toContain('"route"');
    for (const value of [name, email, marker, '+44' + phone.replace(/\s/g, '').slice(1), secretText]) {
      expect(logs).not.toContain(value);
    }
    expect(logs).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
    expect(logs).not.toMatch(/\+44\d{9,10}|\b07\d{3}\s?\d{6}\b/);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/); // a JWT
    expect(logs.toLowerCase()).not.toContain('tasktoken');
  });
});
