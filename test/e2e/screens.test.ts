import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, focused, lineManager, screen, screenshot, som, tabTo, trackedTabs, type StaffPage } from './helpers.js';
import { activeStrategy, conclude, kase, person, submitted } from './seed.js';
import { inject } from 'vitest';

const tab = trackedTabs();

describe('Person', () => {
  it('shows details, additional needs, cases, the strategy in force and the timeline', async () => {
    const p = await person({ additionalNeeds: 'Uses a screen reader; send letters as accessible PDFs as well.' });
    const c = await kase(p.id);
    await caseworker.post(`/cases/${c.id}/contacts`, { channel: 'EMAIL', direction: 'INBOUND', occurredAt: new Date().toISOString(), summary: 'Asked for the investigating officer’s name.' });
    const { page } = await tab(['caseworker']);
    await screen(page, `#/people/${p.id}`, p.name);
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/Uses a screen reader/);
    expect(text).toMatch(new RegExp(c.reference));
    expect(text).toMatch(/Asked for the investigating officer’s name/);
    await expectAccessible(page, 'person');
    await screenshot(page, '04-person');
  });
});

describe('Case', () => {
  it('logs a contact and an incident, refusing to record an ended call without a warning', async () => {
    const p = await person();
    const c = await kase(p.id);
    const { page } = await tab(['caseworker']);
    await screen(page, `#/cases/${c.id}`, c.reference);
    await page.getByText('Log a contact').click();
    await page.locator('#contact-summary').fill('Called to ask for an update.');
    await page.getByRole('button', { name: 'Log contact' }).click();
    await page.locator('#flash').waitFor();
    expect(await page.locator('#flash').textContent()).toMatch(/Contact logged/);

    await page.getByText('Log an incident').click();
    // The behaviours are grouped as the policy groups them.
    expect(await page.locator('fieldset legend', { hasText: 'Unreasonable persistence' }).count()).toBe(1);
    expect(await page.locator('input[name="behaviours"]').count()).toBe(23);
    await page.getByLabel('Verbal or written abuse such as derogatory, discriminatory or defamatory remarks.').check();
    await page.getByLabel('Harassment, intimidation or threats of harm to people or property.').check();
    await page.locator('#incident-description').fill('Shouted and threatened to come to the office.');
    await page.getByLabel('I ended the call').check();
    await page.getByRole('button', { name: 'Log incident' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summaryWait(summary);
    expect(await summary.textContent()).toMatch(/only after telling them their behaviour is not acceptable/);
    await expectAccessible(page, 'case-incident-error');
    await page.getByLabel('I told them their behaviour was not acceptable, and why').check();
    await page.getByRole('button', { name: 'Log incident' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toMatch(/Incident logged.*line manager/);
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/Awaiting line manager/);
    // A caseworker may not escalate.
    expect(await page.getByRole('button', { name: 'Escalate' }).count()).toBe(0);
    await expectAccessible(page, 'case');
    await screenshot(page, '05-case');

    const lm = await tab(['line-manager']);
    await screen(lm.page, `#/cases/${c.id}`, c.reference);
    await lm.page.getByLabel('Yes').first().check();
    await lm.page.locator('.app-decision-form textarea').fill('Spoke to the team; welfare support offered.');
    await lm.page.getByRole('button', { name: 'Escalate' }).click();
    await lm.page.locator('#flash').waitFor();
    expect(await lm.page.locator('main').textContent()).toMatch(/Awaiting Head of Assurance/);
  });
});

async function summaryWait(l: ReturnType<StaffPage['page']['locator']>) {
  await l.waitFor();
}

describe('Strategy wizard', () => {
  it('is completed with the keyboard alone: factors, restrictions, reason and review, check answers with the letter, submit', async () => {
    const p = await person();
    const open = await kase(p.id, 'Complaint about call handling');
    const done = await kase(p.id, 'Complaint about an arrest');
    await conclude(done.id);
    const { page } = await tab(['caseworker']);
    await screen(page, `#/strategies/new?person=${p.id}`, 'Propose a contact strategy');
    await expectAccessible(page, 'strategy-task-list');
    await screenshot(page, '06-strategy-task-list');

    // Factors: every question answered Yes with the arrow keys' first choice.
    await tabTo(page, 'a.govuk-task-list__link');
    await page.keyboard.press('Enter');
    await page.locator('#factors-form').waitFor();
    for (let i = 0; i < 7; i++) {
      await tabTo(page, `input[name="${['additionalNeeds', 'faqSignposted', 'outcomeExplained', 'rightOfReviewAdvised', 'correctlySignposted', 'informedBehaviourUnacceptable', 'freshMattersAccessible'][i]}"]`);
      await page.keyboard.press('Space');
    }
    // No warning letter was sent: the notes say how the person was told (the warnings safeguard).
    await tabTo(page, '#factor-informedBehaviourUnacceptable-notes');
    await page.keyboard.type('Told on the telephone on 3 March.');
    await expectAccessible(page, 'strategy-factors');
    await tabTo(page, '#save-factors');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Propose a contact strategy/ }).waitFor();

    // Restrictions: refuse the concluded matter, limit calls.
    await tabTo(page, 'a.govuk-task-list__link[href*="restrictions"]');
    await page.keyboard.press('Enter');
    await page.locator('#restrictions-form').waitFor();
    await tabTo(page, 'input[value="REFUSE_SAME_MATTER"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="refuseCases"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[value="TELEPHONE_LIMIT"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="maxCalls"]');
    await page.keyboard.type('2');
    await tabTo(page, 'input[name="maxMinutes"]');
    await page.keyboard.type('10');
    await expectAccessible(page, 'strategy-restrictions');
    await screenshot(page, '07-strategy-restrictions');
    await tabTo(page, '#save-restrictions');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Propose a contact strategy/ }).waitFor();

    // Reason, purpose and review date.
    await tabTo(page, 'a.govuk-task-list__link[href*="reason"]');
    await page.keyboard.press('Enter');
    await page.locator('#reason-form').waitFor();
    await tabTo(page, '#reason');
    await page.keyboard.type('Daily calls demanding the concluded complaint is re-opened.');
    await tabTo(page, '#purpose');
    await page.keyboard.type('Keep contact manageable while fresh matters stay open to them.');
    const review = new Date(Date.now() + 90 * 86_400_000);
    await tabTo(page, 'input[name="reviewDate-day"]');
    await page.keyboard.type(String(review.getUTCDate()));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(review.getUTCMonth() + 1));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(review.getUTCFullYear()));
    await expectAccessible(page, 'strategy-reason');
    await tabTo(page, '#save-reason');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Propose a contact strategy/ }).waitFor();

    // Check your answers: the draft is saved and the letter previewed.
    await tabTo(page, 'a.govuk-task-list__link[href*="check"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Check your answers/ }).waitFor();
    await page.locator('#letter-preview').waitFor();
    const letter = await page.locator('.app-letter').textContent();
    expect(letter).toMatch(new RegExp(done.reference));
    expect(letter).toMatch(/right/i);
    await expectAccessible(page, 'strategy-check-answers');
    await screenshot(page, '08-strategy-check-answers');
    await tabTo(page, '#submit-strategy');
    await page.keyboard.press('Enter');
    await page.locator('#flash').waitFor();
    expect(await page.locator('main').textContent()).toMatch(/Awaiting decision/);
    await expect.poll(() => focused(page)).toBe('div#flash');
    void open;
  });
});

describe('Manager inbox', () => {
  it('lets a Statutory Operations Manager approve, enforces four-eyes, and shows a caseworker no decision buttons', async () => {
    const p = await person();
    const c = await kase(p.id);
    const byCaseworker = await submitted(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    // Proposed by the very SOM who will look at the inbox: four-eyes.
    const bySom = await submitted(p.id, [c.id], [{ type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }], som);

    const cw = await tab(['caseworker']);
    await screen(cw.page, '#/inbox', 'Manager inbox');
    expect(await cw.page.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    expect(await cw.page.locator('input[name="decision"]').count()).toBe(0);
    await expectAccessible(cw.page, 'inbox-caseworker');

    const mgr = await tab(['statutory-operations-manager'], { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' });
    await screen(mgr.page, '#/inbox', 'Manager inbox');
    const mine = mgr.page.locator('.govuk-summary-card', { has: mgr.page.locator(`a[href="#/strategies/${bySom.id}"]`) });
    expect(await mine.textContent()).toMatch(/You proposed this strategy, so another Statutory Operations Manager must decide/);
    expect(await mine.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    await expectAccessible(mgr.page, 'inbox');
    await screenshot(mgr.page, '09-manager-inbox');
    const theirs = mgr.page.locator('.govuk-summary-card', { has: mgr.page.locator(`a[href="#/strategies/${byCaseworker.id}"]`) });
    await theirs.getByLabel('Approve').check();
    await theirs.getByLabel('Comments').fill('Proportionate to the calls logged.');
    await theirs.getByRole('button', { name: 'Record decision' }).click();
    await mgr.page.locator('#flash').waitFor();
    expect(await mgr.page.locator('#flash').textContent()).toMatch(/Strategy approved/);
    const s = (await caseworker.get(`/strategies/${byCaseworker.id}`)).body;
    expect(['APPROVED', 'ACTIVE']).toContain(s.status);
    expect(s.decidedBy.sub).toBe('som-1');
  });
});

describe('Register', () => {
  it('lists strategies by status with review dates, highlights the overdue and filters', async () => {
    const api = inject('apiUrl');
    const p = await person({ name: `Overdue ${Date.now()}` });
    const c = await kase(p.id);
    // Made eight months ago with a six-month review: its review is now overdue.
    const past = new Date(Date.now() - 240 * 86_400_000).toISOString();
    await fetch(`${api}/local/clock`, { method: 'POST', body: JSON.stringify({ now: past }) });
    try {
      await activeStrategy(p.id, [c.id], [{ type: 'NO_TELEPHONE' }], new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10));
    } finally {
      await fetch(`${api}/local/clock`, { method: 'POST', body: JSON.stringify({ now: new Date().toISOString() }) });
    }
    const { page } = await tab(['auditor']);
    await screen(page, '#/register', 'Register of contact strategies');
    const row = page.locator('tr', { hasText: p.name });
    expect(await row.getAttribute('class')).toMatch(/app-overdue/);
    expect(await row.textContent()).toMatch(/Overdue/);
    await expectAccessible(page, 'register');
    await screenshot(page, '10-register');
    await page.getByLabel('Overdue only').check();
    await page.getByLabel('Name contains').fill(p.name);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toMatch(/overdue=yes/);
  });
});

describe('Governance', () => {
  it('shows the figures with charts and tables', async () => {
    const { page } = await tab(['auditor']);
    await screen(page, '#/governance', 'Governance');
    await page.getByRole('heading', { name: 'Contact strategies in force' }).waitFor();
    expect(await page.locator('svg.app-chart').count()).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).toMatch(/Warnings, incidents and police referrals/);
    await expectAccessible(page, 'governance');
    await screenshot(page, '11-governance');
    void lineManager;
  });
});
