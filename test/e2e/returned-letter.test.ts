import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, flashed, screen, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person, printReadyLetter } from './seed.js';

/** A posted letter that came back: recorded on the letter's page, then the person's address is shown as one letters came back from. With axe. */
const tab = trackedTabs();

describe('Returned letter', () => {
  it('is recorded on the letter page and the person page shows the address letters came back from', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'NO_TELEPHONE' }]);
    const letter = await printReadyLetter(s.id);
    expect((await caseworker.post(`/letters/${letter.id}/posted`, { postedAt: new Date(Date.now() - 86_400_000).toISOString() })).status).toBe(200);

    const { page } = await tab(['caseworker']);
    await screen(page, `#/letters/${letter.id}`, /as sent/);
    await expectAccessible(page, 'letter-returned-form');
    await page.locator('#returned-reason').fill('Not known at this address');
    await page.locator('#returned-button').click();
    await flashed(page, /Returned letter recorded/);
    expect((await caseworker.get(`/letters/${letter.id}`)).body.status).toBe('RETURNED');

    await screen(page, `#/people/${p.id}`, p.name);
    await expect.poll(() => page.getByText('Letters came back').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'person-address-undeliverable');
  });
});
