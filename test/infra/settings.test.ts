import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.js';
import { synthesize } from './synth.js';

/** CDK context; a demonstration deployment unless the test says otherwise. */
const context = (values: Record<string, string>) => ({ tryGetContext: (k: string) => ({ demo: 'true', ...values })[k] });
const bare = (values: Record<string, string>) => ({ tryGetContext: (k: string) => values[k] });

describe('deploy settings', () => {
  it('reads -c context first, then the environment', () => {
    const s = readSettings(context({ fromEmail: 'No-Reply@opcc.example.org', lineManagerEmail: 'LM@opcc.example.org' }), {
      FROM_EMAIL: 'other@elsewhere.org',
      SOM_EMAIL: 'som@opcc.example.org',
      ALARM_EMAIL: 'ops@opcc.example.org',
      LINE_MANAGER_EMAIL: 'elsewhere@opcc.example.org',
      HEAD_OF_ASSURANCE_EMAIL: 'assurance@opcc.example.org',
      OFFICE_MAILBOX: 'office@opcc.example.org',
    });
    expect(s).toMatchObject({
      fromEmail: 'no-reply@opcc.example.org',
      somEmail: 'som@opcc.example.org',
      lineManagerEmail: 'lm@opcc.example.org',
      headOfAssuranceEmail: 'assurance@opcc.example.org',
      officeMailbox: 'office@opcc.example.org',
      sesDomain: 'opcc.example.org',
      alarmEmail: 'ops@opcc.example.org',
      defaulted: [],
    });
  });

  it('has the documented defaults for the review settings', () => {
    expect(readSettings(context({}), {})).toMatchObject({
      reviewReminderDays: 14,
      reviewEscalationDays: 7,
      maxReviewMonths: 12,
      terminatedCallsPrompt: 2,
      unmatchedContactDays: 90,
      unansweredCheckDays: 7,
      defaulted: ['fromEmail', 'somEmail', 'lineManagerEmail', 'headOfAssuranceEmail', 'officeMailbox'],
    });
  });

  it('refuses a sender outside the SES domain, a bad address or a retention CloudWatch does not offer', () => {
    expect(() => readSettings(context({ fromEmail: 'a@one.org', sesDomain: 'two.org' }), {})).toThrow(/not in the SES domain/);
    expect(() => readSettings(context({ somEmail: 'not-an-address' }), {})).toThrow(/somEmail/);
    expect(() => readSettings(context({ officeMailbox: 'office' }), {})).toThrow(/officeMailbox \(OFFICE_MAILBOX\)/);
    // A received message must expire from its bucket before its sender can be due for disposal.
    expect(() => readSettings(context({ retentionYears: '1', inboundRetentionDays: '365' }), {})).toThrow(/inboundRetentionDays \(INBOUND_RETENTION_DAYS\) must be shorter than retentionYears/);
    expect(() => readSettings(context({ headOfAssuranceEmail: 'x@' }), {})).toThrow(/headOfAssuranceEmail/);
    expect(() => readSettings(context({ notifyPostage: 'express' }), {})).toThrow(/notifyPostage \(NOTIFY_POSTAGE\) is first, second or economy/);
    expect(readSettings(context({}), {}).notifyPostage).toBe('second');
    expect(() => readSettings(context({ terminatedCallsPrompt: '0' }), {})).toThrow(/terminatedCallsPrompt/);
    expect(() => readSettings(context({ logRetentionDays: '10' }), {})).toThrow(/logRetentionDays/);
  });

  it('names the office from -c orgName / orgPostalAddress / policeForceName (or ORG_NAME, ORG_POSTAL_ADDRESS, POLICE_FORCE_NAME), defaulting to the documented defaults', () => {
    expect(readSettings(context({ orgName: 'Northshire OPFCC', orgPostalAddress: 'PO Box 123 | Northtown|NT1 2AB' }), { POLICE_FORCE_NAME: 'Northshire Constabulary' })).toMatchObject({
      orgName: 'Northshire OPFCC',
      orgPostalAddress: ['PO Box 123', 'Northtown', 'NT1 2AB'],
      policeForceName: 'Northshire Constabulary',
    });
    expect(readSettings(context({}), {})).toMatchObject({ orgName: 'Office of the Police and Crime Commissioner for Humberside', orgPostalAddress: [], policeForceName: 'Humberside Police' });
    expect(() => readSettings(context({ orgName: 'A\nB' }), {})).toThrow(/orgName/);
    expect(() => readSettings(context({ orgPostalAddress: Array(9).fill('x').join('|') }), {})).toThrow(/orgPostalAddress/);
  });

  it('gives letters an office mailbox that inbound email receives (-c orgEmail or ORG_EMAIL; by default the first inbound recipient, or enquiries@ its domain)', () => {
    expect(readSettings(context({ inboundRecipients: 'contact@opcc.example.org' }), {}).orgEmail).toBe('contact@opcc.example.org');
    expect(readSettings(context({ inboundRecipients: 'opcc.example.org' }), {}).orgEmail).toBe('enquiries@opcc.example.org');
    expect(readSettings(context({}), { ORG_EMAIL: 'Write@OPCC.example.org' }).orgEmail).toBe('write@opcc.example.org');
    expect(() => readSettings(context({ orgEmail: 'nope' }), {})).toThrow(/orgEmail/);
  });

  it('accepts a subdomain sender of the SES domain', () => {
    expect(readSettings(context({ fromEmail: 'no-reply@mail.opcc.example.org', sesDomain: 'opcc.example.org' }), {}).sesDomain).toBe('opcc.example.org');
  });

  describe("the enclosed policy is the office's own (policy 1.5)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-setting-'));
    const pdf = join(dir, 'our-policy.pdf');
    writeFileSync(pdf, '%PDF-1.7\n% the office policy\n');
    const notPdf = join(dir, 'policy.docx');
    writeFileSync(notPdf, 'PK\u0003\u0004');

    it('refuses to synthesize without the office policy unless marked as a demonstration', () => {
      expect(() => readSettings(bare({}), {})).toThrow(/Setting policyPdf \(POLICY_PDF\) is required/);
      expect(() => readSettings(bare({ demo: 'false' }), {})).toThrow(/policyPdf/);
      expect(readSettings(bare({ demo: 'true' }), {})).toMatchObject({ demo: true });
      expect(readSettings(bare({ demo: 'true' }), {}).policyPdf).toBeUndefined();
    });

    it('takes the office PDF from -c policyPdf or POLICY_PDF, and refuses a missing file or one that is not a PDF', () => {
      expect(readSettings(bare({}), { POLICY_PDF: pdf }).policyPdf).toBe(pdf);
      expect(readSettings(bare({ policyPdf: pdf }), {})).toMatchObject({ policyPdf: pdf, demo: false });
      expect(() => readSettings(bare({ policyPdf: join(dir, 'missing.pdf') }), {})).toThrow(/does not exist/);
      expect(() => readSettings(bare({ policyPdf: notPdf }), {})).toThrow(/not a PDF/);
    });

    it("deploys the office PDF at the policy key instead of the sample", () => {
      const office = synthesize({ context: { demo: 'false', policyPdf: pdf } });
      const demo = synthesize();
      const assetOf = (t: ReturnType<typeof synthesize>) =>
        JSON.stringify(Object.values(t.template.toJSON().Resources as Record<string, { Type: string; Properties: unknown }>).filter((r) => r.Type === 'Custom::CDKBucketDeployment'));
      expect(assetOf(office)).not.toEqual(assetOf(demo));
      expect(office.template.toJSON().Resources).toBeDefined();
    });
  });
});
