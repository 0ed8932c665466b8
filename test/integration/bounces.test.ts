import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiUrl, as, caseworker, draftAndSubmit, eventually, inMonths, newPersonWithTwoCases, outboxEmail, som } from './client.js';

/**
 * SES bounces and complaints on letters sent by email, through the real approval
 * flow: the letter is sent by the state machine (SES local gives it a message id),
 * then an SES event is handed to functions/ses-events.ts as EventBridge would,
 * through the local-only POST /local/ses/events.
 */

const proposer = as(['caseworker'], { sub: 'cw-bounces', name: 'Pat Proposer', email: 'pat.proposer@opcc.localhost' });
const SOM_MAILBOX = 'som@opcc.localhost';




interface OutboxItem {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
}
const outbox = async () => (await outboxEmail()) as unknown as OutboxItem[];

interface TimelineEntry {
  kind: string;
  summary: string;
  ref: Record<string, string>;
}
interface StrategyLetter {
  id: string;
  channel: string;
  status: string;
}

/** A person and an ACTIVE strategy over two cases, told by email (and by post when they have an address). */
async function activeStrategy(person: Record<string, unknown> = {}) {
  const name = `Robin ${randomUUID().slice(0, 6)}`;
  const email = (person.emails as string[] | undefined)?.[0] ?? `robin.${randomUUID().slice(0, 8)}@example.com`;
  const { person: p, caseIds } = await newPersonWithTwoCases({ name, emails: [email], ...person });
  const id = await draftAndSubmit(proposer, {
    serviceUserId: p.id,
    caseIds,
    reason: 'You have emailed us forty times in a week about the same matter.',
    purpose: 'Keep contact manageable while the open complaint is dealt with.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'NO_TELEPHONE' }],
  });
  await eventually(outbox, (items) => items.some((e) => e.to.includes(SOM_MAILBOX) && e.subject.includes(name) && /decision needed/i.test(e.subject)));
  await eventually(
    async () => (await fetch(`${apiUrl()}/local/workflow/executions`).then((r) => r.json())) as { items: Array<{ strategyId: string; phase: string; status: string }> },
    (x) => x.items.some((e) => e.strategyId === id && e.phase === 'APPROVAL' && e.status === 'RUNNING'),
  );
  const decided = await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
  expect(active.body.status).toBe('ACTIVE');
  const [letterEmail] = (await outbox()).filter((e) => e.to.includes(email));
  expect(letterEmail?.messageId, 'the letter email has an SES message id').toBeTruthy();
  return { id, personId: p.id as string, name, email, caseIds, messageId: letterEmail!.messageId };
}

async function sesEvent(detail: Record<string, unknown>) {
  const res = await fetch(`${apiUrl()}/local/ses/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(detail) });
  return { status: res.status, body: (await res.json()) as { outcome: string } };
}

const bounceDetail = (messageId: string, to: string, bounceType = 'Permanent') => ({
  eventType: 'Bounce',
  mail: { messageId, destination: [to], timestamp: new Date().toISOString(), source: 'no-reply@opcc.localhost' },
  bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: to, status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
});

async function timelines(caseIds: string[]): Promise<TimelineEntry[][]> {
  return Promise.all(caseIds.map(async (c) => (await caseworker.get(`/cases/${c}/timeline?limit=100`)).body.items as TimelineEntry[]));
}

describe('SES bounces and complaints on letters sent by email (policy 1.5: told in writing)', () => {
  it('a permanent bounce marks the email letter BOUNCED, flags the strategy, and records on each case that the posted copy is relied on; a redelivery changes nothing', async () => {
    const s = await activeStrategy();
    // The posted copy exists (queued or dispatched) before the bounce arrives.
    await eventually(() => caseworker.get(`/strategies/${s.id}`), (r) => (r.body.letters as StrategyLetter[]).some((l) => l.channel === 'POST' && ['QUEUED', 'PRINT_READY'].includes(l.status)));
    const somEmailsBefore = (await outbox()).filter((e) => e.to.includes(SOM_MAILBOX) && e.text.includes(s.name)).length;

    const res = await sesEvent(bounceDetail(s.messageId, s.email));
    expect(res).toEqual({ status: 200, body: { outcome: 'RECORDED' } });

    const strategy = await caseworker.get(`/strategies/${s.id}`);
    const letters = strategy.body.letters as StrategyLetter[];
    const emailLetter = letters.find((l) => l.channel === 'EMAIL')!;
    expect(emailLetter.status).toBe('BOUNCED');
    expect(letters.find((l) => l.channel === 'POST')!.status).not.toBe('BOUNCED');
    expect(strategy.body).toMatchObject({ status: 'ACTIVE', emailUndeliverable: true, emailUndeliverableLetterId: emailLetter.id });

    for (const entries of await timelines(s.caseIds)) {
      const bounced = entries.filter((e) => e.kind === 'LETTER' && e.ref.letterId === emailLetter.id && e.ref.event === 'BOUNCE');
      expect(bounced).toHaveLength(1);
      expect(bounced[0]!.summary).toMatch(/was not delivered by email \(Permanent bounce, General\)/);
      expect(bounced[0]!.summary).toMatch(/copy sent by post is relied on/);
      expect(bounced[0]!.ref.strategyId).toBe(s.id);
    }
    // A posted copy exists: the SOM is not asked to act.
    expect((await outbox()).filter((e) => e.to.includes(SOM_MAILBOX) && e.text.includes(s.name))).toHaveLength(somEmailsBefore);

    // EventBridge delivers at least once: the same event again writes nothing.
    expect(await sesEvent(bounceDetail(s.messageId, s.email))).toEqual({ status: 200, body: { outcome: 'ALREADY' } });
    for (const entries of await timelines(s.caseIds)) {
      expect(entries.filter((e) => e.ref?.letterId === emailLetter.id && e.ref.event === 'BOUNCE')).toHaveLength(1);
    }
  });

  it('a complaint about the letter of a person with no postal address emails the SOM naming the person id and the strategy id', async () => {
    const s = await activeStrategy({ postalAddress: undefined });
    const res = await sesEvent({
      eventType: 'Complaint',
      mail: { messageId: s.messageId, destination: [s.email] },
      complaint: { complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: s.email }] },
    });
    expect(res.body.outcome).toBe('RECORDED');

    const strategy = await caseworker.get(`/strategies/${s.id}`);
    expect((strategy.body.letters as StrategyLetter[]).find((l) => l.channel === 'EMAIL')!.status).toBe('COMPLAINED');
    expect(strategy.body.emailUndeliverable).toBe(true);

    const [toSom] = (await outbox()).filter((e) => e.to.includes(SOM_MAILBOX) && /Action needed/.test(e.subject) && e.subject.includes(s.name));
    expect(toSom, 'the SOM is asked to act').toBeDefined();
    expect(toSom!.text).toContain('Letter: Strategy put in place');
    expect(toSom!.text).not.toContain(s.id);
    expect(toSom!.text).toContain(s.name);

    for (const entries of await timelines(s.caseIds)) {
      const e = entries.find((x) => x.ref?.event === 'COMPLAINT');
      expect(e?.summary).toMatch(/reported as unwanted.*no posted copy.*Statutory Operations Manager has been asked/);
    }
    // Redelivery: no second email to the SOM.
    expect((await sesEvent({ eventType: 'Complaint', mail: { messageId: s.messageId, destination: [s.email] }, complaint: {} })).body.outcome).toBe('ALREADY');
    expect((await outbox()).filter((e) => e.to.includes(SOM_MAILBOX) && /Action needed/.test(e.subject) && e.subject.includes(s.name))).toHaveLength(1);
  });

  it('ignores a bounce of a staff email, an unknown message id, and a delivery delay, writing nothing', async () => {
    const [staff] = (await outbox()).filter((e) => e.to.includes(SOM_MAILBOX));
    expect(staff).toBeDefined();
    expect((await sesEvent(bounceDetail(staff!.messageId, SOM_MAILBOX))).body.outcome).toBe('NOT_A_LETTER');
    expect((await sesEvent(bounceDetail(`unknown-${randomUUID()}`, 'x@example.com'))).body.outcome).toBe('NOT_A_LETTER');
    expect((await sesEvent({ eventType: 'DeliveryDelay', mail: { messageId: staff!.messageId } })).body.outcome).toBe('IGNORED');
    const bad = await sesEvent([] as never);
    expect(bad.status).toBe(400);
  });

  it('does not email a later letter to an address an earlier letter bounced from, and says so on each case; the post still goes', async () => {
    const s = await activeStrategy();
    await eventually(() => caseworker.get(`/strategies/${s.id}`), (r) => (r.body.letters as StrategyLetter[]).some((l) => l.channel === 'POST' && ['QUEUED', 'PRINT_READY'].includes(l.status)));
    expect((await sesEvent(bounceDetail(s.messageId, s.email))).body.outcome).toBe('RECORDED');
    const sentBefore = (await outbox()).filter((e) => e.to.includes(s.email)).length;

    const extended = await som.post(`/strategies/${s.id}/review`, { outcome: 'EXTEND', nextReviewDate: inMonths(9), notes: 'Still needed.' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    const after = await eventually(
      () => caseworker.get(`/strategies/${s.id}`),
      (r) => (r.body.letters as Array<StrategyLetter & { kind: string }>).some((l) => l.kind === 'EXTENDED' && l.channel === 'POST'),
    );
    // The email branch runs beside the post branch: wait until it has recorded why it sent nothing.
    await eventually(
      () => timelines(s.caseIds),
      (all) => all.every((entries) => entries.some((e) => e.kind === 'LETTER_NOT_SENT' && /bounced from/.test(e.summary))),
    );
    const extendedLetters = (after.body.letters as Array<StrategyLetter & { kind: string }>).filter((l) => l.kind === 'EXTENDED');
    expect(extendedLetters.map((l) => l.channel)).toEqual(['POST']);
    expect((await outbox()).filter((e) => e.to.includes(s.email))).toHaveLength(sentBefore);
    for (const entries of await timelines(s.caseIds)) {
      expect(entries.some((e) => e.kind === 'LETTER_NOT_SENT' && /bounced from/.test(e.summary))).toBe(true);
    }
  });

  it('remembers every bounced address, not only the latest: two bounces from two addresses, and the next letter goes to neither', async () => {
    const first = `robin.${randomUUID().slice(0, 8)}@example.com`;
    const second = `robin.other.${randomUUID().slice(0, 8)}@example.com`;
    const s = await activeStrategy({ emails: [first] });
    await eventually(() => caseworker.get(`/strategies/${s.id}`), (r) => (r.body.letters as StrategyLetter[]).some((l) => l.channel === 'POST' && ['QUEUED', 'PRINT_READY'].includes(l.status)));
    expect((await sesEvent(bounceDetail(s.messageId, first))).body.outcome).toBe('RECORDED');

    // The person gives a second address; the next letter goes there (not to the first), and bounces too.
    const read = await caseworker.get(`/service-users/${s.personId}`);
    const patched = await caseworker.patch(`/service-users/${s.personId}`, { emails: [first, second] }, { headers: { 'if-match': read.headers.get('etag') ?? `"${read.body.version}"` } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const extended = await som.post(`/strategies/${s.id}/review`, { outcome: 'EXTEND', nextReviewDate: inMonths(9), notes: 'Still needed.' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    const [extendedEmail] = await eventually(
      async () => (await outbox()).filter((e) => e.to.includes(second)),
      (items) => items.length === 1,
    );
    expect(extendedEmail!.to).toEqual([second]);
    // The letter is recorded (with its SES message id) just after SES took it.
    await eventually(() => caseworker.get(`/strategies/${s.id}`), (r) => (r.body.letters as Array<StrategyLetter & { kind: string }>).some((l) => l.kind === 'EXTENDED' && l.channel === 'EMAIL' && l.status === 'SENT'));
    expect((await sesEvent(bounceDetail(extendedEmail!.messageId, second))).body.outcome).toBe('RECORDED');

    // A later letter (the strategy ends) skips both addresses: it goes by post only.
    const ended = await som.post(`/strategies/${s.id}/review`, { outcome: 'END', notes: 'Behaviour has improved.' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const after = await eventually(() => caseworker.get(`/strategies/${s.id}`), (r) => (r.body.letters as Array<StrategyLetter & { kind: string }>).some((l) => l.kind === 'ENDED' && l.channel === 'POST'));
    expect((after.body.letters as Array<StrategyLetter & { kind: string }>).filter((l) => l.kind === 'ENDED' && l.channel === 'EMAIL')).toHaveLength(0);
    expect((await outbox()).filter((e) => e.to.includes(first) || e.to.includes(second)).map((e) => e.subject)).not.toContain('Your contact arrangements with us have ended');
  });
});
