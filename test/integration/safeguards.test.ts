import { describe, expect, it } from 'vitest';
import { textSizes } from '../pdf-text-sizes.js';
import { apiUrl, caseworker, COMPLETE_FACTORS, eventually, inMonths, newPersonWithCase, outboxEmail, outboxPost, tokenFor, uniqueKey, problemPaths, timelineOf } from './client.js';

/**
 * The safeguards around restricting contact (docs/safeguards.md): reasonable adjustments
 * (Equality Act 2010) that a strategy may not take away, and a warning in writing
 * before any restriction (policy 1.4; LGSCO and PHSO model policies: tell the person first).
 */
/** A warning about one case, as any test here needs one. */const warn = (personId: string, caseId: string) =>
  caseworker.post(`/service-users/${personId}/warnings`, { caseIds: [caseId], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' }, { headers: { 'idempotency-key': uniqueKey() } });

describe('reasonable adjustments', () => {
  it('are recorded on the person at creation and changed by PATCH, audited by field name', async () => {
    const { person } = await newPersonWithCase({ adjustments: { channels: ['PHONE'], format: 'LARGE_PRINT', notes: 'Uses a screen reader; prefers calls.' } });
    expect(person.adjustments).toEqual({ channels: ['PHONE'], format: 'LARGE_PRINT', notes: 'Uses a screen reader; prefers calls.' });
    const patched = await caseworker.patch(`/service-users/${person.id}`, { adjustments: { channels: ['PHONE', 'EMAIL'], format: 'STANDARD' } }, { headers: { 'if-match': `"${person.version}"` } });
    expect(patched.status).toBe(200);
    expect(patched.body.adjustments).toEqual({ channels: ['PHONE', 'EMAIL'], format: 'STANDARD' });
    expect(patched.body.history.at(-1).fields).toEqual(['adjustments']);
    expect((await caseworker.post('/service-users', { name: 'Bad Adjustment', adjustments: { format: 'HUGE' } })).status).toBe(422);
    expect((await caseworker.post('/service-users', { name: 'Bad Adjustment', adjustments: { channels: 'PHONE' } })).status).toBe(400);
  });

  it('refuses a strategy that takes away a channel the person needs (422 on restrictions naming the adjustment), on create and on edit', async () => {
    const { person, kase } = await newPersonWithCase({ phones: ['01482 555 000'], adjustments: { channels: ['PHONE'] } });
    const base = { serviceUserId: person.id, caseIds: [kase.id], reason: 'Many calls a day.', purpose: 'Keep contact manageable.', reviewDate: inMonths(6), factors: COMPLETE_FACTORS };
    const refused = await caseworker.post('/strategies', { ...base, restrictions: [{ type: 'NO_TELEPHONE' }] });
    expect(refused.status).toBe(422);
    expect(problemPaths(refused.body)).toEqual(['restrictions']);
    expect(refused.body.errors[0].message).toContain('adjustments.channels PHONE');

    const allowed = await caseworker.post('/strategies', { ...base, restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });
    expect(allowed.status).toBe(201);
    const edit = await caseworker.patch(`/strategies/${allowed.body.id}`, { restrictions: [{ type: 'WRITTEN_ONLY', channels: ['EMAIL'] }] }, { headers: { 'if-match': `"${allowed.body.version}"` } });
    expect(edit.status).toBe(422);
    expect(edit.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/adjustments\.channels PHONE.*WRITTEN_ONLY/);
  });

  it('checks the person as they are now when the draft is submitted: an adjustment added after drafting is kept', async () => {
    const { person, kase } = await newPersonWithCase();
    const draft = await caseworker.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Many letters.',
      purpose: 'Keep contact manageable.',
      reviewDate: inMonths(6),
      factors: COMPLETE_FACTORS,
      restrictions: [{ type: 'WRITTEN_ONLY', channels: ['EMAIL'] }],
    });
    expect(draft.status).toBe(201);
    await caseworker.patch(`/service-users/${person.id}`, { adjustments: { channels: ['POST'] } }, { headers: { 'if-match': `"${person.version}"` } });
    const submit = await caseworker.post(`/strategies/${draft.body.id}/submit`, {});
    expect(submit.status).toBe(422);
    expect(submit.body.errors[0]).toEqual({ path: 'restrictions', message: expect.stringContaining('WRITTEN_ONLY must keep POST') });
  });
});

describe('warnings in writing before any restriction', () => {
  const send = (personId: string, body: unknown, key = uniqueKey()) => caseworker.post(`/service-users/${personId}/warnings`, body, { headers: { 'idempotency-key': key } });

  it('sends a WARNING letter by email and by post naming the behaviours in the policy\'s words, what may follow and the rights unaffected, recorded on each case', async () => {
    const { person, kase } = await newPersonWithCase({ name: `Warned ${uniqueKey().slice(0, 6)}` });
    const res = await send(person.id, { caseIds: [kase.id], behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES', 'VERBAL_OR_WRITTEN_ABUSE'], explanation: 'You called nine times on 3 March and used abusive language.' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ serviceUserId: person.id, caseIds: [kase.id], behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES', 'VERBAL_OR_WRITTEN_ABUSE'], incidentIds: [] });

    const emailed = await eventually(outboxEmail, (items) => items.some((m) => m.to.includes(person.emails[0]) && m.subject === 'Your contact with us: a warning'));
    const email = emailed.find((m) => m.to.includes(person.emails[0]) && m.subject === 'Your contact with us: a warning')!;
    expect(email.text).toContain('Persistently calling, writing or emailing to demand updates or action');
    expect(email.text).toContain('Verbal or written abuse such as derogatory, discriminatory or defamatory remarks.');
    expect(email.text).toContain('You called nine times on 3 March and used abusive language.');
    expect(email.text).toContain('we may put a contact strategy in place');
    expect(email.text).toContain('Nothing in this letter affects your right to complain or your right to ask for a review.');
    expect(email.attachments.length).toBe(1);

    const sent = await eventually(async () => (await caseworker.get(`/service-users/${person.id}/letters`)).body.items as unknown[], (items) => items.length >= 2);
    expect(sent).toHaveLength(2);
    const posted = await eventually(outboxPost, (items) => items.some((p) => p.warningId === res.body.id));
    const post = posted.find((p) => p.warningId === res.body.id)!;
    expect(post.recipientName).toBe(person.name);
    expect(post.text).toContain('Our reference: ' + kase.reference);
    expect(post.text).not.toContain(res.body.id);

    const entries = await eventually(() => timelineOf(kase.id), (t) => t.filter((e) => e.kind === 'LETTER').length >= 2);
    expect(entries.filter((e) => e.kind === 'WARNING_SENT')).toEqual([expect.objectContaining({ ref: { warningId: res.body.id } })]);
    expect(entries.filter((e) => e.kind === 'LETTER').every((e) => e.ref.warningId === res.body.id)).toBe(true);

    const letters = (await caseworker.get(`/service-users/${person.id}/letters`)).body.items as { kind: string; channel: string; warningId?: string; strategyId?: string }[];
    expect(letters.filter((l) => l.kind === 'WARNING').map((l) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
    expect(letters.every((l) => l.warningId === res.body.id && l.strategyId === undefined)).toBe(true);

    const list = await caseworker.get(`/service-users/${person.id}/warnings?limit=10`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([res.body.id]);
  });

  it('answers the same warning again for the same Idempotency-Key and sends no second letter', async () => {
    const { person, kase } = await newPersonWithCase();
    const body = { caseIds: [kase.id], behaviours: ['EXCESSIVE_DEMANDS_ON_TIME'], explanation: 'Forty emails in a week.' };
    const key = uniqueKey();
    const first = await send(person.id, body, key);
    const again = await send(person.id, body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    await eventually(outboxPost, (items) => items.some((p) => p.warningId === first.body.id));
    const warnings = (await caseworker.get(`/service-users/${person.id}/warnings`)).body.items;
    expect(warnings).toHaveLength(1);
    const emails = (await outboxEmail()).filter((m) => m.to.includes(person.emails[0]) && m.subject === 'Your contact with us: a warning');
    expect(emails).toHaveLength(1);
  });

  it('refuses another person\'s case, an unknown behaviour and another person\'s or no incident, naming each field, and writes nothing', async () => {
    const { person, kase } = await newPersonWithCase();
    const other = await newPersonWithCase();
    const incident = await caseworker.post(`/cases/${other.kase.id}/incidents`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), channel: 'PHONE', behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'], description: 'Called again.' });
    expect(incident.status).toBe(201);
    const res = await send(person.id, { caseIds: [kase.id, other.kase.id], behaviours: ['SHOUTING', 'STALKING'], incidentIds: [incident.body.id, '01NOSUCHINCIDENT'], explanation: 'x' });
    expect(res.status).toBe(422);
    expect(problemPaths(res.body)).toEqual(['behaviours.0', 'caseIds.1', 'incidentIds.0', 'incidentIds.1']);
    expect((await caseworker.get(`/service-users/${person.id}/warnings`)).body.items).toEqual([]);
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'WARNING_SENT')).toEqual([]);
    expect((await send(person.id, { caseIds: [kase.id], behaviours: [], explanation: '' })).status).toBe(422);
    expect((await send(person.id, { caseIds: [kase.id], behaviours: 'STALKING', explanation: 'x' })).status).toBe(400);
    expect((await send('01NOSUCHPERSON', { caseIds: [kase.id], behaviours: ['STALKING'], explanation: 'x' })).status).toBe(404);
  });

  it('on submitting, a strategy that says the person was told needs notes on how, unless a warning was sent', async () => {
    const { person, kase } = await newPersonWithCase();
    const toldNoNotes = { ...COMPLETE_FACTORS, informedBehaviourUnacceptable: { answer: 'YES' } };
    const draft = await caseworker.post('/strategies', {
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Many calls.',
      purpose: 'Keep contact manageable.',
      reviewDate: inMonths(6),
      factors: toldNoNotes,
      restrictions: [{ type: 'RECORD_CALLS' }],
    });
    const refused = await caseworker.post(`/strategies/${draft.body.id}/submit`, {});
    expect(refused.status).toBe(422);
    expect(problemPaths(refused.body)).toEqual(['factors.informedBehaviourUnacceptable.notes']);

    expect((await send(person.id, { caseIds: [kase.id], behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'], explanation: 'Daily calls.' })).status).toBe(201);
    const submitted = await caseworker.post(`/strategies/${draft.body.id}/submit`, {});
    expect(submitted.status).toBe(200);
    expect(submitted.body.precededByWarning).toBe(true);
  });
});

describe('large print', () => {
  it('posts a LARGE_PRINT person\'s letter with body text of at least 16 pt; the email is unchanged', async () => {
    const { person, kase } = await newPersonWithCase({ adjustments: { format: 'LARGE_PRINT' } });
    const res = await warn(person.id, kase.id);
    const letters = await eventually(
      async () => (await caseworker.get(`/service-users/${person.id}/letters`)).body.items as { id: string; channel: string; html: string }[],
      (items) => items.length >= 2,
    );
    const post = letters.find((l) => l.channel === 'POST')!;
    const token = await tokenFor(['caseworker']);
    const pdf = new Uint8Array(await (await fetch(`${apiUrl()}/letters/${post.id}/pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const sizes = await textSizes(pdf);
    const body = sizes.filter((d) => /Dear |We are writing|Nothing in this letter/.test(d.text));
    expect(body.length).toBeGreaterThanOrEqual(3);
    expect(body.every((d) => d.size >= 16)).toBe(true);
    const email = letters.find((l) => l.channel === 'EMAIL')!;
    expect(email.html).not.toMatch(/font-size/);
    expect(res.status).toBe(201);
  });
});

