import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiUrl, caseworker, localFaults, newPersonWithCase, outboxEmail, uniqueKey } from './client.js';

/**
 * Copies of the person's letters for their representatives, followed like the
 * person's own: an emailed copy that bounces and a posted copy that comes back are
 * recorded as the representative's copy and leave the person alone; and a copy goes
 * (once) even when the person's own email fails. Warnings send the letters: they are
 * the cheapest letters to produce.
 */

interface LetterShown {
  id: string;
  warningId?: string;
  channel: string;
  status: string;
  copyFor?: { representativeId: string; name: string; kind: string };
}
interface TimelineEntry {
  kind: string;
  summary: string;
  ref: Record<string, string>;
}

const consent = { recordedAt: '2026-01-05T10:00:00Z', how: 'Signed consent form' };

async function copiedIn(personId: string, over: Record<string, unknown> = {}) {
  const res = await caseworker.post(
    `/service-users/${personId}/representatives`,
    { name: 'Jo Bloggs MP', kind: 'MP', emails: [`mp.${randomUUID().slice(0, 8)}@parliament.example`], consent, copyLetters: true, ...over },
    { headers: { 'idempotency-key': uniqueKey() } },
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; emails: string[] };
}

async function warn(personId: string, caseId: string): Promise<string> {
  const res = await caseworker.post(`/service-users/${personId}/warnings`, { caseIds: [caseId], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const lettersOf = async (personId: string, warningId: string) =>
  ((await caseworker.get(`/service-users/${personId}/letters?limit=100`)).body.items as LetterShown[]).filter((l) => l.warningId === warningId);
const timeline = async (caseId: string) => (await caseworker.get(`/cases/${caseId}/timeline?limit=100`)).body.items as TimelineEntry[];

async function sesEvent(detail: Record<string, unknown>) {
  const res = await fetch(`${apiUrl()}/local/ses/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(detail) });
  return { status: res.status, body: (await res.json()) as { outcome: string } };
}
const bounceOf = (messageId: string, to: string) => ({
  eventType: 'Bounce',
  mail: { messageId, destination: [to], timestamp: new Date().toISOString(), source: 'no-reply@opcc.localhost' },
  bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: to, status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
});

describe("representatives' copies of the person's letters", () => {
  it("an emailed copy that bounces is BOUNCED, shown as the representative's copy and recorded on the case; the person's own letter stays as it was and the copy is never sent again to the person", async () => {
    const { person, kase } = await newPersonWithCase({ postalAddress: undefined });
    const rep = await copiedIn(person.id);
    const warningId = await warn(person.id, kase.id);
    await expect.poll(async () => (await lettersOf(person.id, warningId)).map((l) => `${l.copyFor ? 'copy' : 'own'} ${l.status}`).sort(), { timeout: 30_000 }).toEqual(['copy SENT', 'own SENT']);
    const sent = (await outboxEmail()) as unknown as { messageId: string; to: string[] }[];
    const messageId = sent.find((e) => e.to.includes(rep.emails[0]!))?.messageId;
    expect(messageId, "the copy's SES message id").toBeTruthy();

    expect(await sesEvent(bounceOf(messageId!, rep.emails[0]!))).toEqual({ status: 200, body: { outcome: 'RECORDED' } });
    const letters = await lettersOf(person.id, warningId);
    const copy = letters.find((l) => l.copyFor)!;
    expect(copy).toMatchObject({ status: 'BOUNCED', copyFor: { representativeId: rep.id, name: 'Jo Bloggs MP', kind: 'MP' } });
    expect(letters.find((l) => !l.copyFor)?.status).toBe('SENT');
    const entries = (await timeline(kase.id)).filter((e) => e.kind === 'LETTER_COPY_UNDELIVERABLE');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.ref.letterId).toBe(copy.id);
    expect(entries[0]!.summary).toMatch(/^The copy of the letter “.+” for Jo Bloggs MP \(MP\) was not delivered by email \(Permanent bounce, General\).*the person's own letters are not affected/);

    expect((await sesEvent(bounceOf(messageId!, rep.emails[0]!))).body.outcome).toBe('ALREADY');
    expect((await caseworker.post(`/letters/${copy.id}/resend`, {}, { headers: { 'idempotency-key': uniqueKey() } })).status).toBe(409);
  });

  it("a posted copy that comes back is recorded alone: the person's postal address stays deliverable", async () => {
    const { person, kase } = await newPersonWithCase({ emails: [] });
    await copiedIn(person.id, { emails: [], postalAddress: { lines: ['House of Commons', 'London'], postcode: 'SW1A 0AA' } });
    const warningId = await warn(person.id, kase.id);
    const printReadyCopy = async () => (await lettersOf(person.id, warningId)).find((l) => l.copyFor && l.status === 'PRINT_READY');
    await expect.poll(printReadyCopy, { timeout: 30_000 }).toBeDefined();
    const copy = (await printReadyCopy())!;
    expect((await caseworker.post(`/letters/${copy.id}/posted`, { postedAt: new Date().toISOString() })).status).toBe(200);
    const returned = await caseworker.post(`/letters/${copy.id}/returned`, { returnedAt: new Date().toISOString(), reason: 'Addressee gone away' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('RETURNED');

    expect((await caseworker.get(`/service-users/${person.id}`)).body.postalAddressUndeliverable).toBeFalsy();
    const entry = (await timeline(kase.id)).find((e) => e.kind === 'LETTER' && e.ref.letterId === copy.id && /returned/i.test(e.summary));
    expect(entry?.summary).toMatch(/a copy for Jo Bloggs MP \(MP\).*\(Addressee gone away\); it needs sending to them another way/);
  });

  it("a copy goes when the person's own email fails, and only once however often the task is retried", async () => {
    const { person, kase } = await newPersonWithCase({ postalAddress: undefined });
    const rep = await copiedIn(person.id);
    expect((await localFaults({ emailTo: person.emails[0] })).status).toBe(204);
    try {
      const warningId = await warn(person.id, kase.id);
      // Every retry of the person's email failed and the failure is recorded: the copy went all the same.
      await expect.poll(async () => (await lettersOf(person.id, warningId)).map((l) => `${l.copyFor ? 'copy' : 'own'} ${l.status}`).sort(), { timeout: 30_000 }).toEqual(['copy SENT', 'own FAILED']);
    } finally {
      await localFaults({});
    }
    const copies = ((await outboxEmail()) as unknown as { to: string[] }[]).filter((e) => e.to.includes(rep.emails[0]!));
    expect(copies).toHaveLength(1);
  });
});
