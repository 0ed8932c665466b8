import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, screen, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person } from './seed.js';

/**
 * What the Statutory Operations Manager has in front of them when deciding: the
 * person's reasonable adjustments (Equality Act 2010) wherever new restrictions are
 * chosen (a review that varies, a breach decision that adjusts), and what a breach
 * report attached (policy 1.6), in plain words with no ids.
 */
const tab = trackedTabs();
const SOM = { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' };
const ADJUSTMENTS = { channels: ['PHONE'], format: 'LARGE_PRINT', notes: 'Uses a screen reader.' };
const DEMANDS = "Persistently calling, writing or emailing to demand updates or action despite being advised that matters are in hand, have been concluded or are not within the OPCC's remit to address.";

describe('Reasonable adjustments where restrictions are chosen', () => {
  it('shows them when a review varies the restrictions on the strategy page, reached by keyboard', async () => {
    const p = await person({ adjustments: ADJUSTMENTS });
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const { page } = await tab(['statutory-operations-manager'], SOM);
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    const form = page.locator('form.review-form');
    expect(await form.getByText('Reasonable adjustments:').isVisible()).toBe(false);
    await tabTo(page, 'form.review-form input[name="outcome"]');
    // The radio group is one tab stop: the arrow key moves from Extend to Vary, which opens the new restrictions.
    await page.keyboard.press('ArrowDown');
    expect(await form.locator('input[value="VARY"]').isChecked()).toBe(true);
    const vary = form.locator(`#conditional-${await form.locator('input[value="VARY"]').getAttribute('id')}`);
    const reminder = vary.locator('.govuk-inset-text', { hasText: 'Reasonable adjustments' });
    await reminder.waitFor();
    expect(await reminder.textContent()).toMatch(/they need contact by phone; a restriction may not take that away\. Their letters are posted in large print\./);
    await expectAccessible(page, 'strategy-review-vary-adjustments');
  });
});

describe('A breach awaiting decision in the manager inbox', () => {
  it('names the attached contact and incident in words, and shows the adjustments where the strategy is adjusted', async () => {
    const p = await person({ adjustments: ADJUSTMENTS });
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const summary = `Rang to demand the complaint is re-opened (${s.id.slice(-6)}).`;
    const screened = await caseworker.post('/contacts/screen', { serviceUserId: p.id, channel: 'PHONE', caseId: c.id, summary });
    expect(screened.status, JSON.stringify(screened.body)).toBe(200);
    const incident = await caseworker.post(`/cases/${c.id}/incidents`, {
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      channel: 'EMAIL',
      behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'],
      description: 'Twelve emails in an hour demanding an update.',
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    const what = `Breach with its evidence attached (${s.id.slice(-6)}).`;
    const breach = await caseworker.post(`/strategies/${s.id}/breaches`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: what, contactIds: [screened.body.contactId], incidentIds: [incident.body.id] });
    expect(breach.status, JSON.stringify(breach.body)).toBe(201);

    const { page } = await tab(['statutory-operations-manager'], SOM);
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.govuk-summary-card', { hasText: what });
    await card.waitFor();
    const text = (await card.locator('dl').first().textContent()) ?? '';
    expect(text).toContain('Contact attached');
    expect(text).toMatch(new RegExp(`Phone on .+: ${summary.replace(/[().]/g, '\\$&')}`));
    expect(text).toContain('Incident attached');
    expect(text).toContain(`${c.reference}, by email: ${DEMANDS}`);
    expect(text).toContain('Twelve emails in an hour demanding an update.');
    for (const id of [screened.body.contactId, incident.body.id, breach.body.id, 'PERSISTENT_DEMANDS_FOR_UPDATES']) expect(text).not.toContain(id);

    // Adjusting the strategy, by keyboard: the adjustments appear above the restrictions to choose.
    const adjust = card.locator('input[value="ADJUST_STRATEGY"]');
    await adjust.focus();
    await page.keyboard.press('Space');
    expect(await adjust.isChecked()).toBe(true);
    const reminder = card.locator('.govuk-checkboxes__conditional .govuk-inset-text', { hasText: 'Reasonable adjustments' });
    await reminder.waitFor();
    expect(await reminder.textContent()).toMatch(/they need contact by phone; a restriction may not take that away/);
    await expectAccessible(page, 'inbox-breach-attachments-adjust');
  });
});
