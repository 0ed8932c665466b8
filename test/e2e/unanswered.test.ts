import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caseworker, expectAccessible, focused, screen, screenshot, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, conclude, kase, person } from './seed.js';

/**
 * Contacts logged without a reply (docs/screening.md): a contact a caseworker screened
 * LOG_ONLY is read again by a line manager, with the keyboard, who finds a fresh
 * matter and names the new case.
 */
const tab = trackedTabs();

async function flashed(page: Page, text: RegExp) {
  await page.locator('#flash').waitFor();
  await expect.poll(() => page.locator('#flash').textContent()).toMatch(text);
}

describe('Contacts logged without a reply', () => {
  it('a caseworker’s LOG_ONLY contact is read again by a line manager, who records a fresh matter with its new case', async () => {
    const p = await person();
    const old = await kase(p.id, 'Complaint about a stop and search');
    await conclude(old.id);
    await activeStrategy(p.id, [old.id], [{ type: 'LOG_ONLY', caseIds: [old.id] }]);
    const screened = await caseworker.post('/contacts/screen', { serviceUserId: p.id, channel: 'EMAIL', caseId: old.id, summary: 'Wants the search complaint re-opened; also says a call handler hung up on them yesterday.' });
    expect(screened.body.decision).toBe('LOG_ONLY');
    const fresh = await kase(p.id, 'Conduct of a call handler');

    // The caseworker sees no menu entry for the queue.
    const cw = await tab(['caseworker']);
    await screen(cw.page, '#/desk', 'Screening desk');
    expect(await cw.page.locator('#navigation a', { hasText: 'Unanswered contacts' }).count()).toBe(0);

    const { page } = await tab(['line-manager'], { sub: 'lm-e2e-reads', name: 'Lee Reader' });
    await screen(page, '#/desk', 'Screening desk');
    await page.locator('#navigation a', { hasText: 'Unanswered contacts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts logged without a reply' }).waitFor();
    const card = page.locator('.unanswered-card', { hasText: p.name });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(old.reference);
    expect(text).toContain('Log only – do not respond');
    expect(text).toContain('a call handler hung up on them');
    expect(text).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
    await expectAccessible(page, 'unanswered-queue');
    await screenshot(page, '40-unanswered-queue');

    const cardId = (await card.getAttribute('id')) as string;
    // Nothing chosen: the form says what is missing.
    await tabTo(page, `#${cardId} form button[type="submit"]`, 400);
    await page.keyboard.press('Enter');
    await card.locator('.govuk-error-summary').waitFor();
    expect(await card.locator('.govuk-error-summary').textContent()).toMatch(/Choose what you found/);
    await expectAccessible(page, 'unanswered-check-error');

    // With the keyboard alone: Nothing new → A fresh matter, the new case, notes, submit.
    await card.locator('input[name="outcome"]').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('input[value="FRESH_MATTER"]').isChecked()).toBe(true);
    await tabTo(page, `#${cardId} select[name="caseId"]`);
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('select[name="caseId"]').inputValue()).toBe(fresh.id);
    await tabTo(page, `#${cardId} textarea[name="notes"]`);
    await page.keyboard.type('A new complaint about a call handler: opened as its own case.');
    await expectAccessible(page, 'unanswered-check-form');
    await tabTo(page, `#${cardId} form button[type="submit"]`);
    await page.keyboard.press('Enter');
    await flashed(page, /Check recorded/);
    await expect.poll(() => focused(page)).toBe('div#flash');
    expect(await page.locator('.unanswered-card', { hasText: p.name }).count()).toBe(0);
    expect(await page.locator('#main-content table').textContent()).toContain(`Fresh matter: ${fresh.reference}`);
    await expectAccessible(page, 'unanswered-checked');

    const checked = await caseworker.get('/contacts/unanswered?checked=true&limit=5');
    const item = (checked.body.items as { id: string; check?: { outcome: string; caseId?: string; by: { name: string } } }[]).find((i) => i.id === screened.body.contactId);
    expect(item?.check).toMatchObject({ outcome: 'FRESH_MATTER', caseId: fresh.id, by: { name: 'Lee Reader' } });
    const timeline = await caseworker.get(`/cases/${fresh.id}/timeline`);
    expect((timeline.body.items as { kind: string }[]).some((e) => e.kind === 'CONTACT_CHECKED')).toBe(true);
  });
});
