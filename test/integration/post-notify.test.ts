import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startChildStack, stopChildStack, type ChildStack } from './child-stack.js';
import { COMPLETE_FACTORS, eventually, inMonths } from './client.js';

/**
 * The post with GOV.UK Notify (`POST_PROVIDER=NOTIFY`), on a stack of its own whose
 * stand-in for Notify's letter API checks each PDF as Notify does and reports it
 * received a few seconds later: Notify's own client sends the letter, its status is
 * followed, and a post-only strategy comes into force once Notify accepted it.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'contact-strategy-notify-'));
let stack: ChildStack | undefined;

afterAll(async () => {
  if (stack) await stopChildStack(stack.proc);
  rmSync(dataDir, { recursive: true, force: true });
});

async function as(url: string, groups: string[], sub: string) {
  const { token } = (await (await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ sub, name: `Staff ${sub}`, email: `${sub}@opcc.localhost`, groups }) })).json()) as { token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> };
  };
}

describe('the post with GOV.UK Notify', () => {
  it('sends the letter through the stand-in, puts a post-only strategy in force once accepted, follows it to POSTED; a refused letter is FAILED with the reason', async () => {
    const notifyPort = await freePort();
    stack = await startChildStack(await freePort(), dataDir, { POST_PROVIDER: 'NOTIFY', NOTIFY_PORT: String(notifyPort) });
    const url = stack.url;
    const caseworker = await as(url, ['caseworker'], 'cw-notify');
    const som = await as(url, ['statutory-operations-manager'], 'som-notify');

    const person = await caseworker('POST', '/service-users', { name: 'Pip Posted', postalAddress: { lines: ['3 Dock Street', 'Hull'], postcode: 'HU1 3AA' } });
    const kase = await caseworker('POST', '/cases', { serviceUserId: person.body.id, type: 'COMPLAINT', subject: 'A complaint' });
    const draft = await caseworker('POST', '/strategies', {
      serviceUserId: person.body.id,
      caseIds: [kase.body.id],
      reason: 'Repeated abusive telephone calls.',
      purpose: 'Keep contact in writing.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'NO_TELEPHONE' }],
      factors: COMPLETE_FACTORS,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.id as string;
    expect((await caseworker('POST', `/strategies/${id}/submit`)).status).toBe(200);
    await eventually(() => som('POST', `/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' }), (r) => r.status === 200);

    // In force once Notify accepted the letter: no one marks it posted.
    const active = await eventually(() => caseworker('GET', `/strategies/${id}`), (r) => r.body.status === 'ACTIVE', 45_000);
    const post = (active.body.letters as { id: string; channel: string }[]).find((l) => l.channel === 'POST')!;
    const notifyLetters = async () => ((await (await fetch(`${url}/local/notify/letters`)).json()) as { items: Array<{ id: string; reference: string; pages: number; postage: string; status: string }> }).items;
    const sent = (await notifyLetters()).filter((l) => l.reference === post.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ postage: 'second' });
    expect(sent[0]!.pages).toBeLessThanOrEqual(10);
    const posted = await eventually(() => caseworker('GET', `/letters/${post.id}`), (r) => r.body.status === 'POSTED', 30_000);
    expect(posted.body.notifyId).toBe(sent[0]!.id);
    // Not in the in-house print queue.
    expect(((await caseworker('GET', '/letters?status=PRINT_READY')).body.items as { id: string }[]).map((l) => l.id)).not.toContain(post.id);

    // Notify refuses the next letter (a warning): FAILED with its reason, listed, the SOM told once.
    expect((await fetch(`${url}/local/faults`, { method: 'POST', body: JSON.stringify({ notify: 'validation-failed' }) })).status).toBe(204);
    const warned = await caseworker('POST', `/service-users/${person.body.id}/warnings`, { caseIds: [kase.body.id], behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'], explanation: 'Daily calls demanding updates.' });
    expect(warned.status, JSON.stringify(warned.body)).toBe(201);
    const failed = await eventually(
      () => caseworker('GET', '/letters?status=FAILED'),
      (r) => (r.body.items as { warningId?: string }[]).some((l) => l.warningId === warned.body.id),
      30_000,
    );
    const letter = (failed.body.items as { warningId?: string; failure?: { reason: string } }[]).find((l) => l.warningId === warned.body.id)!;
    expect(letter.failure?.reason).toMatch(/specification/);
    const mail = await eventually(
      async () => ((await (await fetch(`${url}/local/outbox/email`)).json()) as { items: { to: string[]; subject: string }[] }).items.filter((e) => /could not be sent/.test(e.subject)),
      (items) => items.length > 0,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toEqual(['som@opcc.localhost']);
    expect((await fetch(`${url}/local/faults`, { method: 'POST', body: JSON.stringify({ notify: null }) })).status).toBe(204);
  }, 150_000);
});
