import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.js';

const context = (values: Record<string, string>) => ({ tryGetContext: (k: string) => values[k] });

describe('deploy settings', () => {
  it('reads -c context first, then the environment', () => {
    const s = readSettings(context({ fromEmail: 'No-Reply@opcc.example.org' }), { FROM_EMAIL: 'other@elsewhere.org', SOM_EMAIL: 'som@opcc.example.org', ALARM_EMAIL: 'ops@opcc.example.org' });
    expect(s).toMatchObject({ fromEmail: 'no-reply@opcc.example.org', somEmail: 'som@opcc.example.org', sesDomain: 'opcc.example.org', alarmEmail: 'ops@opcc.example.org', defaulted: [] });
  });

  it('has the contract defaults for the review settings', () => {
    expect(readSettings(context({}), {})).toMatchObject({ reviewReminderDays: 14, reviewEscalationDays: 7, maxReviewMonths: 12, defaulted: ['fromEmail', 'somEmail'] });
  });

  it('refuses a sender outside the SES domain, a bad address or a retention CloudWatch does not offer', () => {
    expect(() => readSettings(context({ fromEmail: 'a@one.org', sesDomain: 'two.org' }), {})).toThrow(/not in the SES domain/);
    expect(() => readSettings(context({ somEmail: 'not-an-address' }), {})).toThrow(/somEmail/);
    expect(() => readSettings(context({ logRetentionDays: '10' }), {})).toThrow(/logRetentionDays/);
  });

  it('accepts a subdomain sender of the SES domain', () => {
    expect(readSettings(context({ fromEmail: 'no-reply@mail.opcc.example.org', sesDomain: 'opcc.example.org' }), {}).sesDomain).toBe('opcc.example.org');
  });
});
