import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, setClock, ukDateOf } from '../integration/client.js';
import { auditor, expectAccessible, expectWordsOnly, flashed, screen, som, trackedTabs } from './helpers.js';
import { person } from './seed.js';

/**
 * Retention and disposal in the console (docs/records.md): the Statutory Operations
 * Manager puts a legal hold on a person, then, six years on (the local clock), proposes
 * disposing of someone due; the Head of Assurance approves as the second person; the
 * auditor reads the disposal record. The clock is put back to real time after.
 */
const tab = trackedTabs();

afterAll(async () => {
  await setClock(new Date().toISOString());
});

describe('Retention and disposal', () => {
  it('a legal hold is put on from the person page; a disposal is proposed by one person, approved by another, and its record read by the auditor', async () => {
    const held = await person({ name: `Hollis ${randomUUID().slice(0, 6)}` });
    const due = await person({ name: `Devon ${randomUUID().slice(0, 6)}` });

    const { page } = await tab(['statutory-operations-manager'], { sub: 'som-e2e-retention', name: 'Sol Manager' });
    await screen(page, `#/people/${held.id}`, held.name);
    const holdForm = page.locator('form[aria-label="Put a legal hold on these records"]');
    await holdForm.locator('textarea[name="reason"]').fill('A claim is before the county court.');
    await holdForm.locator('button[type="submit"]').click();
    await flashed(page, /Legal hold put on/);
    expect(await page.locator('#main-content').textContent()).toContain('Reason: A claim is before the county court.');
    await expectAccessible(page, 'person-legal-hold');

    await setClock(`${addMonths(ukDateOf(new Date()), 12 * 6 + 1)}T12:00:00.000Z`);
    await screen(page, '#/retention', 'Retention and disposal');
    const dueTable = page.locator('#main-content table').first();
    await expect.poll(() => dueTable.textContent()).toContain(due.name);
    expect(await dueTable.textContent()).not.toContain(held.name);
    await expectAccessible(page, 'retention-due');
    await expectWordsOnly(page);
    const propose = page.locator('form[aria-label="Propose a disposal"]');
    await propose.getByLabel(due.name, { exact: true }).check();
    await propose.locator('textarea[name="reason"]').fill('Six years since they were put on record, with no case.');
    await propose.locator('button[type="submit"]').click();
    await flashed(page, /Disposal proposed/);
    const mine = page.locator('.govuk-summary-card', { hasText: 'Six years since they were put on record' });
    expect(await mine.textContent()).toContain('someone else must decide it');
    await expectAccessible(page, 'retention-proposed');

    const hoa = (await tab(['head-of-assurance'], { sub: 'hoa-e2e-retention', name: 'Hana Assurance' })).page;
    await screen(hoa, '#/retention', 'Retention and disposal');
    const card = hoa.locator('.govuk-summary-card', { hasText: 'Six years since they were put on record' });
    await card.getByLabel('Approve: delete these records').check();
    await card.locator('textarea[name="comments"]').fill('Checked: nothing of theirs is open.');
    await card.locator('button[type="submit"]').click();
    await flashed(hoa, /Disposal approved/);
    await expect.poll(async () => (await auditor.get('/disposals?limit=5')).body.items.find((d: { reason: string }) => d.reason.startsWith('Six years since'))?.status, { timeout: 20_000 }).toBe('DONE');

    const reader = (await tab(['auditor'], { sub: 'aud-e2e-retention', name: 'Ash Auditor' })).page;
    await screen(reader, '#/retention', 'Retention and disposal');
    const records = reader.locator('#main-content table').last();
    await expect.poll(() => records.textContent()).toContain('1 person');
    expect(await records.textContent()).toContain('Hana Assurance');
    expect(await reader.locator('main').textContent()).not.toContain(due.name);
    expect(await reader.locator('form').count()).toBe(0);
    await expectAccessible(reader, 'retention-records');
    expect((await som.get(`/service-users/${due.id}`)).status).toBe(404);
  });
});
