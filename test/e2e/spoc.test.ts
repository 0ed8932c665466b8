import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { caseworker, expectAccessible, expectWordsOnly, flashed, screen, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person, submitted } from './seed.js';

/**
 * The single point of contact as staff use it: "My strategies" for the signed-in
 * member of staff, the handover and cover forms on the strategy page; and the screens a
 * new member of staff reads on a small phone, which must not scroll sideways.
 */
const tab = trackedTabs();

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

async function fillDate(scope: Locator, name: string, date: string) {
  const [y, m, d] = date.split('-');
  await scope.locator(`input[name="${name}-day"]`).fill(String(Number(d)));
  await scope.locator(`input[name="${name}-month"]`).fill(String(Number(m)));
  await scope.locator(`input[name="${name}-year"]`).fill(y as string);
}

/** No sideways scrolling: the document is no wider than the viewport. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('single point of contact', () => {
  it('lists my strategies, hands over to someone else and names cover for today', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'SINGLE_POINT_OF_CONTACT', staffId: 'cw-spoc', staffName: 'Casey Spoc' }]);

    const { page: mine } = await tab(['caseworker'], { sub: 'cw-spoc', name: 'Casey Spoc' });
    await screen(mine, '#/my-strategies', 'My strategies');
    await expect.poll(() => mine.locator(`a[href="#/strategies/${s.id}"]`).count()).toBe(1);
    await expectWordsOnly(mine);
    await expectAccessible(mine, 'my-strategies');

    const { page } = await tab(['statutory-operations-manager'], { sub: 'som-spoc', name: 'Morgan Manager' });
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    await expectAccessible(page, 'strategy-spoc-forms');
    const handover = page.locator('#spoc-handover-form');
    await handover.getByLabel('Name').fill('Riley New');
    await handover.getByLabel('Staff id').fill('cw-riley');
    await handover.getByLabel('Why is it changing?').fill('Casey moves to another team.');
    await handover.getByRole('button', { name: 'Hand over' }).click();
    await flashed(page, /Riley New is now the single point of contact/);
    await expect.poll(() => page.locator('#spoc').textContent()).toContain('Riley New');
    await expect.poll(async () => ((await caseworker.get(`/strategies/${s.id}`)).body.letters as { kind: string }[]).filter((l) => l.kind === 'SPOC_CHANGED').length, { timeout: 30_000 }).toBe(2);

    const cover = page.locator('#spoc-cover-form');
    await cover.getByLabel('Name').fill('Casey Spoc');
    await cover.getByLabel('Staff id').fill('cw-spoc');
    await fillDate(cover, 'cover-from', today());
    await fillDate(cover, 'cover-until', today());
    await cover.getByLabel('Why is cover needed?').fill('Riley is on leave.');
    await cover.getByRole('button', { name: 'Name cover' }).click();
    await flashed(page, /Casey Spoc covers/);

    await screen(mine, '#/my-strategies', 'My strategies');
    await expect.poll(() => mine.locator('main').textContent()).toContain('Covering for Riley New');
  });

  it('links from the approval banner to the strategy\'s letters, each of which opens as sent', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await submitted(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const { page } = await tab(['statutory-operations-manager'], { sub: 'som-approves', name: 'Morgan Approver' });
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await flashed(page, /See the letters as sent/);
    await page.locator('#flash').getByRole('link', { name: 'See the letters as sent' }).click();
    await expect.poll(async () => {
      await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
      return page.locator('a[href^="#/letters/"]').count();
    }, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('a[href^="#/letters/"]').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/How you can contact us from now on|Letter/);
  });

  it('does not scroll sideways at 320 px on the person page, the governance tables and the subject-access document', async () => {
    const p = await person();
    const c = await kase(p.id);
    await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const { page } = await tab(['auditor'], { sub: 'au-320', name: 'Ash Auditor' });
    await page.setViewportSize({ width: 320, height: 800 });
    await screen(page, `#/people/${p.id}`, p.name);
    expect(await fitsWidth(page)).toBe(true);
    await screen(page, '#/governance', /Governance/);
    await page.locator('table').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);

    // The subject-access export as the document the person is sent: words, not codes or ids.
    await screen(page, `#/people/${p.id}/export`, 'The information we hold about you');
    await expect.poll(() => page.locator('main').textContent()).toContain(c.reference);
    expect(await page.locator('main').textContent()).toContain('Telephone calls are recorded');
    await expectWordsOnly(page);
    await expectAccessible(page, 'subject-access-document');
    expect(await fitsWidth(page)).toBe(true);
  });
});
