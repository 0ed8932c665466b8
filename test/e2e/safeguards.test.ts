import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, openAs, screen, tabTo, type StaffPage } from './helpers.js';
import { kase, person } from './seed.js';

/** The person page's safeguards, by keyboard: reasonable adjustments and a warning in writing. */
describe('Safeguards on the person page', () => {
  let tab: StaffPage;
  beforeAll(async () => {
    tab = await openAs(['caseworker']);
  });
  afterAll(async () => {
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  it('records reasonable adjustments with the keyboard alone', async () => {
    const p = await person();
    await kase(p.id);
    const { page } = tab;
    await screen(page, `#/people/${p.id}`, p.name);
    await page.getByRole('heading', { level: 2, name: 'Reasonable adjustments' }).waitFor();
    await tabTo(page, 'details:has(#adjustments-form) summary');
    await page.keyboard.press('Enter');
    await tabTo(page, 'input[name="channels"][value="PHONE"]');
    await page.keyboard.press('Space');
    // A radio group is one tab stop, on the choice made (standard print): the arrow key moves to large print.
    await tabTo(page, 'input[name="format"][value="STANDARD"]');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, '#adjustment-notes');
    await page.keyboard.type('Uses a screen reader; needs calls.');
    await expectAccessible(page, 'person-adjustments');
    await tabTo(page, '#save-adjustments');
    await page.keyboard.press('Enter');
    await page.getByText('Reasonable adjustments saved').waitFor();
    const saved = await caseworker.get(`/service-users/${p.id}`);
    expect(saved.body.adjustments).toEqual({ channels: ['PHONE'], format: 'LARGE_PRINT', notes: 'Uses a screen reader; needs calls.' });
  });

  it('sends a warning with the keyboard alone, listed on the page once sent', async () => {
    const p = await person();
    const c = await kase(p.id);
    const { page } = tab;
    await screen(page, `#/people/${p.id}`, p.name);
    await expect.poll(() => page.getByText('No warning has been sent.').count()).toBe(1);
    await tabTo(page, 'details:has(#warning-form) summary');
    await page.keyboard.press('Enter');
    await tabTo(page, `input[name="caseIds"][value="${c.id}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="behaviours"][value="PERSISTENT_DEMANDS_FOR_UPDATES"]');
    await page.keyboard.press('Space');
    await tabTo(page, '#warning-explanation');
    await page.keyboard.type('You called nine times on 3 March demanding updates.');
    await expectAccessible(page, 'person-warning');
    await tabTo(page, '#send-warning');
    await page.keyboard.press('Enter');
    await page.getByText('Warning sent').first().waitFor();
    await page.getByRole('table', { name: 'Warnings sent' }).waitFor();
    await expectAccessible(page, 'person-warning-sent');
    const warnings = await caseworker.get(`/service-users/${p.id}/warnings`);
    expect(warnings.body.items).toHaveLength(1);
  });
});
