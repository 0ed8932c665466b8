import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, auditor, caseworker, COMPLETE_FACTORS, draftAndSubmit, eventually, inMonths, newPersonWithCase, outboxEmail, setClock, som } from './client.js';
import { useRunTable } from './run-table.js';
import { message, sendSmtp } from './smtp-client.js';

/**
 * Contacts logged without a reply (docs/screening.md): a contact screened LOG_ONLY, REFUSE
 * or CHANNEL_BLOCKED gets no answer, so it waits for a second read by someone other
 * than whoever logged it. Over HTTP against the local stack; the strategy in force is
 * put there the way staff do (drafted, approved, told to the person).
 */

const SOM_MAILBOX = 'som@opcc.localhost';

// The tallies are read from the store: point it at the stack's DynamoDB first.
let tallies: typeof import('../../lib/store/figures.js').tallies;
let ukMonthOf: typeof import('../../lib/domain/calendar.js').ukMonthOf;

const logger = as(['caseworker'], { sub: 'cw-unanswered', name: 'Casey Logger' });
const managerWhoLogs = as(['line-manager'], { sub: 'lm-logs', name: 'Lou Logger' });
const lineManager = as(['line-manager'], { sub: 'lm-reads', name: 'Lee Reader' });

interface Listed {
  id: string;
  occurredAt: string;
  checkDueBy: string;
  overdue: boolean;
  screening: { decision: string };
  recordedBy: { sub: string; name: string };
  check?: { outcome: string; notes: string; caseId?: string; by: { sub: string; name: string }; at: string };
}

let person: { id: string; name: string; emails: string[] };
let concluded: { id: string; reference: string };
let strategyId: string;

beforeAll(async () => {
  useRunTable();
  ({ tallies } = await import('../../lib/store/figures.js'));
  ({ ukMonthOf } = await import('../../lib/domain/calendar.js'));
  await setClock(new Date().toISOString());

  // A person whose complaint is concluded, under LOG_ONLY for it and NO_TELEPHONE.
  const made = await newPersonWithCase({ name: `Ash Unanswered ${Math.random().toString(36).slice(2, 7)}` });
  person = made.person;
  concluded = made.kase;
  const done = await caseworker.post(`/cases/${concluded.id}/conclude`, { finalDecision: 'Not upheld.', outcomeExplained: true, rightOfReviewAdvised: true });
  expect(done.status).toBe(200);
  strategyId = await draftAndSubmit(logger, {
    serviceUserId: person.id,
    caseIds: [concluded.id],
    reason: 'Daily demands to re-open the concluded complaint, and abusive calls.',
    purpose: 'Keep contact manageable while fresh matters stay open to the person.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'LOG_ONLY', caseIds: [concluded.id] }, { type: 'NO_TELEPHONE' }],
    factors: COMPLETE_FACTORS,
  });
  expect((await som.post(`/strategies/${strategyId}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' })).status).toBe(200);
  const active = await eventually(() => caseworker.get(`/strategies/${strategyId}`), (r) => r.body.status === 'ACTIVE');
  expect(active.body.status).toBe('ACTIVE');
});

afterAll(async () => {
  await setClock(new Date().toISOString());
});

/** A contact about the concluded case, screened by `who` (LOG_ONLY), optionally received earlier. */
async function loggedOnly(who = logger, receivedAt?: string): Promise<string> {
  const res = await who.post('/contacts/screen', { serviceUserId: person.id, channel: 'EMAIL', caseId: concluded.id, summary: 'Demands the complaint is re-opened.', ...(receivedAt ? { receivedAt } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.decision).toBe('LOG_ONLY');
  return res.body.contactId as string;
}

async function queue(checked: boolean): Promise<Listed[]> {
  const out: Listed[] = [];
  let cursor: string | undefined;
  do {
    const res = await caseworker.get(`/contacts/unanswered?checked=${checked}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...(res.body.items as Listed[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

const ids = (items: Listed[]) => items.map((i) => i.id);
const timeline = async (caseId: string) => (await caseworker.get(`/cases/${caseId}/timeline`)).body.items as { kind: string; summary: string; ref: Record<string, string> }[];
const counter = async (month: string, name: string) => (await tallies(month, month)).get(month)?.[name] ?? 0;
const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe('contacts that get no answer wait for a second read', () => {
  it('queues a LOG_ONLY and a CHANNEL_BLOCKED contact (the latter also a potential breach), but not a contact that was answered', async () => {
    const logOnly = await loggedOnly();
    const blocked = await logger.post('/contacts/screen', { serviceUserId: person.id, channel: 'PHONE', summary: 'Rang about the complaint again.' });
    expect(blocked.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    const fresh = await logger.post('/contacts/screen', { serviceUserId: person.id, channel: 'EMAIL', freshMatter: true, summary: 'A new complaint about a letter.' });
    expect(fresh.body.decision).toBe('PROCEED');

    const waiting = await queue(false);
    expect(ids(waiting)).toEqual(expect.arrayContaining([logOnly, blocked.body.contactId]));
    expect(ids(waiting)).not.toContain(fresh.body.contactId);
    const item = waiting.find((i) => i.id === logOnly)!;
    expect(item).toMatchObject({ overdue: false, screening: { decision: 'LOG_ONLY' }, recordedBy: { sub: 'cw-unanswered' } });
    expect(item.check).toBeUndefined();
    const potential = await caseworker.get('/contacts/potential-breaches?limit=100');
    expect(ids(potential.body.items)).toContain(blocked.body.contactId);
  });

  it('lists the waiting contacts oldest first, a page at a time', async () => {
    const later = await loggedOnly();
    const earlier = await loggedOnly(logger, new Date(Date.now() - 2 * 3_600_000).toISOString());
    const waiting = ids(await queue(false));
    expect(waiting.indexOf(earlier)).toBeLessThan(waiting.indexOf(later));
    const first = await caseworker.get('/contacts/unanswered?checked=false&limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await caseworker.get(`/contacts/unanswered?checked=false&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('answers 400 for a cursor it did not issue, or one from the other list', async () => {
    const garbage = await caseworker.get('/contacts/unanswered?cursor=not-a-cursor');
    expect(garbage.status).toBe(400);
    expect(paths(garbage.body)).toEqual(['query.cursor']);
    await lineManager.post(`/contacts/${await loggedOnly()}/check`, { outcome: 'NOTHING_NEW', notes: 'Same demand as before.' });
    await lineManager.post(`/contacts/${await loggedOnly()}/check`, { outcome: 'NOTHING_NEW', notes: 'Same demand as before.' });
    const checkedPage = await caseworker.get('/contacts/unanswered?checked=true&limit=1');
    expect(checkedPage.body.nextCursor).toBeDefined();
    const crossed = await caseworker.get(`/contacts/unanswered?checked=false&cursor=${encodeURIComponent(checkedPage.body.nextCursor)}`);
    expect(crossed.status).toBe(400);
  });

  it('queues email screened by the inbound gateway, logged by the system: any line manager may check it', async () => {
    const from = person.emails[0] as string;
    const sent = await sendSmtp(inject('smtpPort'), { from, to: 'office@opcc.localhost', data: message({ from, subject: `Re: ${concluded.reference} once more` }) });
    expect(sent.code).toBe(250);
    const contactId = /contact (\S+),/.exec(sent.line)?.[1] ?? '';
    const item = (await queue(false)).find((i) => i.id === contactId);
    expect(item).toMatchObject({ screening: { decision: 'LOG_ONLY' }, recordedBy: { sub: 'inbound-email' } });
    const res = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'A repeat of the concluded complaint.' });
    expect(res.status).toBe(200);
  });
});

describe('who may read it again', () => {
  it('refuses caseworkers, the auditor and whoever logged the contact (403), writing nothing', async () => {
    const byManager = await loggedOnly(managerWhoLogs);
    const body = { outcome: 'NOTHING_NEW', notes: 'Nothing new.' };
    expect((await caseworker.post(`/contacts/${byManager}/check`, body)).status).toBe(403);
    expect((await auditor.post(`/contacts/${byManager}/check`, body)).status).toBe(403);
    const own = await managerWhoLogs.post(`/contacts/${byManager}/check`, body);
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/logged themselves/);
    expect(ids(await queue(false))).toContain(byManager);
    expect((await timeline(concluded.id)).some((e) => e.kind === 'CONTACT_CHECKED' && e.ref.contactId === byManager)).toBe(false);
  });

  it('answers 404 for no such contact and 409 for a contact that was answered', async () => {
    expect((await lineManager.post('/contacts/01NOSUCHCONTACT0000000000000/check', { outcome: 'NOTHING_NEW', notes: 'x' })).status).toBe(404);
    const answered = await logger.post('/contacts/screen', { serviceUserId: person.id, channel: 'EMAIL', freshMatter: true, summary: 'A new matter.' });
    const res = await lineManager.post(`/contacts/${answered.body.contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'x' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ detail: expect.stringContaining('screened “Proceed”'), decision: 'PROCEED' });
  });
});

describe('the second read', () => {
  it('records NOTHING_NEW on the contact and the case timeline, moves it to the checked list, and is made once (409 after)', async () => {
    const contactId = await loggedOnly();
    const res = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'Repeats the concluded complaint; nothing new.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: contactId, overdue: false, check: { outcome: 'NOTHING_NEW', notes: 'Repeats the concluded complaint; nothing new.', by: { sub: 'lm-reads', name: 'Lee Reader' } } });

    expect(ids(await queue(false))).not.toContain(contactId);
    const checked = await queue(true);
    expect(checked[0]!.id).toBe(contactId);
    const entry = (await timeline(concluded.id)).find((e) => e.kind === 'CONTACT_CHECKED' && e.ref.contactId === contactId);
    expect(entry?.summary).toMatch(/read by Lee Reader: nothing new/);

    const again = await som.post(`/contacts/${contactId}/check`, { outcome: 'SAFEGUARDING', notes: 'Second look.' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ detail: expect.stringMatching(/^This contact has had its second read already: Lee Reader read it on .* and found nothing new/), state: 'CHECKED' });
  });

  it('FRESH_MATTER names the person’s new case (422 without one, for another person’s case or the concluded one), and is on both timelines', async () => {
    const contactId = await loggedOnly();
    const missing = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'FRESH_MATTER', notes: 'A new complaint about a call handler.' });
    expect(missing.status).toBe(422);
    expect(paths(missing.body)).toEqual(['caseId']);
    const other = await newPersonWithCase();
    const wrongPerson = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'FRESH_MATTER', notes: 'x', caseId: other.kase.id });
    expect(wrongPerson.status).toBe(422);
    expect(wrongPerson.body.errors).toEqual([{ path: 'caseId', message: 'is a case of another service user' }]);
    const sameCase = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'FRESH_MATTER', notes: 'x', caseId: concluded.id });
    expect(sameCase.status).toBe(422);
    // Nothing was written by the refusals.
    expect(ids(await queue(false))).toContain(contactId);

    const opened = await caseworker.post('/cases', { serviceUserId: person.id, type: 'COMPLAINT', subject: 'Conduct of a call handler' });
    expect(opened.status).toBe(201);
    const res = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'FRESH_MATTER', notes: 'A new complaint about a call handler.', caseId: opened.body.id });
    expect(res.status).toBe(200);
    expect(res.body.check).toMatchObject({ outcome: 'FRESH_MATTER', caseId: opened.body.id });
    for (const caseId of [concluded.id, opened.body.id]) {
      const entry = (await timeline(caseId)).find((e) => e.kind === 'CONTACT_CHECKED' && e.ref.contactId === contactId);
      expect(entry?.summary).toContain(`New case: ${opened.body.reference}`);
    }
  });

  it('SAFEGUARDING emails the Statutory Operations Manager naming the person, without the contact’s own words', async () => {
    const contactId = await loggedOnly();
    const res = await som.post(`/contacts/${contactId}/check`, { outcome: 'SAFEGUARDING', notes: 'Says they have no heating and are unwell.' });
    expect(res.status).toBe(200);
    const mails = await eventually(async () => (await outboxEmail()).filter((e) => e.to.includes(SOM_MAILBOX) && e.text.includes('Says they have no heating and are unwell.')), (l) => l.length > 0);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Safeguarding concern: contact from ${person.name}`);
    expect(mails[0]!.text).toContain(`Service user: ${person.name}`);
    expect(mails[0]!.text).toContain('Under a contact strategy: yes');
    expect(mails[0]!.text).not.toContain(contactId);
    expect(mails[0]!.text).not.toContain(strategyId);
    expect(mails[0]!.text).toContain(concluded.reference);
    expect(mails[0]!.text).toContain('Says they have no heating and are unwell.');
    expect(mails[0]!.text).not.toContain('Demands the complaint is re-opened.');
  });
});

describe('governance tallies (the month the contact was logged)', () => {
  it('counts every contact logged without a reply, and a check within UNANSWERED_CHECK_DAYS as in time', async () => {
    const month = ukMonthOf(new Date());
    const [logged, inTime] = [await counter(month, 'unansweredLogged'), await counter(month, 'unansweredCheckedInTime')];
    const contactId = await loggedOnly();
    expect(await counter(month, 'unansweredLogged')).toBe(logged + 1);
    expect((await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'Nothing new.' })).status).toBe(200);
    expect(await counter(month, 'unansweredCheckedInTime')).toBe(inTime + 1);
  });

  it('shows a contact waiting longer than UNANSWERED_CHECK_DAYS as overdue, and does not count its late check as in time', async () => {
    // A month of its own, long ago, so nothing else in the run counts there.
    const year = 2001 + Math.floor(Math.random() * 15);
    const receivedAt = `${year}-0${1 + Math.floor(Math.random() * 9)}-15T10:00:00.000Z`;
    const month = ukMonthOf(receivedAt);
    const contactId = await loggedOnly(logger, receivedAt);
    const item = (await queue(false)).find((i) => i.id === contactId)!;
    expect(item).toMatchObject({ overdue: true, checkDueBy: `${receivedAt.slice(0, 8)}22` });
    expect(await counter(month, 'unansweredLogged')).toBe(1);
    const res = await lineManager.post(`/contacts/${contactId}/check`, { outcome: 'NOTHING_NEW', notes: 'Read late.' });
    expect(res.status).toBe(200);
    expect(res.body.overdue).toBe(false);
    expect(await counter(month, 'unansweredCheckedInTime')).toBe(0);
  });
});
