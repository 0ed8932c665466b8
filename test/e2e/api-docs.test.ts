import { describe, expect, inject, it } from 'vitest';
import { openAs } from './helpers.js';

/**
 * Redoc's "API docs by" badge asks a CDN for its logo; the CSP refuses it (the
 * badge then hides the image). That is the one console error the page may show.
 */
const REDOC_LOGO_REFUSED = /^Loading the image 'https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg' violates the following Content Security Policy directive/;

describe('API reference (/docs)', () => {
  it('renders offline under its CSP: the API title, its sections and every operation by its summary', async () => {
    const { page, errors, close } = await openAs(null);
    const origin = inject('consoleUrl');
    // Anything that gets past the CSP to the network and is not the local stack is recorded and refused.
    const elsewhere: string[] = [];
    await page.route(
      (url) => url.origin !== origin,
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    try {
      await page.goto(`${origin}/docs`);
      await page.getByRole('heading', { name: 'contact-strategy API (1.0.0)' }).waitFor();
      await page.getByText('Screening', { exact: true }).first().click();
      const summary = page.getByText('Screen an inbound contact against the strategy in force', { exact: true }).first();
      await expect.poll(() => summary.isVisible(), { timeout: 10_000 }).toBe(true);
      await summary.click();
      // Redoc routes by hash, so the page's own URL never names an API route.
      await expect.poll(() => new URL(page.url()).pathname).toBe('/docs');
      expect(new URL(page.url()).hash).toMatch(/^#\/screening\//);
      await page.getByRole('heading', { name: 'Screen an inbound contact against the strategy in force' }).waitFor();
      expect(await page.locator('body').textContent()).toContain('Roles: caseworker, line-manager, statutory-operations-manager, head-of-assurance.');
      // Every link in the menu stays on the page.
      const hrefs = await page.locator('[data-component-name="Menu/MenuItem"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(5);
      for (const href of hrefs) expect(href).toMatch(/^#\//);
      expect(elsewhere).toEqual([]);
      expect(errors.filter((e) => !REDOC_LOGO_REFUSED.test(e))).toEqual([]);
    } finally {
      await close();
    }
  });
});
