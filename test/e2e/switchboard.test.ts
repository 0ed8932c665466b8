import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, screen, trackedTabs } from './helpers.js';
import { person } from './seed.js';

const tab = trackedTabs();

/** A call coming in at the switchboard (the local Amazon Connect stand-in). */
async function ring(from: string) {
  const res = await fetch(`${inject('apiUrl')}/local/connect/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, contactId: randomUUID() }) });
  expect(res.status).toBe(200);
}

describe('Desk: calls screened at the switchboard', () => {
  it('shows each call of the last hour, newest first, in words, as it comes in, and announces only the new one', async () => {
    const caller = await person({ name: `Robin Switchboard ${Date.now()}` });
    const { page } = await tab(['caseworker']);
    await screen(page, '#/desk', 'Screening desk');
    await page.getByRole('heading', { level: 2, name: 'Calls at the switchboard in the last hour' }).waitFor();

    await ring(caller.phones[0]!);
    const list = page.locator('#switchboard-calls-list');
    // Refreshes by itself: nobody reloads the page.
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain(caller.name);
    await expect.poll(() => page.locator('#switchboard-calls-status').textContent()).toBe('New call at the switchboard: Proceed.');
    const first = list.locator('tbody tr').first();
    expect(await first.textContent()).toContain(caller.name);
    expect(await first.textContent()).toContain('Proceed');
    expect(await first.getByRole('link').getAttribute('href')).toBe(`#/people/${caller.id}`);

    await ring('anonymous');
    await expect.poll(() => list.locator('tbody tr').first().textContent(), { timeout: 15_000 }).toContain('screen the caller by name');
    // Newest first: the named caller is now below.
    expect(await list.locator('tbody tr').nth(1).textContent()).toContain(caller.name);
    expect(await list.textContent()).not.toMatch(/PROCEED|[0-9A-HJKMNP-TV-Z]{26}/);
    await expectAccessible(page, 'desk-switchboard-calls');
  });
});
