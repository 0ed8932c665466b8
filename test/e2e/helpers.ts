/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';
import { tokenFor, type RoleName } from '../integration/client.js';

export { as, caseworker, som, lineManager, headOfAssurance, auditor, uniqueKey, tokenFor } from '../integration/client.js';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let browser: Browser | undefined;
export async function getBrowser(): Promise<Browser> {
  browser ??= await chromium.connect(inject('wsEndpoint'));
  return browser;
}

export interface StaffPage {
  page: Page;
  context: BrowserContext;
  /** Console messages that are errors (CSP violations show up here). */
  errors: string[];
  close: () => Promise<void>;
}

/**
 * A browser tab signed in as a member of staff. The token is put where the
 * console's own local sign-in keeps it (the sign-in screen has its own test).
 */
export async function openAs(roles: RoleName[] | null, who: { sub?: string; name?: string; email?: string } = {}): Promise<StaffPage> {
  const b = await getBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const errors: string[] = [];
  if (roles) {
    const token = await tokenFor(roles, who);
    await context.addInitScript((t: string) => {
      if (location.protocol.startsWith('http')) sessionStorage.setItem('contact-strategy.session', t);
    }, token);
  }
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, context, errors, close: () => context.close() };
}

export const consoleUrl = (hash = '#/desk') => `${inject('consoleUrl')}/${hash}`;

/** Waits for the screen's heading (every screen has exactly one h1). */
export async function screen(page: Page, hash: string, heading: string | RegExp) {
  // A fresh load each time, so nothing of the previous screen can satisfy the waits.
  await page.goto('about:blank');
  await page.goto(consoleUrl(hash));
  await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 10_000 }).toMatch(heading instanceof RegExp ? heading : new RegExp(heading));
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: number;
}
export const axeLog: Record<string, AxeFinding[]> = {};

/**
 * GOV.UK Frontend's radios with a conditional reveal carry `aria-expanded`, which
 * ARIA does not allow on a radio; GOV.UK keeps it on purpose because screen readers
 * announce it (alphagov/govuk-frontend#979, a known axe finding). Only that exact
 * finding is let through: a radio input whose sole disallowed attribute is aria-expanded.
 */
function govukRadioExpanded(n: { html: string; failureSummary?: string }): boolean {
  return /^<input class="govuk-radios__input"/.test(n.html) && /^Fix all of the following:\s+ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test((n.failureSummary ?? '').trim());
}

/** axe-core against WCAG 2.0–2.2 A and AA: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const findings = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  axeLog[name] = findings;
  const bad = result.violations
    .map((v) => (v.id === 'aria-allowed-attr' ? { ...v, nodes: v.nodes.filter((n) => !govukRadioExpanded(n)) } : v))
    .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'));
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  return findings;
}

/** Refreshes the screenshots in docs/screenshots when SCREENSHOTS=1 (`SCREENSHOTS=1 npm run test:e2e`); otherwise leaves them alone. */
export async function screenshot(page: Page, name: string) {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Presses Tab until the focused element matches, failing after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Could not reach ${selector} with the keyboard`);
}

export const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el ? `${el.tagName.toLowerCase()}#${el.id}` : '';
});

/**
 * Opens staff tabs for a test file and, when the file is done, checks that none of
 * them logged a browser console error (a CSP violation shows up there) and closes them.
 */
export function trackedTabs() {
  const tabs: StaffPage[] = [];
  afterAll(async () => {
    for (const t of tabs) {
      expect(t.errors).toEqual([]);
      await t.close();
    }
  });
  return async (...args: Parameters<typeof openAs>) => {
    const t = await openAs(...args);
    tabs.push(t);
    return t;
  };
}

/** Staff see words: no record id (a ULID) and no code (an UPPER_SNAKE enum). */
export async function expectWordsOnly(page: Page) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/\b[0-9A-HJKMNP-TV-Z]{26}\b/);
  expect(text).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
}

/** Waits for the success banner and for it to say `text`. */
export async function flashed(page: Page, text: RegExp) {
  await page.locator('#flash').waitFor();
  await expect.poll(() => page.locator('#flash').textContent(), { timeout: 15_000 }).toMatch(text);
}
