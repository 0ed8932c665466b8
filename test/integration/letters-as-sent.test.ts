import { describe, expect, it } from 'vitest';
import { apiUrl, as, auditor, call, caseworker, draftAndSubmit, eventually, inMonths, newPersonWithTwoCases, som } from './client.js';

/** Policy 1.5: a copy of every letter is kept, exactly as sent; later edits to the person or the strategy do not change it. */

const proposer = as(['caseworker'], { sub: 'cw-letters', name: 'Lee Letters', email: 'lee.letters@opcc.localhost' });

async function activeStrategyWithLetters() {
  const name = `Lettie Sent ${Math.random().toString(36).slice(2, 8)}`;
  const { person, caseIds } = await newPersonWithTwoCases({ name });
  const id = await draftAndSubmit(proposer, {
    serviceUserId: person.id,
    caseIds,
    reason: 'Repeated abusive emails about the same matter.',
    purpose: 'Keep contact manageable.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'NO_TELEPHONE' }],
  });
  expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Agreed.' })).status).toBe(200);
  const strategy = await eventually(
    () => caseworker.get(`/strategies/${id}`),
    (r) => r.body.status === 'ACTIVE' && (r.body.letters ?? []).filter((l: { status: string }) => l.status !== 'FAILED').length === 2,
  );
  return { personId: person.id as string, name, strategyId: id, letters: strategy.body.letters as { id: string; channel: string }[] };
}

describe('letters as sent', () => {
  it('keeps each letter as sent, unchanged by a later edit to the person', async () => {
    const { personId, name, strategyId, letters } = await activeStrategyWithLetters();
    const email = letters.find((l) => l.channel === 'EMAIL')!;
    const post = letters.find((l) => l.channel === 'POST')!;
    const sentEmail = await caseworker.get(`/letters/${email.id}`);
    expect(sentEmail.status).toBe(200);
    expect(sentEmail.body).toMatchObject({ id: email.id, strategyId, serviceUserId: personId, kind: 'IMPLEMENTED', channel: 'EMAIL', to: [expect.stringContaining('@example.com')] });
    expect(sentEmail.body.text).toContain(name);
    expect(sentEmail.body.html).toEqual(expect.any(String));
    expect(sentEmail.body.sentAt).toEqual(expect.any(String));
    // The post-queue consumer puts the posted letter in the print queue in the background: read it once it has.
    const sentPost = await eventually(() => caseworker.get(`/letters/${post.id}`), (r) => r.body?.status === 'PRINT_READY');
    expect(sentPost.body).toMatchObject({ channel: 'POST', postalAddress: { postcode: 'HU1 1AA' } });

    const current = await caseworker.get(`/service-users/${personId}`);
    const renamed = await caseworker.patch(
      `/service-users/${personId}`,
      { name: 'Someone Else', postalAddress: { lines: ['9 Other Road', 'York'], postcode: 'YO1 1AA' } },
      { headers: { 'if-match': current.headers.get('etag') ?? '"1"' } },
    );
    expect(renamed.status).toBe(200);
    expect((await caseworker.get(`/letters/${email.id}`)).body).toEqual(sentEmail.body);
    expect((await caseworker.get(`/letters/${post.id}`)).body).toEqual(sentPost.body);
  });

  it('serves the posted letter as a PDF, the same every time, and none for an email letter (404)', async () => {
    const { letters } = await activeStrategyWithLetters();
    const post = letters.find((l) => l.channel === 'POST')!;
    const email = letters.find((l) => l.channel === 'EMAIL')!;
    const token = await (await import('./client.js')).tokenFor(['auditor']);
    const first = await fetch(`${apiUrl()}/letters/${post.id}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(await (await fetch(`${apiUrl()}/letters/${post.id}/pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
    expect((await auditor.get(`/letters/${email.id}/pdf`)).status).toBe(404);
  });

  it("lists every letter to the person, newest first", async () => {
    const { personId, letters } = await activeStrategyWithLetters();
    const res = await auditor.get(`/service-users/${personId}/letters`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; createdAt: string }[];
    expect(items.map((l) => l.id).sort()).toEqual(letters.map((l) => l.id).sort());
    expect([...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((l) => l.id)).toEqual(items.map((l) => l.id));
  });

  it('answers 404 for an unknown letter or person, and 401 without a token', async () => {
    expect((await caseworker.get('/letters/01NOSUCHLETTER')).status).toBe(404);
    expect((await caseworker.get('/letters/01NOSUCHLETTER/pdf')).status).toBe(404);
    expect((await caseworker.get('/service-users/01NOSUCHPERSON/letters')).status).toBe(404);
    expect((await call('GET', '/letters/01NOSUCHLETTER', { token: '' })).status).toBe(401);
  });

  it('answers 400 for a cursor the API did not issue', async () => {
    const { personId } = await activeStrategyWithLetters();
    expect((await caseworker.get(`/service-users/${personId}/letters?cursor=not-a-cursor`)).status).toBe(400);
  });
});
