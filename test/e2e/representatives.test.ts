import { describe, expect, it } from 'vitest';
import { caseworker, expectAccessible, expectWordsOnly, flashed, focused, screen, tabTo, trackedTabs } from './helpers.js';
import { person } from './seed.js';

const tab = trackedTabs();

describe('Representatives and contacts outside the remit', () => {
  it('adds a representative from the person page by keyboard, names them at the desk, and records a contact outside the remit', async () => {
    const p = await person();
    const mpEmail = `mp.${crypto.randomUUID().slice(0, 8)}@parliament.example`;
    const { page } = await tab(['caseworker']);
    await screen(page, `#/people/${p.id}`, p.name);
    await page.locator('#representatives ~ details summary').first().click();
    await page.getByLabel('Name', { exact: true }).fill('Jo Bloggs');
    await page.getByLabel('MP', { exact: true }).check();
    await page.getByLabel('Email address (optional)').fill(mpEmail);
    await page.getByLabel('How did the person give their consent?').fill('Signed consent form');
    await tabTo(page, '#add-representative');
    await page.keyboard.press('Enter');
    await flashed(page, /Jo Bloggs added as a representative/);
    const row = (await page.locator('#representatives ~ table tbody tr').first().textContent()) ?? '';
    expect(row).toMatch(/Jo Bloggs \(MP\).*Signed consent form.*Acting/);
    await expectAccessible(page, 'person-representatives');
    await expectWordsOnly(page);

    // At the desk, the MP's address is nobody's own: screening names whose representative it is, in words.
    await screen(page, '#/desk', 'Screening desk');
    await page.getByLabel('Find the person').fill(mpEmail);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'No one found' }).waitFor();
    await page.getByRole('button', { name: 'Screen and log contact' }).click();
    await expect.poll(() => focused(page)).toBe('div#decision');
    await expect.poll(() => page.locator('#decision').textContent()).toMatch(new RegExp(`From a representative of ${p.name}: Jo Bloggs \\(MP\\)`));
    await expectAccessible(page, 'desk-representative');

    // Outside the remit, from the person's pane: recorded on their record with where they were signposted.
    await screen(page, `#/desk?person=${p.id}&channel=PHONE`, 'Screening');
    await page.getByText('Outside our remit: record it and signpost them').click();
    await page.locator('#remit-summary').fill('About a parking fine');
    await page.getByLabel('Where did you signpost them?').fill('The local council');
    await page.getByRole('button', { name: 'Record contact outside our remit' }).click();
    await flashed(page, /signposted to The local council/);
    const contacts = (await caseworker.get(`/service-users/${p.id}/contacts`)).body.items as { outsideRemit?: { signpostedTo: string } }[];
    expect(contacts.some((c) => c.outsideRemit?.signpostedTo === 'The local council')).toBe(true);
    await expectAccessible(page, 'person-after-outside-remit');
  });
});
