import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approvedWhileDeliveryFails, as, auditor, caseworker, draftAndSubmit, eventually, inMonths, newPersonWithCase, som } from './client.js';

/**
 * The post, followed to the letterbox, with the in-house print queue (the local
 * stack's default): a post-only strategy waits for its letter to be posted; staff
 * mark printed letters posted and record those that come back; failed letters are
 * listed and can be sent again.
 */

const proposer = as(['caseworker'], { sub: 'cw-post', name: 'Pat Post', email: 'pat.post@opcc.localhost' });

interface Letter {
  id: string;
  channel: string;
  status: string;
  createdAt: string;
}

async function postOnlyStrategy() {
  const { person, kase } = await newPersonWithCase({ name: `Percy ${randomUUID().slice(0, 6)}`, emails: [] });
  const id = await draftAndSubmit(proposer, {
    serviceUserId: person.id,
    caseIds: [kase.id],
    reason: 'Repeated abusive telephone calls.',
    purpose: 'Keep contact in writing.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'NO_TELEPHONE' }],
  });
  expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' })).status).toBe(200);
  const waiting = await eventually(
    () => caseworker.get(`/strategies/${id}`),
    (r) => r.body.awaiting === 'POSTING' && (r.body.letters as Letter[]).some((l) => l.status === 'PRINT_READY'),
  );
  const letter = (waiting.body.letters as Letter[]).find((l) => l.channel === 'POST')!;
  return { id, person, kase, strategy: waiting.body, letter };
}

async function printQueue(): Promise<Letter[]> {
  const items: Letter[] = [];
  let cursor: string | undefined;
  do {
    const page = await caseworker.get(`/letters?status=PRINT_READY&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('the post, in-house', () => {
  it('keeps a post-only strategy APPROVED until its letter is marked as posted from the print queue, then puts it in force', async () => {
    const { id, person, letter } = await postOnlyStrategy();
    const queued = await printQueue();
    expect(queued.map((l) => l.id)).toContain(letter.id);
    // Oldest first.
    expect(queued.map((l) => l.createdAt)).toEqual([...queued.map((l) => l.createdAt)].sort());
    // Not told yet: not in force, screening lets a call through.
    expect((await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id })).body.decision).toBe('PROCEED');

    // Only from the print queue may a letter be recorded as returned; only staff who record may mark it.
    expect((await caseworker.post(`/letters/${letter.id}/returned`, { returnedAt: new Date().toISOString(), reason: 'Not known at this address' })).status).toBe(409);
    expect((await auditor.post(`/letters/${letter.id}/posted`, { postedAt: new Date().toISOString() })).status).toBe(403);
    const bad = await caseworker.post(`/letters/${letter.id}/posted`, { postedAt: 'today' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('postedAt');

    const postedAt = new Date().toISOString();
    const posted = await caseworker.post(`/letters/${letter.id}/posted`, { postedAt });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ id: letter.id, status: 'POSTED', postedAt, postedBy: { name: expect.any(String) } });
    expect((await caseworker.post(`/letters/${letter.id}/posted`, { postedAt })).status).toBe(409);
    expect((await printQueue()).map((l) => l.id)).not.toContain(letter.id);

    const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
    expect(active.body.awaiting).toBeUndefined();
    expect((await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: person.id })).body).toMatchObject({ decision: 'CHANNEL_BLOCKED', strategyId: id });
  });

  it('records a returned letter: the address is undeliverable until edited, the timeline says so, and it can be sent again to the new address', async () => {
    const { person, kase, letter } = await postOnlyStrategy();
    expect((await caseworker.post(`/letters/${letter.id}/posted`, { postedAt: new Date().toISOString() })).status).toBe(200);
    const returned = await caseworker.post(`/letters/${letter.id}/returned`, { returnedAt: new Date().toISOString(), reason: 'Not known at this address' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'RETURNED', returned: { reason: 'Not known at this address' } });
    expect((await caseworker.post(`/letters/${letter.id}/returned`, { returnedAt: new Date().toISOString(), reason: 'Again' })).status).toBe(409);

    const marked = await caseworker.get(`/service-users/${person.id}`);
    expect(marked.body.postalAddressUndeliverable).toBe(true);
    const timeline = await caseworker.get(`/cases/${kase.id}/timeline`);
    expect(timeline.body.items.some((e: { summary: string }) => /returned undelivered/.test(e.summary))).toBe(true);

    // Nowhere to post it until the address is changed.
    expect((await caseworker.post(`/letters/${letter.id}/resend`, {})).status).toBe(422);
    const moved = await caseworker.patch(
      `/service-users/${person.id}`,
      { postalAddress: { lines: ['2 New Road', 'Hull'], postcode: 'HU2 2BB' } },
      { headers: { 'if-match': marked.headers.get('etag') ?? '"1"' } },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.postalAddressUndeliverable).toBeUndefined();

    const again = await caseworker.post(`/letters/${letter.id}/resend`, {}, { headers: { 'idempotency-key': randomUUID() } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ resentFrom: letter.id, channel: 'POST', postalAddress: { postcode: 'HU2 2BB' } });
    expect(again.body.text).toContain('2 New Road');
    await eventually(() => caseworker.get(`/letters/${again.body.id}`), (r) => r.body.status === 'PRINT_READY');
  });

  it('lists failed letters newest first and sends one again; the figures count them', async () => {
    const { strategy } = await approvedWhileDeliveryFails(proposer, `Fay ${randomUUID().slice(0, 6)}`);
    const failedIds = (strategy.letters as Letter[]).filter((l) => l.status === 'FAILED').map((l) => l.id);
    expect(failedIds).toHaveLength(2);
    const listed = await caseworker.get('/letters?status=FAILED&limit=100');
    expect(listed.status).toBe(200);
    const items = listed.body.items as Array<Letter & { failure?: { reason: string } }>;
    expect(items.map((l) => l.id)).toEqual(expect.arrayContaining(failedIds));
    expect(items.map((l) => l.createdAt)).toEqual([...items.map((l) => l.createdAt)].sort().reverse());
    expect(items.find((l) => l.id === failedIds[0])!.failure?.reason).toEqual(expect.any(String));
    expect((await caseworker.get('/letters?status=QUEUED')).status).toBe(422);

    const post = (strategy.letters as Letter[]).find((l) => l.status === 'FAILED' && l.channel === 'POST')!;
    const again = await caseworker.post(`/letters/${post.id}/resend`, {}, { headers: { 'idempotency-key': randomUUID() } });
    expect(again.status).toBe(201);
    expect(again.body.resentFrom).toBe(post.id);
    await eventually(() => caseworker.get(`/letters/${again.body.id}`), (r) => r.body.status === 'PRINT_READY');

    const month = new Date().toISOString().slice(0, 7);
    const figures = await auditor.get(`/governance/figures?from=${month}&to=${month}`);
    expect(figures.body.months[0].lettersFailed).toBeGreaterThanOrEqual(2);
  });
});
