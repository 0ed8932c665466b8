import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { caseworker, expectAccessible, focused, headOfAssurance, lineManager, screen, som, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, inMonths, kase, person, submitted } from './seed.js';

/**
 * The decision forms of the Statutory Operations Manager (review, breach decision)
 * and the Head of Assurance (police referral), used as they would use them, with
 * four-eyes and role checks. Every tab must end with no console error.
 */
const tab = trackedTabs();

const SOM = { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' };
const asSom = () => tab(['statutory-operations-manager'], SOM);

/** `YYYY-MM-DD` → `12 March 2027`, as the console shows dates. */
const long = (d: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(`${d}T12:00:00Z`));

function inDays(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

async function fillDate(scope: Locator, name: string, date: string) {
  const [y, m, d] = date.split('-');
  await scope.locator(`input[name="${name}-day"]`).fill(String(Number(d)));
  await scope.locator(`input[name="${name}-month"]`).fill(String(Number(m)));
  await scope.locator(`input[name="${name}-year"]`).fill(y as string);
}

const duplicateIds = (page: Page) =>
  page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });

async function flashed(page: Page, text: RegExp) {
  await page.locator('#flash').waitFor();
  await expect.poll(() => page.locator('#flash').textContent()).toMatch(text);
}

/** Polls the strategy until a letter of that kind is recorded; returns the strategy. */
async function letterRecorded(strategyId: string, kind: string) {
  await expect
    .poll(async () => ((await caseworker.get(`/strategies/${strategyId}`)).body.letters as { kind: string }[]).filter((l) => l.kind === kind).length, { timeout: 30_000, interval: 250 })
    .toBeGreaterThan(0);
  return (await caseworker.get(`/strategies/${strategyId}`)).body as { status: string; reviewDate?: string; restrictions: { type: string }[]; letters: { kind: string; channel: string }[] };
}

describe('Review form', () => {
  it('extends a strategy whose review is due from the manager inbox, with two reviews waiting', async () => {
    const p = await person();
    const c = await kase(p.id);
    // Two reviews due within the fortnight: the inbox shows a review form for each.
    const q = await person();
    await activeStrategy(q.id, [(await kase(q.id)).id], [{ type: 'NO_TELEPHONE' }], inDays(5));
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }], inDays(7));
    const { page } = await asSom();
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.govuk-summary-card', { has: page.locator(`a[href="#/strategies/${s.id}"]`) });
    expect(await card.textContent()).toMatch(new RegExp(`review due ${long(inDays(7))}`));
    // Each form's fields have their own ids, so every label names its own field.
    expect(await duplicateIds(page)).toEqual([]);
    await card.getByLabel('Extend: the strategy continues unchanged').check();
    const next = inMonths(6);
    await fillDate(card, 'extendDate', next);
    await card.getByLabel('Notes').fill('Calls are down; keep the strategy as it is for six more months.');
    await expectAccessible(page, 'inbox-review-extend');
    await card.getByRole('button', { name: 'Record review' }).click();
    await flashed(page, /Review recorded/);
    // Reviewed: no longer due, so its card has gone.
    expect(await page.locator(`.govuk-summary-card a[href="#/strategies/${s.id}"]`).count()).toBe(0);
    const after = await letterRecorded(s.id, 'EXTENDED');
    expect(after.status).toBe('ACTIVE');
    expect(after.reviewDate).toBe(next);
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await page.locator('main').textContent()).toMatch(new RegExp(`Review date${long(next)}`));
  });
});

describe('Review form on the strategy page', () => {
  it('varies the restrictions and then ends the strategy; the caseworker sees no review form', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);

    const cw = await tab(['caseworker']);
    await screen(cw.page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await cw.page.getByRole('button', { name: 'Record review' }).count()).toBe(0);
    expect(await cw.page.locator('input[name="outcome"]').count()).toBe(0);
    await expectAccessible(cw.page, 'strategy-active-caseworker');

    const { page } = await asSom();
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    const form = page.locator('form.review-form');
    await form.getByLabel('Vary the restrictions').check();
    await form.getByLabel('No telephone contact', { exact: true }).check();
    const vary = form.locator(`#conditional-${await form.getByLabel('Vary the restrictions').getAttribute('id')}`);
    await form.getByLabel('Notes').fill('Abusive calls continued: no more telephone contact.');
    // No next review date: the error is shown on the date the manager can see (Vary's), not Extend's hidden one.
    await form.getByRole('button', { name: 'Record review' }).click();
    await form.locator('.govuk-error-summary').waitFor();
    expect(await vary.locator('.govuk-error-message').textContent()).toMatch(/Next review date is required to vary a strategy/);
    expect(await form.locator('.govuk-error-message').count()).toBe(1);
    await form.locator('.govuk-error-summary a').first().click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('varyDate-day');
    await expectAccessible(page, 'strategy-review-vary-error');
    const next = inMonths(3);
    await fillDate(vary, 'varyDate', next);
    await expectAccessible(page, 'strategy-review-vary');
    await form.getByRole('button', { name: 'Record review' }).click();
    await flashed(page, /Review recorded/);
    const main = await page.locator('main').textContent();
    expect(main).toMatch(/No telephone contact/);
    expect(main).toMatch(/Telephone calls are recorded/);
    expect(main).toMatch(new RegExp(`Review date${long(next)}`));
    const varied = await letterRecorded(s.id, 'VARIED');
    expect(varied.status).toBe('ACTIVE');
    expect(varied.reviewDate).toBe(next);
    expect(varied.restrictions.map((r) => r.type).sort()).toEqual(['NO_TELEPHONE', 'RECORD_CALLS']);

    // End it, with the keyboard alone.
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    await tabTo(page, 'form.review-form input[name="outcome"]');
    // Arrow keys move through the radio group: Extend → Vary → End.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('form.review-form input[value="END"]').isChecked()).toBe(true);
    await tabTo(page, 'form.review-form textarea[name="notes"]');
    await page.keyboard.type('No contact of concern for three months: restrictions lifted.');
    await tabTo(page, 'form.review-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await flashed(page, /Review recorded/);
    await expect.poll(() => focused(page)).toBe('div#flash');
    expect(await page.locator('main .govuk-tag').first().textContent()).toBe('Ended');
    expect(await page.locator('form.review-form').count()).toBe(0);
    await expectAccessible(page, 'strategy-ended');
    const ended = await letterRecorded(s.id, 'ENDED');
    expect(ended.status).toBe('ENDED');
  });
});

describe('Breaches', () => {
  it('a caseworker reports a breach; the SOM decides legal advice and a police referral, records the advice when it comes back, then adjusts the strategy', async () => {
    const p = await person();
    const c = await kase(p.id);
    const s = await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    const what = `Called six times in one morning about the concluded complaint (${s.id.slice(-6)}).`;

    const cw = await tab(['caseworker']);
    await screen(cw.page, `#/strategies/${s.id}`, 'Contact strategy');
    await cw.page.getByRole('button', { name: 'Report a breach' }).click();
    await cw.page.getByRole('heading', { level: 1, name: /Report a breach/ }).waitFor();
    await cw.page.getByLabel('What happened?').fill(what);
    await expectAccessible(cw.page, 'breach-report');
    await cw.page.getByRole('button', { name: 'Report breach' }).click();
    await flashed(cw.page, /Breach reported/);
    expect(await cw.page.locator('h1').textContent()).toMatch(/Contact strategy/);
    const row = cw.page.locator('tr', { hasText: what });
    expect(await row.textContent()).toMatch(/Reported/);
    await expectAccessible(cw.page, 'strategy-breach-reported');
    const reported = (await caseworker.get(`/strategies/${s.id}/breaches`)).body.items as { id: string; status: string; description: string }[];
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ status: 'REPORTED', description: what });
    const breachId = reported[0]!.id;

    // The caseworker sees the breach waiting in the inbox, but no decision form.
    await screen(cw.page, '#/inbox', 'Manager inbox');
    const cwCard = cw.page.locator('.govuk-summary-card', { hasText: what });
    await cwCard.waitFor();
    expect(await cw.page.locator('form.breach-form').count()).toBe(0);
    expect(await cw.page.locator('form.review-form').count()).toBe(0);
    expect(await cwCard.getByRole('button', { name: 'Record decision' }).count()).toBe(0);

    const { page } = await asSom();
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.govuk-summary-card', { hasText: what });
    await card.getByLabel('Seek legal or professional advice').check();
    await card.getByLabel('Report the matter to the police').check();
    await card.getByLabel('Police reference').fill('HP-2026-0042');
    await card.getByLabel('Notes').fill('Persistent breach: take advice and report it.');
    await expectAccessible(page, 'inbox-breach-decision');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await flashed(page, /Breach decision recorded/);
    const sought = (await caseworker.get(`/breaches/${breachId}`)).body;
    expect(sought.status).toBe('AWAITING_LEGAL_ADVICE');
    expect([...sought.decision.actions].sort()).toEqual(['LEGAL_ADVICE', 'POLICE_REFERRAL']);
    expect(sought.decision.policeReference).toBe('HP-2026-0042');
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await page.locator('tr', { hasText: what }).textContent()).toMatch(/Awaiting legal advice/);

    // The advice comes back: the breach waits in the inbox until its outcome is recorded.
    await screen(page, '#/inbox', 'Manager inbox');
    const advice = page.locator('#legal-advice ~ .govuk-summary-card', { hasText: what });
    await advice.getByLabel('What the advice said, in brief').fill('The solicitor sees no need for more.');
    await advice.getByLabel('No further action').check();
    await advice.getByLabel('Notes').fill('Following the advice.');
    await expectAccessible(page, 'inbox-legal-advice');
    await advice.getByRole('button', { name: 'Record the advice' }).click();
    await flashed(page, /Legal advice recorded/);
    expect(await page.locator('.govuk-summary-card', { hasText: what }).count()).toBe(0);
    const decided = (await caseworker.get(`/breaches/${breachId}`)).body;
    expect(decided).toMatchObject({ status: 'DECIDED', legalAdvice: { outcome: 'NO_FURTHER_ACTION', summary: 'The solicitor sees no need for more.' } });
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await page.locator('tr', { hasText: what }).textContent()).toMatch(/Decided/);

    // A second breach: adjust the strategy to written contact only.
    const again = `Called again the next day (${s.id.slice(-6)}).`;
    const second = await caseworker.post(`/strategies/${s.id}/breaches`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: again });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await screen(page, '#/inbox', 'Manager inbox');
    const card2 = page.locator('.govuk-summary-card', { hasText: again });
    await card2.getByLabel('Adjust the strategy to further restrict contact').check();
    await card2.getByLabel('Record or monitor telephone calls').uncheck();
    await card2.getByLabel('Written contact only').check();
    await card2.getByLabel('Notes').fill('Calls keep coming: written contact only from now on.');
    await expectAccessible(page, 'inbox-breach-adjust');
    await card2.getByRole('button', { name: 'Record decision' }).click();
    await flashed(page, /Breach decision recorded/);
    const adjusted = (await caseworker.get(`/breaches/${second.body.id}`)).body;
    expect(adjusted.status).toBe('DECIDED');
    expect(adjusted.decision.actions).toEqual(['ADJUST_STRATEGY']);
    const after = await letterRecorded(s.id, 'VARIED');
    expect(after.restrictions).toEqual([{ type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }]);
    await screen(page, `#/strategies/${s.id}`, 'Contact strategy');
    expect(await page.locator('main').textContent()).toMatch(/Written contact only, by email or post/);
  });
});

describe('Police referral', () => {
  it('the Head of Assurance records the report to the police, by keyboard, for an incident the line manager escalated', async () => {
    const p = await person();
    const c = await kase(p.id);
    const inc = await caseworker.post(`/cases/${c.id}/incidents`, {
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      channel: 'PHONE',
      behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
      description: 'Threatened to wait outside the office for the caseworker.',
      callTerminated: false,
      warningGiven: false,
    });
    expect(inc.status, JSON.stringify(inc.body)).toBe(201);
    expect(inc.body.escalation.status).toBe('AWAITING_LINE_MANAGER');
    const esc = await lineManager.post(`/incidents/${inc.body.id}/escalate`, { welfareSupportOffered: true, notes: 'Welfare support offered; escalating.' });
    expect(esc.status, JSON.stringify(esc.body)).toBe(200);

    // A caseworker sees it awaiting the Head of Assurance, with no referral form.
    const cw = await tab(['caseworker']);
    await screen(cw.page, `#/cases/${c.id}`, c.reference);
    expect(await cw.page.locator('main').textContent()).toMatch(/Awaiting Head of Assurance/);
    expect(await cw.page.getByRole('button', { name: 'Record police referral' }).count()).toBe(0);

    const { page } = await tab(['head-of-assurance']);
    await screen(page, `#/cases/${c.id}`, c.reference);
    expect(await page.locator('main').textContent()).toMatch(/Awaiting Head of Assurance/);
    await expectAccessible(page, 'case-police-referral');
    await tabTo(page, 'input[name="policeReference"]', 120);
    await page.keyboard.type('HP-2026-4471');
    await tabTo(page, '.app-decision-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await flashed(page, /Police referral recorded/);
    expect(await page.locator('main').textContent()).toMatch(/Reported to police/);
    expect(await page.getByRole('button', { name: 'Record police referral' }).count()).toBe(0);
    await expectAccessible(page, 'case-reported-to-police');
    const after = (await headOfAssurance.get(`/incidents/${inc.body.id}`)).body;
    expect(after.escalation.status).toBe('REPORTED_TO_POLICE');
    expect(JSON.stringify(after.escalation)).toMatch(/HP-2026-4471/);
  });
});

describe('Four-eyes', () => {
  it('shows the SOM who proposed a strategy no decision form on it, on the strategy page or in the inbox', async () => {
    const p = await person();
    const c = await kase(p.id);
    const mine = await submitted(p.id, [c.id], [{ type: 'RECORD_CALLS' }], som);
    const { page } = await asSom();
    await screen(page, `#/strategies/${mine.id}`, 'Contact strategy');
    expect(await page.locator('main').textContent()).toMatch(/You proposed this strategy, so another Statutory Operations Manager must decide on it/);
    expect(await page.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    expect(await page.locator('input[name="decision"]').count()).toBe(0);
    await expectAccessible(page, 'strategy-own-proposal');
    await screen(page, '#/inbox', 'Manager inbox');
    const card = page.locator('.govuk-summary-card', { has: page.locator(`a[href="#/strategies/${mine.id}"]`) });
    expect(await card.locator('input[name="decision"]').count()).toBe(0);
    // The API agrees.
    const refused = await som.post(`/strategies/${mine.id}/decision`, { decision: 'APPROVE', comments: 'Mine.' });
    expect(refused.status).toBe(403);
  });
});
