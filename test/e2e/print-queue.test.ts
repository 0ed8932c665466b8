import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, expectWordsOnly, flashed, screen, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person, printReadyLetter } from './seed.js';

/**
 * The print queue (in-house post): the letters waiting to be printed, each letter's
 * PDF, and "mark as posted" for the ones that went, with the date. With axe, in words.
 */
const tab = trackedTabs();

describe('Print queue', () => {
  it('lists a letter waiting to be printed and marks it as posted', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'NO_TELEPHONE' }]);
    const letter = await printReadyLetter(s.id);

    const { page } = await tab(['caseworker']);
    await screen(page, '#/print-queue', 'Print queue');
    const row = page.locator('tr', { has: page.locator(`#choose-${letter.id}`) });
    expect(await row.textContent()).toContain(p.name);
    await expectWordsOnly(page);
    await expectAccessible(page, 'print-queue');

    await page.locator(`#choose-${letter.id}`).check();
    await page.locator('#mark-posted').click();
    await flashed(page, /1 letter marked as posted/);
    expect(await page.locator(`#choose-${letter.id}`).count()).toBe(0);
    const posted = (await caseworker.get(`/letters/${letter.id}`)).body;
    expect(posted).toMatchObject({ status: 'POSTED', postedBy: { name: expect.any(String) } });
  });
});
