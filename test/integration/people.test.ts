import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiUrl, as, auditor, call, caseworker, eventually, newPersonWithCase, som, uniqueKey, problemPaths } from './client.js';
import { activeStrategy, addMonths, realToday } from './review-helpers.js';

/**
 * People (docs/records.md, docs/data-safety.md): lookups without personal data in URLs, audited edits, the
 * allow-listed subject-access export, `Cache-Control: no-store`, and cursors the API
 * did not issue.
 */
const ids = (body: { items: { id: string }[] }) => body.items.map((u) => u.id);
const editor = as(['caseworker'], { sub: 'cw-edit-1', name: 'Eddie Editor', email: 'eddie.editor@opcc.localhost' });
const manager = as(['line-manager'], { sub: 'lm-sar-1', name: 'Lena Manager', email: 'lena.manager@opcc.localhost' });
const head = as(['head-of-assurance'], { sub: 'hoa-sar-1', name: 'Hugo Assurance', email: 'hugo.assurance@opcc.localhost' });
const exporter = as(['auditor'], { sub: 'aud-sar-1', name: 'Audrey Auditor', email: 'audrey.auditor@opcc.localhost' });
const warner = as(['caseworker'], { sub: 'cw-warn-sar', name: 'Wendy Warner', email: 'wendy.warner@opcc.localhost' });

async function stackNow(): Promise<Date> {
  const res = await fetch(`${apiUrl()}/local/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}

describe('finding people without personal data in URLs', () => {
  it('finds by email and phone however written, by every word of a name, and by case reference', async () => {
    const marker = uniqueKey().replace(/[^a-z]/g, '').slice(0, 6);
    const email = `Search.${marker}@Example.COM`;
    const { person, kase } = await newPersonWithCase({ name: `Jolene Q${marker} Bloggs`, emails: [email], phones: ['(01482) 55-' + String(Math.floor(Math.random() * 9000) + 1000)] });
    const other = await caseworker.post('/service-users', { name: `Jolene Q${marker} Smith` });

    const byEmail = await caseworker.post('/service-users/search', { email: email.toUpperCase() });
    expect(byEmail.status).toBe(200);
    expect(ids(byEmail.body)).toEqual([person.id]);
    const byPhone = await caseworker.post('/service-users/search', { phone: person.phones[0].replace('+44', '0') });
    expect(ids(byPhone.body)).toContain(person.id);
    const byWords = await caseworker.post('/service-users/search', { name: `bloggs q${marker.toUpperCase()}` });
    expect(ids(byWords.body)).toEqual([person.id]);
    const byOneWord = await caseworker.post('/service-users/search', { name: `  Q${marker}  ` });
    expect(ids(byOneWord.body).sort()).toEqual([person.id, other.body.id].sort());
    const byReference = await caseworker.post('/service-users/search', { caseReference: kase.reference.toLowerCase() });
    expect(ids(byReference.body)).toEqual([person.id]);
    expect((await caseworker.post('/service-users/search', { caseReference: 'OPCC-1999-999999' })).body.items).toEqual([]);
  });

  it('answers at most 20 people for a name', async () => {
    const marker = `Many${uniqueKey().replace(/[^a-z]/g, '').slice(0, 6)}`;
    for (let i = 0; i < 22; i++) await caseworker.post('/service-users', { name: `${marker} Person${i}` });
    const found = await caseworker.post('/service-users/search', { name: marker });
    expect(found.body.items).toHaveLength(20);
  });

  it('needs exactly one lookup (422 naming the fields) and valid values, and reads only for roles that may read', async () => {
    const none = await caseworker.post('/service-users/search', {});
    expect(none.status).toBe(422);
    expect(problemPaths(none.body)).toEqual(['caseReference', 'email', 'name', 'phone']);
    const two = await caseworker.post('/service-users/search', { email: 'a@example.com', name: 'Jo' });
    expect(two.status).toBe(422);
    expect(problemPaths(two.body)).toEqual(['email', 'name']);
    const badPhone = await caseworker.post('/service-users/search', { phone: 'not a number' });
    expect(badPhone.status).toBe(422);
    expect(problemPaths(badPhone.body)).toEqual(['phone']);
    const wrongType = await caseworker.post('/service-users/search', { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(problemPaths(wrongType.body)).toEqual(['name']);
    expect((await caseworker.post('/service-users/search', { caseReference: 'OPCC-26-1' })).status).toBe(422);
    expect((await call('POST', '/service-users/search', { token: null, body: { name: 'Jo' } })).status).toBe(401);
    expect((await auditor.post('/service-users/search', { name: 'Jo' })).status).toBe(200);
  });

  it('refuses lookups in the query string (400 naming the parameter, pointing to the search route)', async () => {
    for (const [param, value] of [['email', 'jo@example.com'], ['phone', '07700900123'], ['name', 'Jo']]) {
      const res = await caseworker.get(`/service-users?${param}=${encodeURIComponent(value as string)}`);
      expect(res.status, param).toBe(400);
      expect(problemPaths(res.body)).toEqual([`query.${param}`]);
      expect(res.body.errors[0].message).toContain('POST /service-users/search');
    }
    const list = await caseworker.get('/service-users?limit=2');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeLessThanOrEqual(2);
  });
});

describe('person edits are audited', () => {
  it('records who changed which fields on the person and on each OPEN case, names not values, in one go', async () => {
    const { person, kase } = await newPersonWithCase({ name: 'Audit Trail', phones: ['07700 900111'] });
    const closed = await caseworker.post('/cases', { serviceUserId: person.id, type: 'CORRESPONDENCE', subject: 'Old letter' });
    expect((await caseworker.post(`/cases/${closed.body.id}/conclude`, { finalDecision: 'Answered.', outcomeExplained: true, rightOfReviewAdvised: true })).status).toBe(200);

    const newEmail = `changed.${uniqueKey().slice(0, 6)}@example.com`;
    const res = await editor.patch(`/service-users/${person.id}`, { emails: [newEmail], additionalNeeds: 'Prefers large print', name: 'Audit Trail' }, { headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(200);
    expect(res.body.updatedBy).toEqual({ sub: 'cw-edit-1', name: 'Eddie Editor' });
    expect(res.body.history).toEqual([{ at: res.body.updatedAt, actor: { sub: 'cw-edit-1', name: 'Eddie Editor' }, action: 'UPDATED', fields: ['emails', 'additionalNeeds'] }]);
    expect((await caseworker.get(`/service-users/${person.id}`)).body.history).toEqual(res.body.history);

    const entries = (await caseworker.get(`/cases/${kase.id}/timeline`)).body.items.filter((e: { kind: string }) => e.kind === 'PERSON_UPDATED');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ at: res.body.updatedAt, actor: { sub: 'cw-edit-1', name: 'Eddie Editor' } });
    expect(entries[0].summary).toContain('email addresses');
    expect(entries[0].summary).toContain('additional needs');
    expect(entries[0].summary).not.toContain(newEmail);
    expect(entries[0].summary).not.toContain('large print');
    const onClosed = (await caseworker.get(`/cases/${closed.body.id}/timeline`)).body.items.filter((e: { kind: string }) => e.kind === 'PERSON_UPDATED');
    expect(onClosed).toEqual([]);
  });

  it('writes nothing for a refused edit: bad input names the field, a stale version is 412', async () => {
    const { person, kase } = await newPersonWithCase();
    const bad = await editor.patch(`/service-users/${person.id}`, { name: 'Bad\u202Ename', phones: ['nope'] }, { headers: { 'if-match': '"1"' } });
    expect(bad.status).toBe(422);
    expect(problemPaths(bad.body)).toEqual(['name', 'phones.0']);
    expect((await editor.patch(`/service-users/${person.id}`, { name: 'Stale' }, { headers: { 'if-match': '"7"' } })).status).toBe(412);
    const after = await caseworker.get(`/service-users/${person.id}`);
    expect(after.body.version).toBe(1);
    expect(after.body.history).toBeUndefined();
    expect((await caseworker.get(`/cases/${kase.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind)).not.toContain('PERSON_UPDATED');
  });
});

describe('subject-access export (UK GDPR Article 15)', () => {
  it('exports from the allow-list, lists what was left out and why, and records the export on the history', async () => {
    const now = await stackNow();
    const { person, kase } = await newPersonWithCase({ name: 'Sar Subject' });
    const incident = await editor.post(`/cases/${kase.id}/incidents`, {
      occurredAt: new Date(now.getTime() - 30 * 60_000).toISOString(),
      channel: 'PHONE',
      behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
      description: 'Threatened the caseworker.',
      callTerminated: true,
      warningGiven: true,
    });
    expect(incident.status).toBe(201);
    const welfare = `Welfare note ${uniqueKey().slice(0, 8)}`;
    const policeReference = `HP-SAR-${uniqueKey().slice(0, 6)}`;
    expect((await manager.post(`/incidents/${incident.body.id}/escalate`, { welfareSupportOffered: true, notes: welfare })).status).toBe(200);
    expect((await head.post(`/incidents/${incident.body.id}/police-referral`, { policeReference, reportedAt: new Date(now.getTime() - 5 * 60_000).toISOString() })).status).toBe(200);
    expect((await editor.patch(`/service-users/${person.id}`, { additionalNeeds: 'None' }, { headers: { 'if-match': '"1"' } })).status).toBe(200);

    const res = await exporter.get(`/service-users/${person.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const json = JSON.stringify(res.body);
    for (const secret of [welfare, policeReference, 'cw-edit-1', 'lm-sar-1', 'hoa-sar-1', 'aud-sar-1', 'u-caseworker', '@opcc.localhost', 'welfareSupportOffered', 'policeReference', '"sub"']) {
      expect(json, secret).not.toContain(secret);
    }
    expect(res.body.serviceUser).toMatchObject({ id: person.id, name: 'Sar Subject', additionalNeeds: 'None' });
    expect(res.body.serviceUser.history[0]).toEqual({ at: expect.any(String), actor: { name: 'Eddie Editor', role: 'member of staff' }, action: 'UPDATED', fields: ['additionalNeeds'] });
    expect(res.body.incidents[0]).toMatchObject({ id: incident.body.id, description: 'Threatened the caseworker.', recordedBy: { name: 'Eddie Editor', role: 'member of staff' } });
    const reasons = res.body.redactions.map((r: { what: string }) => r.what).join(' | ');
    expect(reasons).toContain('welfare');
    expect(reasons).toContain('police references');
    expect(reasons).toContain('staff email addresses and staff ids');
    expect(res.body.redactions.every((r: { reason: string }) => r.reason.length > 0)).toBe(true);

    const after = (await caseworker.get(`/service-users/${person.id}`)).body;
    expect(after.history.at(-1)).toEqual({ at: expect.any(String), actor: { sub: 'aud-sar-1', name: 'Audrey Auditor' }, action: 'EXPORTED', fields: [] });
    expect((await som.get(`/service-users/${person.id}/export`)).status).toBe(200);
    expect((await caseworker.get(`/service-users/${person.id}`)).body.history.filter((h: { action: string }) => h.action === 'EXPORTED')).toHaveLength(2);
  });

  it('exports the warnings with their letters, each strategy\'s appeals, the second read of a contact and the adjustments, staff by name and role', async () => {
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(realToday(), 4), restrictions: [{ type: 'NO_TELEPHONE' }], name: 'Sar Safeguards' });
    const version = (await caseworker.get(`/service-users/${person.id}`)).body.version;
    const adjustments = { channels: ['EMAIL'], format: 'LARGE_PRINT', notes: 'Uses a screen reader.' };
    expect((await editor.patch(`/service-users/${person.id}`, { adjustments }, { headers: { 'if-match': `"${version}"` } })).status).toBe(200);
    const warning = await warner.post(`/service-users/${person.id}/warnings`, { caseIds: [kase.id], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' }, { headers: { 'idempotency-key': uniqueKey() } });
    expect(warning.status).toBe(201);
    const appeal = await editor.post(`/strategies/${strategy.id}/appeals`, { receivedAt: new Date(Date.now() - 1000).toISOString(), grounds: 'I was never told my calls were a problem.' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    const blocked = await editor.post('/contacts/screen', { serviceUserId: person.id, channel: 'PHONE', summary: 'Rang about the complaint again.' });
    expect(blocked.body.decision).toBe('CHANNEL_BLOCKED');
    expect((await manager.post(`/contacts/${blocked.body.contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'The same demand as before.' })).status).toBe(200);
    // The warning letters are written by the WARN phase in the background: one by email, one by post.
    const letters = await eventually(
      async () => ((await caseworker.get(`/service-users/${person.id}/letters?limit=100`)).body.items as { id: string; warningId?: string }[]).filter((l) => l.warningId === warning.body.id),
      (l) => l.length === 2,
    );

    const res = await exporter.get(`/service-users/${person.id}/export`);
    expect(res.status).toBe(200);
    const json = JSON.stringify(res.body);
    for (const secret of ['cw-edit-1', 'lm-sar-1', 'cw-warn-sar', 'cw-reviews', 'som-1', 'aud-sar-1', '@opcc.localhost', '"sub"', '"version"', 'approvalTaskToken']) {
      expect(json, secret).not.toContain(secret);
    }
    expect(res.body.serviceUser.adjustments).toEqual(adjustments);
    expect(res.body.warnings).toHaveLength(1);
    expect(res.body.warnings[0].warning).toEqual({
      id: warning.body.id,
      caseIds: [kase.id],
      behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'],
      incidentIds: [],
      explanation: 'The same complaint, again.',
      sentAt: warning.body.sentAt,
      sentBy: { name: 'Wendy Warner', role: 'member of staff' },
    });
    expect(res.body.warnings[0].letters.map((l: { id: string }) => l.id).sort()).toEqual(letters.map((l) => l.id).sort());
    expect(res.body.warnings[0].letters.map((l: { kind: string; channel: string }) => `${l.kind} ${l.channel}`).sort()).toEqual(['WARNING EMAIL', 'WARNING POST']);
    const [exportedStrategy] = res.body.strategies;
    expect(exportedStrategy.appeals).toEqual([
      expect.objectContaining({ id: appeal.body.id, strategyId: strategy.id, status: 'RECEIVED', grounds: 'I was never told my calls were a problem.', recordedBy: { name: 'Eddie Editor', role: 'member of staff' } }),
    ]);
    expect(exportedStrategy.appeals[0].serviceUserId).toBeUndefined();
    const contact = res.body.contacts.find((c: { id: string }) => c.id === blocked.body.contactId);
    expect(contact.check).toEqual({ outcome: 'NOTHING_NEW', notes: 'The same demand as before.', by: { name: 'Lena Manager', role: 'member of staff' }, at: expect.any(String) });
    expect(res.body.redactions.map((r: { what: string }) => r.what).join(' | ')).toContain('record versions');
  });

  it('is for the Statutory Operations Manager and auditors only, and 404 for nobody on record', async () => {
    const { person } = await newPersonWithCase();
    for (const who of [caseworker, manager, head]) expect((await who.get(`/service-users/${person.id}/export`)).status).toBe(403);
    expect((await exporter.get('/service-users/01NOSUCHPERSON/export')).status).toBe(404);
    expect((await caseworker.get(`/service-users/${person.id}`)).body.history).toBeUndefined();
  });
});

describe('Cache-Control: no-store on every API answer', () => {
  it('marks successes, problems, refusals and unknown routes', async () => {
    const { person, kase } = await newPersonWithCase();
    const answers = [
      await caseworker.get(`/service-users/${person.id}`),
      await caseworker.post('/service-users/search', { name: 'Alex' }),
      await caseworker.get(`/cases/${kase.id}/timeline`),
      await caseworker.post('/service-users', { name: 42 }),
      await caseworker.get('/service-users/01NOSUCHPERSON'),
      await auditor.post('/service-users', { name: 'A' }),
      await call('GET', `/service-users/${person.id}`, { token: null }),
      await caseworker.post('/no-such-route', {}),
      await caseworker.get(`/cases/${kase.id}/timeline?cursor=bm9wZQ`),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 400, 404, 403, 401, 404, 400]);
    for (const a of answers) expect(a.headers.get('cache-control')).toBe('no-store');
  });
});

describe('a cursor the API did not issue', () => {
  it('answers 400 naming the cursor, never 5xx, on every list route', async () => {
    const { person, kase } = await newPersonWithCase();
    const issued = async (path: string) => {
      // A real cursor of another list, to show that a cursor from elsewhere is refused too.
      const res = await caseworker.get(`${path}${path.includes('?') ? '&' : '?'}limit=1`);
      return res.body.nextCursor as string | undefined;
    };
    await caseworker.post('/cases', { serviceUserId: person.id, type: 'CORRESPONDENCE', subject: 'Second' });
    const foreign = await issued(`/service-users/${person.id}/cases`);
    expect(foreign).toEqual(expect.any(String));
    const routes = [`/cases/${kase.id}/timeline`, `/cases/${kase.id}/contacts`, `/cases/${kase.id}/incidents`, `/service-users/${person.id}/strategies`, '/service-users'];
    const key = fc.dictionary(
      fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'x'),
      fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.constant({ S: 'x' })),
    );
    const cursor = fc.oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      key.map((k) => Buffer.from(JSON.stringify(k)).toString('base64url')),
      fc.constant(Buffer.from('[1,2]').toString('base64url')),
      fc.constant(foreign as string),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), cursor, async (path, c) => {
        const res = await caseworker.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(c)}`);
        expect(res.status, `${path} ${c}`).toBeLessThan(500);
        if (res.status !== 200) {
          expect(res.status).toBe(400);
          expect(problemPaths(res.body)).toEqual(['query.cursor']);
        }
      }),
      { numRuns: 60 },
    );
    // The cursors the API issues still work.
    const first = await caseworker.get(`/service-users/${person.id}/cases?limit=1`);
    expect((await caseworker.get(`/service-users/${person.id}/cases?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`)).status).toBe(200);
  });
});
