import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.js';

/** The settings are checked at cold start: an unset one takes its default, a bad one fails naming it. */
describe('settings (lib/config.ts)', () => {
  it('gives every unset setting its default, and only the known settings', () => {
    const c = loadConfig({ SOMETHING_ELSE: 'x' });
    expect(c).toMatchObject({ TABLE_NAME: 'contact-strategy', REVIEW_REMINDER_DAYS: 14, DECISION_REMINDER_HOURS: 72, POST_PROVIDER: 'IN_HOUSE', NOTIFY_POSTAGE: 'second', ORG_POSTAL_ADDRESS: [] });
    expect(c).not.toHaveProperty('SOMETHING_ELSE');
  });

  it('reads numbers, choices, trimmed names and URLs as set', () => {
    const c = loadConfig({ REVIEW_REMINDER_DAYS: '0', RETENTION_YEARS: '10', POST_PROVIDER: 'NOTIFY', ORG_NAME: '  Northshire OPFCC ', NOTIFY_BASE_URL: ' http://localhost:4010 ', SOM_EMAIL: 'som@northshire.example' });
    expect(c).toMatchObject({ REVIEW_REMINDER_DAYS: 0, RETENTION_YEARS: 10, POST_PROVIDER: 'NOTIFY', ORG_NAME: 'Northshire OPFCC', NOTIFY_BASE_URL: 'http://localhost:4010', SOM_EMAIL: 'som@northshire.example' });
  });

  it.each([
    ['REVIEW_REMINDER_DAYS', '366'],
    ['REVIEW_REMINDER_DAYS', '1.5'],
    ['REVIEW_REMINDER_DAYS', 'fourteen'],
    ['MAX_REVIEW_MONTHS', '0'],
    ['DECISION_REMINDER_HOURS', ''],
    ['SOM_EMAIL', 'not-an-address'],
    ['TABLE_NAME', ''],
    ['POLICE_FORCE_NAME', ' '],
    ['ORG_NAME', 'x'.repeat(201)],
    ['ORG_POSTAL_ADDRESS', 'a|b|c|d|e|f|g|h|i'],
    ['ORG_POSTAL_ADDRESS', 'x'.repeat(101)],
    ['POST_PROVIDER', 'PIGEON'],
    ['NOTIFY_BASE_URL', 'not a url'],
  ])('fails naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}\\b`));
  });

  it('names every bad setting at once', () => {
    const bad = () => loadConfig({ APPEAL_DAYS: '0', ORG_EMAIL: 'nope' });
    expect(bad).toThrow(/\bAPPEAL_DAYS: /);
    expect(bad).toThrow(/\bORG_EMAIL: /);
  });
});
