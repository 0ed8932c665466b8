import { afterAll, describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';
import { apiUrl, outboxEmail } from '../integration/client.js';
import { caseworker, expectAccessible, expectWordsOnly, flashed, focused, screen, screenshot, som, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person, submitted } from './seed.js';

/**
 * The Statutory Operations Manager's inbox (policy 1.3, 1.5, 1.6): a contact the
 * screening flagged becomes a breach report with the contact (and an incident)
 * attached, then a decision; a strategy nobody was told of is put in force by
 * recording how the person was told; a rejected strategy is copied into a new draft.
 * Each journey by keyboard, with axe, in words only.
 */
const tab = trackedTabs();
const SOM = { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' };
const asSom = () => tab(['statutory-operations-manager'], SOM);

/** `POST /local/faults`: makes email and/or post fail on the local stack (cleared after each use). */
const faults = (body: { email?: boolean; post?: boolean }) => fetch(`${apiUrl()}/local/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
afterAll(async () => {
  await faults({});
});

const words = (code: string) => BEHAVIOURS.find((b) => b.code === code)?.wording as string;

async function incident(caseId: string, description: string, behaviours = ['PERSISTENT_DEMANDS_FOR_UPDATES']) {
  const res = await caseworker.post(`/cases/${caseId}/incidents`, { occurredAt: new Date(Date.now() - 86_400_000).toISOString(), channel: 'PHONE', behaviours, description, callTerminated: false, warningGiven: false });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

describe('Potential breach from screening', () => {
  it('opens a breach report with the screened contact attached, attaches an incident, and the SOM decides, by keyboard', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'NO_TELEPHONE' }]);
    const inc = await incident(c.id, `Called nine times demanding an update (${s.id.slice(-6)}).`);
    // A call from them is screened: telephone is not allowed, so it is flagged.
    const screened = await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: p.id, caseId: c.id });
    expect(screened.status, JSON.stringify(screened.body)).toBe(200);
    expect(screened.body).toMatchObject({ decision: 'CHANNEL_BLOCKED', potentialBreach: true });
    const contactId = screened.body.contactId as string;

    const { page } = await asSom();
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.app-potential-breach', { hasText: p.name });
    const text = await card.textContent();
    expect(text).toContain(c.reference);
    expect(text).toMatch(/Channel not allowed/);
    await expectWordsOnly(page);
    await expectAccessible(page, 'inbox-potential-breach');
    await screenshot(page, '14-manager-inbox-potential-breach');

    // One action: report it. The keyboard reaches the card's button and follows it.
    await tabTo(page, `.app-potential-breach a[href*="contact=${contactId}"]`, 400);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toMatch(/Report a breach/);
    expect(await page.locator('main .govuk-inset-text').textContent()).toMatch(/Attached: the screened contact, phone on .+ \(channel not allowed\)/);
    const box = page.getByLabel(new RegExp(`${c.reference}, by phone: ${words('PERSISTENT_DEMANDS_FOR_UPDATES').slice(0, 40)}`));
    expect(await box.count()).toBe(1);
    await expectWordsOnly(page);
    await expectAccessible(page, 'breach-report-attachments');
    await tabTo(page, '#breach-description');
    const what = `Rang the office although telephone contact is not allowed (${s.id.slice(-6)}).`;
    await page.keyboard.type(what);
    await tabTo(page, '#attach-incident');
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await tabTo(page, '#breach-form button[type="submit"]');
    await page.keyboard.press('Enter');
    // Back to the inbox: the contact is reported, so it is no longer a potential breach; the breach awaits a decision.
    await flashed(page, /Breach reported/);
    expect(await page.locator('h1').textContent()).toMatch(/Manager inbox/);
    expect(await page.locator(`.app-potential-breach a[href*="contact=${contactId}"]`).count()).toBe(0);
    const breaches = (await caseworker.get(`/strategies/${s.id}/breaches`)).body.items as { id: string; contactIds: string[]; incidentIds: string[]; description: string }[];
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ description: what, contactIds: [contactId], incidentIds: [inc.id] });

    // Whoever reported it may not decide it: their inbox says so instead of offering the form.
    const mine = page.locator('.govuk-summary-card', { hasText: what });
    await mine.waitFor();
    expect(await mine.locator('form.breach-form').count()).toBe(0);
    expect(await mine.textContent()).toMatch(/You reported this breach, so another Statutory Operations Manager must decide on it/);

    // The decision, by another manager from their inbox, by keyboard: no further action, with notes.
    const { page: other } = await tab(['statutory-operations-manager'], { sub: 'som-inbox-2', name: 'Sol Second', email: 'sol.second@opcc.localhost' });
    await screen(other, '#/inbox', 'Manager inbox');
    const decision = other.locator('.govuk-summary-card', { hasText: what });
    await decision.waitFor();
    const nfa = await decision.locator('input[value="NO_FURTHER_ACTION"]').getAttribute('id');
    await tabTo(other, `#${nfa}`, 600);
    await other.keyboard.press('Space');
    await tabTo(other, `form.breach-form:has(#${nfa}) textarea[name="notes"]`);
    await other.keyboard.type('One call, answered by a colleague who reminded them to write. No further action.');
    await tabTo(other, `form.breach-form:has(#${nfa}) button[type="submit"]`);
    await other.keyboard.press('Enter');
    await flashed(other, /Breach decision recorded/);
    await expect.poll(() => focused(other)).toBe('div#flash');
    const decided = (await caseworker.get(`/breaches/${breaches[0]!.id}`)).body;
    expect(decided.status).toBe('DECIDED');
    expect(decided.decision.actions).toEqual(['NO_FURTHER_ACTION']);
  });
});

describe('A strategy nobody was told of', () => {
  it('is listed as not in force, and recording how the person was told puts it in force, by keyboard', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await submitted(p.id, [c.id], [{ type: 'NO_TELEPHONE' }]);
    // The SOM was asked (that email went out) before delivery starts failing.
    await expect.poll(async () => (await outboxEmail()).some((e) => e.subject === `Decision needed: contact strategy for ${p.name}`), { timeout: 30_000, interval: 250 }).toBe(true);
    expect((await faults({ email: true, post: true })).status).toBe(204);
    try {
      const approved = await som.post(`/strategies/${s.id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      // Every letter failed, in the background: the strategy ends NOT_NOTIFIED, and the SOM's alert is recorded (sent or failed).
      await expect
        .poll(async () => {
          const b = (await caseworker.get(`/strategies/${s.id}`)).body as { status: string; history: { event: string }[] };
          return b.status === 'NOT_NOTIFIED' && b.history.some((h) => h.event.startsWith('NOT_NOTIFIED_SOM'));
        }, { timeout: 60_000, interval: 250 })
        .toBe(true);
    } finally {
      expect((await faults({})).status).toBe(204);
    }

    const { page } = await asSom();
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.app-not-notified', { has: page.locator(`a[href="#/strategies/${s.id}"]`) });
    const text = await card.textContent();
    expect(text).toContain(`${p.name}: no letter reached them`);
    expect(text).toMatch(/No telephone contact/);
    expect(text).toMatch(/Email: could not be sent/);
    expect(text).toMatch(/Post: could not be sent/);
    await expectWordsOnly(page);
    await expectAccessible(page, 'inbox-not-notified');
    await screenshot(page, '15-manager-inbox-not-notified');

    // How: by hand (the third choice); when: now, as the form offers; notes.
    await tabTo(page, `#how-${s.id}`, 600);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('input[value="BY_HAND"]').isChecked()).toBe(true);
    await tabTo(page, `#told-notes-${s.id}`);
    await page.keyboard.type('Handed the letter to them at the front desk; they signed for it.');
    await tabTo(page, `.notified-form:has(#told-notes-${s.id}) button[type="submit"]`);
    await page.keyboard.press('Enter');
    await flashed(page, /Strategy in force/);
    expect(await page.locator(`.app-not-notified a[href="#/strategies/${s.id}"]`).count()).toBe(0);
    const after = (await caseworker.get(`/strategies/${s.id}`)).body;
    expect(after.status).toBe('ACTIVE');
    expect(after.notified).toMatchObject({ how: 'BY_HAND', notes: 'Handed the letter to them at the front desk; they signed for it.' });
  });
});

describe('Evidence and copying', () => {
  it('shows the evidence behind a proposal; the SOM rejects it and copies it into a new draft, by keyboard', async () => {
    const p = await person();
    const c = await kase(p.id);
    const what = `Shouted abuse at the caseworker during a call (${Date.now()}).`;
    await incident(c.id, what, ['VERBAL_OR_WRITTEN_ABUSE']);
    const s = await submitted(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);

    const { page } = await asSom();
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.govuk-summary-card', { has: page.locator(`a[href="#/strategies/${s.id}"]`) });
    const text = await card.textContent();
    // The evidence: the purpose, the incidents on their cases in words, the factors answered.
    expect(text).toMatch(/PurposeTo let staff work safely/);
    expect(text).toContain(words('VERBAL_OR_WRITTEN_ABUSE'));
    expect(text).toContain(what);
    expect(text).toContain(c.reference);
    expect(text).toMatch(/Has the person been told that their behaviour is unacceptable, and why\?Yes\. Done\./);
    await expectWordsOnly(page);
    await expectAccessible(page, 'inbox-evidence');

    await card.getByLabel('Reject').check();
    await card.getByLabel('Comments').fill('Record calls only after a warning letter has gone first.');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await flashed(page, /Strategy rejected/);
    expect((await caseworker.get(`/strategies/${s.id}`)).body.status).toBe('REJECTED');

    // On the rejected strategy's page, the keyboard copies it into a new draft.
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await page.locator('main .govuk-tag').first().textContent()).toBe('Rejected');
    await expectAccessible(page, 'strategy-rejected-copy');
    await tabTo(page, '#copy-strategy', 200);
    await page.keyboard.press('Enter');
    await flashed(page, /Copied into a new draft/);
    expect(await page.locator('h1').textContent()).toMatch(/Propose a contact strategy/);
    const mine = (await caseworker.get(`/service-users/${p.id}/strategies`)).body.items as { id: string; status: string; restrictions: unknown[]; purpose: string }[];
    const draft = mine.find((x) => x.status === 'DRAFT');
    expect(draft?.id).not.toBe(s.id);
    expect(draft).toMatchObject({ restrictions: [{ type: 'RECORD_CALLS' }], purpose: expect.stringMatching(/To let staff work safely/) });
    expect(page.url()).toContain(`#/strategies/${draft!.id}`);
    await expectWordsOnly(page);
    await expectAccessible(page, 'strategy-copied-draft');
  });
});
