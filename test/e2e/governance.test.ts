import { describe, expect, it } from 'vitest';
import { expectAccessible, screen, tabTo, trackedTabs } from './helpers.js';
import { activeStrategy, kase, person } from './seed.js';

/**
 * The governance page as a board member or auditor uses it: the figures by month as
 * charts, each an image with a name and a description and a table of the same
 * figures beside it; a range of months chosen with the keyboard; printable.
 */
const tab = trackedTabs();

const ukMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const monthBefore = (m: string, n: number) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mm - 1 - n, 1)).toISOString().slice(0, 7);
};

describe('Governance', () => {
  it('shows the figures by month as charts with a table beside each, for a range of months chosen with the keyboard, and prints without the navigation', async () => {
    const p = await person();
    const c = await kase(p.id);
    await activeStrategy(p.id, [c.id], [{ type: 'NO_TELEPHONE' }]);

    const { page } = await tab(['auditor']);
    await screen(page, '#/governance', 'Governance');
    await page.getByRole('heading', { name: 'Contact strategies in force' }).waitFor();

    // Four charts, each an image named by its title and described in words, each followed by its table.
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(4);
    for (const name of ['Contact strategies in force', 'Reviews decided on time', 'Appeals and their outcomes', 'Unanswered contacts checked in time']) {
      const chart = page.getByRole('img', { name });
      expect(await chart.count(), name).toBe(1);
      const section = page.locator('section', { has: page.getByRole('heading', { name, exact: true }) });
      expect(await section.locator('table caption').textContent()).toBe(`${name}, month by month`);
      expect(await section.locator('table tbody tr').count(), name).toBe(12);
    }
    // The strategy put in force this month is counted, in plain words.
    const inForce = page.locator('section', { has: page.getByRole('heading', { name: 'Contact strategies in force', exact: true }) });
    expect(Number(await inForce.locator('tbody tr').last().locator('td').first().textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.locator('table', { hasText: 'Restrictions put in force' }).locator('tr', { hasText: 'No telephone contact' }).locator('td').textContent()).not.toBe('0');
    expect(await page.locator('main').textContent()).not.toMatch(/NO_TELEPHONE|TELEPHONE_LIMIT|UPHELD/);
    await expectAccessible(page, 'governance');

    // "Download figures (CSV)" fetches the figures with the session's token: text/csv, a header row first.
    const [csv] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/governance/figures.csv') && r.request().method() === 'GET'),
      page.getByRole('link', { name: 'Download figures (CSV)' }).click(),
    ]);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    // The browser hands the body to the download, so it is read again the same way.
    const text = await page.evaluate(async (url) => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${sessionStorage.getItem('contact-strategy.session') ?? ''}` } });
      return res.text();
    }, csv.url());
    const [header, firstRow] = text.split(/\r?\n/);
    expect(header).toMatch(/^[A-Za-z"][^,]*,/);
    expect(firstRow).toMatch(/\d/);

    // A later "From" than "To" is refused with an error summary; with the keyboard only.
    await tabTo(page, '#figures-to');
    await page.keyboard.press('End');
    await tabTo(page, 'form[aria-label="Months shown"] button');
    await page.keyboard.press('Enter');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/The first month must be the same as the last month or before it/);
    await expectAccessible(page, 'governance-error');

    // Thirteen months: one more at the start, the current month at the end.
    await tabTo(page, '#figures-to');
    await page.keyboard.press('Home');
    await tabTo(page, '#figures-from');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'form[aria-label="Months shown"] button');
    await page.keyboard.press('Enter');
    const current = ukMonth();
    await expect.poll(() => page.url()).toMatch(new RegExp(`from=${monthBefore(current, 12)}&to=${current}`));
    await expect.poll(() => page.locator('section', { has: page.getByRole('heading', { name: 'Reviews decided on time', exact: true }) }).locator('tbody tr').count()).toBe(13);

    // Printed for the board: no navigation, no range picker, the charts and tables kept.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.locator('.govuk-header').isVisible()).toBe(false);
    expect(await page.locator('form[aria-label="Months shown"]').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print these figures' }).isVisible()).toBe(false);
    expect(await page.getByRole('img', { name: 'Reviews decided on time' }).isVisible()).toBe(true);
    expect(await page.locator('table').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
