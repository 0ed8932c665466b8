import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../lib/domain/behaviours.js';
import { caseworker, expectAccessible, expectWordsOnly, flashed, focused, headOfAssurance, lineManager, screen, screenshot, tabTo, trackedTabs } from './helpers.js';
import { kase, person } from './seed.js';

/**
 * Policy 1.3, the incident queues: the line manager offers welfare support and
 * escalates to the Head of Assurance or closes with reasons; the Head of Assurance
 * reports to the police (reference and date) or closes with reasons. Each journey is
 * done with the keyboard alone, on a screen with no serious accessibility finding,
 * and the incident is told in words: no record ids, no codes.
 */
const tab = trackedTabs();

const words = (code: string) => BEHAVIOURS.find((b) => b.code === code)?.wording as string;

/** An incident that goes to the line manager (policy 1.3: harassment, intimidation or threats). */
async function threatOnTheCase(description: string) {
  const p = await person();
  const c = await kase(p.id);
  const res = await caseworker.post(`/cases/${c.id}/incidents`, {
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    channel: 'PHONE',
    behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS', 'VERBAL_OR_WRITTEN_ABUSE'],
    description,
    callTerminated: false,
    warningGiven: false,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.escalation.status).toBe('AWAITING_LINE_MANAGER');
  return { p, c, incident: res.body as { id: string } };
}

describe('Line manager queue', () => {
  it('shows the incident in words, asks about welfare, and closes it with reasons, by keyboard', async () => {
    const what = `Said they would “find out where you live” (${Date.now()}).`;
    const { p, c, incident } = await threatOnTheCase(what);

    // The caseworker has no queue in the menu, and sees no form there.
    const cw = await tab(['caseworker']);
    await screen(cw.page, '#/desk', 'Screening desk');
    expect(await cw.page.locator('#navigation a', { hasText: 'Incident queue' }).count()).toBe(0);
    await screen(cw.page, '#/queues', 'Incident queue');
    expect(await cw.page.locator('form.line-manager-form').count()).toBe(0);

    const { page } = await tab(['line-manager'], { sub: 'lm-1', name: 'Lee Manager' });
    await screen(page, '#/queues', 'Incident queue');
    expect(await page.locator('#navigation a', { hasText: 'Incident queue' }).getAttribute('aria-current')).toBe('page');
    const card = page.locator('.app-queue-card', { hasText: what });
    const text = await card.textContent();
    expect(text).toContain(p.name);
    expect(text).toContain(c.reference);
    expect(text).toContain(words('HARASSMENT_INTIMIDATION_OR_THREATS'));
    expect(text).toContain(words('VERBAL_OR_WRITTEN_ABUSE'));
    expect(text).toMatch(/Have you offered welfare support to the staff affected\?/);
    await expectWordsOnly(page);
    await expectAccessible(page, 'queue-line-manager');
    await screenshot(page, '12-incident-queue');

    // Nothing answered: every missing answer is named at once, and nothing is written.
    await card.getByRole('button', { name: 'Record decision' }).click();
    await card.locator('.govuk-error-summary').waitFor();
    const summary = await card.locator('.govuk-error-summary').textContent();
    expect(summary).toMatch(/Say whether welfare support was offered/);
    expect(summary).toMatch(/Choose escalate or close/);
    expect(summary).toMatch(/Give your reasons/);
    expect((await lineManager.get(`/incidents/${incident.id}`)).body.escalation.status).toBe('AWAITING_LINE_MANAGER');

    // The keyboard: welfare (Yes), then close (the second choice), reasons, submit.
    await tabTo(page, `#welfare-${incident.id}`, 400);
    await page.keyboard.press('Space');
    await tabTo(page, `#outcome-${incident.id}`);
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('input[name="outcome"][value="close"]').isChecked()).toBe(true);
    await tabTo(page, `#notes-${incident.id}`);
    await page.keyboard.type('Spoke to the caseworker, who is supported; the caller apologised in writing. No further action.');
    await tabTo(page, `.line-manager-form:has(#notes-${incident.id}) button[type="submit"]`);
    // GOV.UK buttons ignore a second press within a second of the first (their
    // double-click guard); on a quick machine the keyboard gets here sooner than that.
    await page.waitForTimeout(1100);
    await page.keyboard.press('Enter');
    await flashed(page, /Incident closed/);
    await expect.poll(() => focused(page)).toBe('div#flash');
    expect(await page.locator('.app-queue-card', { hasText: what }).count()).toBe(0);

    const after = (await lineManager.get(`/incidents/${incident.id}`)).body;
    expect(after.escalation.status).toBe('CLOSED');
    expect(after.escalation.lineManager).toMatchObject({ welfareSupportOffered: true, escalate: false });
    expect(after.escalation.lineManager.notes).toMatch(/apologised in writing/);

    // The case shows the incident closed, in words.
    await screen(page, `#/cases/${c.id}`, c.reference);
    expect(await page.locator('.govuk-summary-card', { hasText: what }).textContent()).toMatch(/EscalationClosed/);
  });
});

describe('Head of Assurance queue', () => {
  it('shows what the line manager said and records the report to the police with its reference and date, by keyboard', async () => {
    const what = `Threatened to damage a member of staff's car (${Date.now()}).`;
    const { p, c, incident } = await threatOnTheCase(what);
    const esc = await lineManager.post(`/incidents/${incident.id}/escalate`, { welfareSupportOffered: true, notes: 'Welfare support offered to the caseworker; this needs reporting.' });
    expect(esc.status, JSON.stringify(esc.body)).toBe(200);

    const { page } = await tab(['head-of-assurance'], { sub: 'hoa-1', name: 'Harper Assurance' });
    await screen(page, '#/queues', 'Incident queue');
    // The Head of Assurance sees their own queue only.
    expect(await page.locator('h2', { hasText: 'Waiting for a line manager' }).count()).toBe(0);
    const card = page.locator('.app-queue-card', { hasText: what });
    const text = await card.textContent();
    expect(text).toContain(p.name);
    expect(text).toContain(c.reference);
    expect(text).toContain(words('HARASSMENT_INTIMIDATION_OR_THREATS'));
    expect(text).toMatch(/Offered by the line manager/);
    expect(text).toMatch(/this needs reporting/);
    await expectWordsOnly(page);
    await expectAccessible(page, 'queue-head-of-assurance');

    // The keyboard: choose the report (first choice), its reference; the date and time default to now.
    await tabTo(page, `#referral-${incident.id}`, 400);
    await page.keyboard.press('Space');
    await tabTo(page, `#police-reference-${incident.id}`);
    await page.keyboard.type('HP-2026-7781');
    await expectAccessible(page, 'queue-head-of-assurance-referral');
    await screenshot(page, '13-incident-queue-police-referral');
    await tabTo(page, `.head-of-assurance-form:has(#police-reference-${incident.id}) button[type="submit"]`);
    await page.keyboard.press('Enter');
    await flashed(page, /Police referral recorded/);
    expect(await page.locator('.app-queue-card', { hasText: what }).count()).toBe(0);

    const after = (await headOfAssurance.get(`/incidents/${incident.id}`)).body;
    expect(after.escalation.status).toBe('REPORTED_TO_POLICE');
    expect(after.escalation.policeReferral).toMatchObject({ referred: true, policeReference: 'HP-2026-7781' });
    expect(Date.now() - new Date(after.escalation.policeReferral.reportedAt).getTime()).toBeLessThan(10 * 60_000);
  });
});
