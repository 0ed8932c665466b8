import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, focused, screen, screenshot, tabTo, trackedTabs } from './helpers.js';
import { kase, person, uniquePhone } from './seed.js';

const tab = trackedTabs();

/** Types into the field the keyboard reaches next that matches `selector`. */
async function typeInto(page: Awaited<ReturnType<typeof tab>>['page'], selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

describe('Desk intake: a caseworker’s caller from first ring to incident', () => {
  it('adds a caller nobody matches, opens their case, logs the contact on it and then an incident, by keyboard alone', async () => {
    const phone = uniquePhone();
    const name = `Morgan Intake ${Date.now()}`;
    const { page } = await tab(['caseworker']);
    await screen(page, '#/desk', 'Screening desk');
    // The search box has the focus: type the number they are calling from.
    await page.keyboard.type(phone);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'No one found' }).waitFor();
    await tabTo(page, '#add-person');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('h2#intake-heading');
    // The number they called from is already filled in, and Phone is chosen.
    expect(await page.locator('#intake-phone').inputValue()).toBe(phone);
    expect(await page.locator('#intake-channel').isChecked()).toBe(true);
    await typeInto(page, '#intake-name', name);
    await typeInto(page, 'input[name="addressLine1"]', '12 Paragon Street');
    await typeInto(page, 'input[name="addressTown"]', 'Hull');
    await typeInto(page, 'input[name="postcode"]', 'HU1 3NQ');
    await typeInto(page, '#intake-needs', 'Hard of hearing: speak clearly and confirm in writing.');
    // A radio group is one Tab stop: Tab reaches its first option, Space chooses it.
    await tabTo(page, 'input[name="type"]');
    await page.keyboard.press('Space');
    await typeInto(page, '#intake-subject', 'Complaint about how a burglary report was handled');
    await typeInto(page, '#intake-summary', 'Wants to complain about the officer who attended.');
    await expectAccessible(page, 'desk-intake-form');
    await screenshot(page, '20-desk-new-caller');
    await tabTo(page, '#intake-button');
    await page.keyboard.press('Enter');

    const decision = page.locator('#decision');
    await decision.waitFor();
    await expect.poll(() => focused(page)).toBe('div#decision');
    expect(await decision.textContent()).toMatch(/Proceed/);
    const added = (await page.locator('#intake-done').textContent()) ?? '';
    expect(added).toContain(`${name} added, and case OPCC-`);
    const reference = /OPCC-\d{4}-\d{6}/.exec(added)?.[0] as string;
    // Words, not codes: no id is shown to staff.
    expect(await page.locator('main').textContent()).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
    await expectAccessible(page, 'desk-intake-done');
    await screenshot(page, '21-desk-new-caller-logged');

    // On record: the person with what was typed, one case, the contact on it.
    const found = await caseworker.post('/service-users/search', { phone });
    expect(found.body.items).toHaveLength(1);
    const p = found.body.items[0];
    expect(p).toMatchObject({ name, postalAddress: { lines: ['12 Paragon Street', 'Hull'], postcode: 'HU1 3NQ' }, additionalNeeds: 'Hard of hearing: speak clearly and confirm in writing.' });
    const cases = (await caseworker.get(`/service-users/${p.id}/cases`)).body.items;
    expect(cases).toMatchObject([{ reference, type: 'COMPLAINT', subject: 'Complaint about how a burglary report was handled', status: 'OPEN' }]);
    const contacts = (await caseworker.get(`/cases/${cases[0].id}/contacts`)).body.items;
    expect(contacts).toMatchObject([{ channel: 'PHONE', summary: 'Wants to complain about the officer who attended.', screening: { decision: 'PROCEED' } }]);

    // Then the caller becomes abusive: log an incident on that case, still by keyboard.
    await tabTo(page, 'a[href*="log=incident"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toMatch(reference);
    await tabTo(page, 'input[name="behaviours"][value="VERBAL_OR_WRITTEN_ABUSE"]');
    await page.keyboard.press('Space');
    await typeInto(page, '#incident-description', 'Swore repeatedly at the call handler.');
    await tabTo(page, '#log-incident');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toMatch(/Incident logged/);
    await expectAccessible(page, 'desk-intake-incident');
    const incidents = (await caseworker.get(`/cases/${cases[0].id}/incidents`)).body.items;
    expect(incidents).toMatchObject([{ behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description: 'Swore repeatedly at the call handler.' }]);
  });

  it('names each missing answer before anything is written', async () => {
    const phone = uniquePhone();
    const { page } = await tab(['caseworker']);
    await screen(page, `#/desk?q=${encodeURIComponent(phone)}`, 'Screening desk');
    await page.getByRole('button', { name: 'Add them as a new person' }).click();
    await page.getByRole('button', { name: 'Add them, open the case and log the contact' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toMatch(/Enter their full name/);
    expect(text).toMatch(/Choose what kind of case it is/);
    expect(text).toMatch(/Enter what the case is about/);
    await expectAccessible(page, 'desk-intake-errors');
    expect((await caseworker.post('/service-users/search', { phone })).body.items).toEqual([]);
    // A postcode the API refuses is named in words on its field; nothing is added.
    await page.getByLabel('Full name').fill('Robin Postcode');
    await page.getByLabel('Postcode').fill('NOT A CODE');
    await page.getByLabel('Address line 1').fill('1 Main Road');
    await page.getByLabel('Complaint').check();
    await page.getByLabel('What is the case about?').fill('A complaint');
    await page.getByRole('button', { name: 'Add them, open the case and log the contact' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Postcode must be a UK postcode/);
    expect((await caseworker.post('/service-users/search', { phone })).body.items).toEqual([]);
  });

  it('opens a new case for someone on record and logs an incident from the desk on the case chosen', async () => {
    const p = await person();
    const first = await kase(p.id, 'Complaint about a parking ticket');
    const { page } = await tab(['caseworker']);
    await screen(page, `#/desk?q=${encodeURIComponent(p.phones[0] as string)}`, 'Screening desk');
    await page.getByRole('heading', { level: 2, name: p.name }).waitFor();
    await page.getByText('Open a new case for them').click();
    await page.locator('#new-case').getByLabel('Review').check();
    await page.locator('#new-case').getByLabel('What is the case about?').fill('Review of the outcome of a complaint');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toMatch(/Case OPCC-\d{4}-\d{6} opened/);
    const reference = /OPCC-\d{4}-\d{6}/.exec((await page.locator('#flash').textContent()) ?? '')?.[0] as string;
    // The new case is chosen for the contact.
    expect(await page.locator('#screen-form').getByLabel(new RegExp(reference)).isChecked()).toBe(true);
    await expectAccessible(page, 'desk-new-case');
    const cases = (await caseworker.get(`/service-users/${p.id}/cases`)).body.items as { reference: string; type: string }[];
    expect(cases.find((c) => c.reference === reference)).toMatchObject({ type: 'REVIEW' });

    await page.getByText('Log an incident').click();
    await page.getByLabel('Which case is it about?').selectOption({ label: `${first.reference} (open): Complaint about a parking ticket` });
    await page.getByRole('button', { name: 'Continue to the incident form' }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toMatch(first.reference);
    expect(await page.locator('#incident').getAttribute('open')).not.toBeNull();
  });
});
