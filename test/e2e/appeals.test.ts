import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setClock } from '../integration/client.js';
import { caseworker, expectAccessible, focused, screen, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person } from './seed.js';

/**
 * Appeals in the console: a caseworker records the person's appeal from the strategy
 * page; the Statutory Operations Manager who approved the strategy may not decide it;
 * the Head of Assurance, who took no part, decides it from the manager inbox. With the
 * keyboard, axe on each screen, and no console error in any tab.
 */
const tab = trackedTabs();

const SOM = { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' };
const HOA = { sub: 'hoa-e2e', name: 'Hana Assurance', email: 'hana.assurance@opcc.localhost' };

async function flashed(page: Page, text: RegExp) {
  await page.locator('#flash').waitFor();
  await expect.poll(() => page.locator('#flash').textContent()).toMatch(text);
}

const appealsOf = async (strategyId: string) => (await caseworker.get(`/strategies/${strategyId}/appeals`)).body.items as { id: string; status: string; grounds: string; decision?: { outcome: string; decidedBy: { sub: string } } }[];

describe('Appeals', () => {
  it('a caseworker records an appeal from the strategy page; the Head of Assurance, uninvolved, upholds it from the manager inbox by keyboard', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);

    // The caseworker, on the strategy page, with the keyboard alone.
    const { page } = await tab(['caseworker']);
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    // The section loads its appeals after the page: wait for them.
    await expect.poll(() => page.locator('#appeals').textContent(), { timeout: 15_000 }).toMatch(/No appeals received/);
    await tabTo(page, `a[href="#/strategies/${s.id}/appeal"]`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').first().textContent()).toMatch(/Record an appeal/);
    await expectAccessible(page, 'appeal-record');
    await tabTo(page, 'textarea#appeal-grounds');
    await page.keyboard.type('I only rang about new matters; recording my calls is not needed.');
    await tabTo(page, '#appeal-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await flashed(page, /Appeal recorded/);
    await expect.poll(() => focused(page)).toBe('div#flash');
    await expect.poll(() => page.locator('#appeals').textContent()).toMatch(/Awaiting decision/);
    await expectAccessible(page, 'strategy-with-appeal');
    const [appeal] = await appealsOf(s.id);
    expect(appeal).toMatchObject({ status: 'RECEIVED', grounds: 'I only rang about new matters; recording my calls is not needed.' });

    // The SOM who approved the strategy took part in it: no form for them.
    const som = await tab(['statutory-operations-manager'], SOM);
    await screen(som.page, '#/inbox', 'Manager inbox');
    const somCard = som.page.locator('.govuk-summary-card', { has: som.page.locator(`a[href="#/strategies/${s.id}"]`) }).filter({ hasText: 'appeal received' });
    await somCard.waitFor();
    expect(await somCard.textContent()).toMatch(/You took part in this strategy/);
    expect(await somCard.locator('form').count()).toBe(0);

    // The Head of Assurance decides it, with the keyboard.
    const hoa = await tab(['head-of-assurance'], HOA);
    await screen(hoa.page, '#/inbox', 'Manager inbox');
    const card = hoa.page.locator('.govuk-summary-card', { has: hoa.page.locator(`a[href="#/strategies/${s.id}"]`) }).filter({ hasText: 'appeal received' });
    await card.waitFor();
    expect(await hoa.page.locator('h2#appeals').textContent()).toMatch(/Appeals awaiting decision/);
    await expectAccessible(hoa.page, 'inbox-appeals');
    const outcome = `input[name="appeal-${appeal!.id}-outcome"]`;
    await tabTo(hoa.page, outcome);
    await hoa.page.keyboard.press('Space');
    expect(await hoa.page.locator(`${outcome}[value="UPHELD"]`).isChecked()).toBe(true);
    await tabTo(hoa.page, `textarea[name="appeal-${appeal!.id}-reasons"]`);
    await hoa.page.keyboard.type('Calls are recorded for everyone on a strategy of this kind; it does not limit what you can raise.');
    await tabTo(hoa.page, `.appeal-form button[type="submit"]`);
    await hoa.page.keyboard.press('Enter');
    await flashed(hoa.page, /Appeal decision recorded/);
    expect(await hoa.page.locator(`.govuk-summary-card a[href="#/strategies/${s.id}"]`).count()).toBe(0);

    const [decided] = await appealsOf(s.id);
    expect(decided).toMatchObject({ status: 'DECIDED', decision: { outcome: 'UPHELD', decidedBy: { sub: HOA.sub } } });
    // The person is told the outcome by email and post.
    await expect
      .poll(async () => ((await caseworker.get(`/strategies/${s.id}`)).body.letters as { kind: string }[]).filter((l) => l.kind === 'APPEAL_OUTCOME').length, { timeout: 30_000, interval: 250 })
      .toBe(2);
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    await expect.poll(() => page.locator('#appeals').textContent()).toMatch(/Decision upheld/);
    expect(await page.locator('main').textContent()).toMatch(/Outcome of their appeal/);
  });

  it('an appeal undecided after APPEAL_DECISION_DAYS shows a red Overdue tag in the inbox', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const res = await caseworker.post(`/strategies/${s.id}/appeals`, { receivedAt: new Date(Date.now() - 1000).toISOString(), grounds: 'Unfair.' });
    expect(res.status).toBe(201);
    await setClock(new Date(Date.now() + 22 * 86_400_000).toISOString());
    try {
      const { page } = await tab(['head-of-assurance'], HOA);
      await screen(page, '#/inbox', 'Manager inbox');
      const card = page.locator('.govuk-summary-card', { has: page.locator(`a[href="#/strategies/${s.id}"]`) }).filter({ hasText: 'appeal received' });
      await card.waitFor();
      const badge = card.locator('.govuk-summary-card__title-wrapper .govuk-tag');
      expect(await badge.textContent()).toBe('Overdue');
      expect(await badge.getAttribute('class')).toContain('govuk-tag--red');
      await expectAccessible(page, 'inbox-appeal-overdue');
    } finally {
      await setClock(new Date().toISOString());
    }
  });
});
