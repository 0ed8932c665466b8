import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sendSmtp, message } from '../integration/smtp-client.js';
import { auditor, caseworker, expectAccessible, focused, screen, screenshot, som, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person } from './seed.js';

const tab = trackedTabs();

/** The browser runs in its own process: a download is saved to a local copy to be read. */
async function saved(download: Download): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-download-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/;

describe('Person page', () => {
  it('changes details under If-Match, says clearly when someone else changed them first, and keeps both changes', async () => {
    const p = await person();
    const { page } = await tab(['caseworker']);
    await screen(page, `#/people/${p.id}`, p.name);
    await page.getByRole('link', { name: /Change details/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toMatch(/Change details/);
    await page.getByLabel('Additional needs').fill('Prefers email to phone calls.');
    // Meanwhile the Statutory Operations Manager adds a phone number.
    const before = await caseworker.get(`/service-users/${p.id}`);
    const theirs = await som.patch(`/service-users/${p.id}`, { phones: [...p.phones, '01482 300400'] }, { headers: { 'if-match': `"${before.body.version}"` } });
    expect(theirs.status).toBe(200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.locator('#conflict');
    await conflict.waitFor();
    await expect.poll(() => focused(page)).toBe('div#conflict');
    const text = (await conflict.textContent()) ?? '';
    expect(text).toMatch(/Someone else changed this person while you were editing/);
    expect(text).toMatch(/Your changes have not been saved/);
    expect(text).toMatch(/as Sam Manager left it/);
    expect(text).toContain('+441482300400');
    // The form now shows their phone number, and still holds this change.
    expect(await page.getByLabel('Phone numbers').inputValue()).toContain('+441482300400');
    expect(await page.getByLabel('Additional needs').inputValue()).toBe('Prefers email to phone calls.');
    await expectAccessible(page, 'person-edit-conflict');
    await screenshot(page, '22-person-change-conflict');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toMatch(/Details saved/);
    const now = await caseworker.get(`/service-users/${p.id}`);
    expect(now.body).toMatchObject({ additionalNeeds: 'Prefers email to phone calls.', phones: expect.arrayContaining(['+441482300400']) });
    // The history says who changed which fields, in words, newest first.
    const rows = await page.locator('#history-table tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Test caseworker.*Changed additional needs/);
    expect(rows[1]).toMatch(/Sam Manager.*Changed phone numbers/);
    await expectAccessible(page, 'person-after-edit');
  });

  it('lists every letter (opening each as sent, with the printed copy of a posted one) and every contact, including an email received and one about no case', async () => {
    const p = await person();
    const c = await kase(p.id);
    await activeStrategy(p.id, [c.id], [{ type: 'RECORD_CALLS' }]);
    await expect.poll(async () => (await caseworker.get(`/service-users/${p.id}/letters`)).body.items.length, { timeout: 30_000 }).toBe(2);
    // An email arrives at the office: the inbound gateway screens and records it.
    const sent = await sendSmtp(inject('smtpPort'), { from: p.emails[0] as string, to: 'office@opcc.localhost', data: message({ from: p.emails[0] as string, subject: 'Question about my complaint' }) });
    expect(sent.code).toBe(250);
    await caseworker.post('/contacts/screen', { channel: 'PHONE', serviceUserId: p.id, summary: 'Asked for the office’s opening hours.' }, { headers: { 'idempotency-key': crypto.randomUUID() } });
    await expect.poll(async () => (await caseworker.get(`/service-users/${p.id}/contacts`)).body.items.length, { timeout: 30_000 }).toBe(2);

    const { page } = await tab(['caseworker']);
    await screen(page, `#/people/${p.id}`, p.name);
    const contacts = await page.locator('#contacts-table tbody tr').allTextContents();
    expect(contacts).toHaveLength(2);
    const email = contacts.find((r) => r.includes('Question about my complaint')) ?? '';
    expect(email).toMatch(/Email received/);
    expect(email).toMatch(/Not about a case/);
    expect(email).toMatch(/Proceed/);
    expect(contacts.find((r) => r.includes('opening hours'))).toMatch(/Phone, from them.*Not about a case/);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toMatch(/Strategy put in place/);
    expect(main).not.toMatch(ULID);
    expect(main).not.toMatch(/INBOUND_EMAIL|PROCEED|RECORD_CALLS/);
    // Only the roles that may download it see the subject-access export.
    expect(await page.getByRole('button', { name: /subject-access export/ }).count()).toBe(0);
    // Nor who read the record: that is for the SOM and the auditor.
    expect(await page.locator('#access-log-table').count()).toBe(0);
    await expectAccessible(page, 'person-record');
    await screenshot(page, '23-person-record');

    // The posted letter, exactly as sent, and its printed copy.
    await page.getByRole('link', { name: /Strategy put in place \(post/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toMatch(/as sent/);
    const letters = (await caseworker.get(`/service-users/${p.id}/letters`)).body.items as { id: string; channel: string; text: string }[];
    const posted = letters.find((l) => l.channel === 'POST')!;
    expect(page.url()).toContain(`#/letters/${posted.id}`);
    expect(await page.locator('#letter-text').textContent()).toBe(posted.text);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the printed copy (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^letter-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect((await saved(download)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expectAccessible(page, 'letter-as-sent');
    await screenshot(page, '24-letter-as-sent');
    // An emailed letter has no printed copy.
    const emailed = letters.find((l) => l.channel === 'EMAIL')!;
    await screen(page, `#/letters/${emailed.id}`, /as sent/);
    expect(await page.locator('#letter-text').textContent()).toBe(emailed.text);
    expect(await page.getByRole('button', { name: /PDF/ }).count()).toBe(0);
  });

  it('prompts a strategy when calls keep being ended after a warning (policy 1.3)', async () => {
    const p = await person();
    const c = await kase(p.id);
    for (const description of ['Shouted abuse; call ended after a warning.', 'Abusive again; call ended after a warning.']) {
      const res = await caseworker.post(`/cases/${c.id}/incidents`, { occurredAt: new Date().toISOString(), channel: 'PHONE', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description, callTerminated: true, warningGiven: true });
      expect(res.status).toBe(201);
    }
    const { page } = await tab(['caseworker']);
    await screen(page, `#/people/${p.id}`, p.name);
    const prompt = page.locator('#terminated-calls-prompt');
    expect(await prompt.textContent()).toMatch(/ended after a warning in the last 90 days/);
    await prompt.getByRole('link', { name: 'Start a contact strategy' }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toMatch(/Propose a contact strategy/);
    expect(page.url()).toContain(`#/strategies/new?person=${p.id}`);
  });
});

describe('Auditor', () => {
  it('reads the person page and downloads the subject-access export, with no way to change anything', async () => {
    const p = await person();
    const c = await kase(p.id);
    await caseworker.post(`/cases/${c.id}/contacts`, { channel: 'PHONE', direction: 'INBOUND', occurredAt: new Date().toISOString(), summary: 'Asked for an update.' });
    const { page } = await tab(['auditor']);
    await screen(page, `#/people/${p.id}`, p.name);
    expect(await page.locator('main').textContent()).toMatch(/Asked for an update/);
    for (const write of [/Change details/, /Propose a contact strategy/, /Start a contact strategy/]) expect(await page.getByRole('link', { name: write }).count()).toBe(0);
    expect(await page.locator('main form button, main a.govuk-button').allTextContents()).toEqual(['Download the subject-access export']);
    // Who read the record, in words: this very page's reads of their details and cases among them.
    const reads = (await page.locator('#access-log-table').textContent()) ?? '';
    expect(reads).toMatch(/Their details/);
    expect(reads).toMatch(/Their cases/);
    expect(reads).not.toMatch(/GET \//);
    await expectAccessible(page, 'person-auditor');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the subject-access export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^subject-access-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse((await saved(download)).toString('utf8'));
    expect(JSON.stringify(exported)).toContain(p.name);
    await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toMatch(/Subject-access export downloaded/);
    await expect.poll(() => page.locator('#history-table').textContent()).toMatch(/Subject-access export downloaded/);
    // The edit screen, reached by its address, offers no form; the API refuses the write.
    await screen(page, `#/people/${p.id}?edit=details`, /Change details/);
    expect(await page.locator('form#details-form').count()).toBe(0);
    const before = await caseworker.get(`/service-users/${p.id}`);
    const refused = await auditor.patch(`/service-users/${p.id}`, { name: 'Changed by an auditor' }, { headers: { 'if-match': `"${before.body.version}"` } });
    expect(refused.status).toBe(403);
    expect((await auditor.post('/cases', { serviceUserId: p.id, type: 'COMPLAINT', subject: 'Not allowed' })).status).toBe(403);
    expect((await caseworker.get(`/service-users/${p.id}`)).body.name).toBe(p.name);
  });
});
