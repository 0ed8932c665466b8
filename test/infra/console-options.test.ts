import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { describe, expect, it } from 'vitest';
import { StaffConsole } from '../../infra/constructs/console.js';
import { readSettings } from '../../infra/settings.js';
import { stubConsoleDir } from './synth.js';

/**
 * The console's optional settings, on the construct alone in a bare stack (no
 * Lambdas: milliseconds). The wired stack with default settings is console.test.ts.
 */
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0d3f5c3e-1111-2222-3333-444455556666';
const ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/console/0d3f5c3e-1111-2222-3333-444455556666';
/** CDK context of a demonstration deployment (the sample policy), plus the values under test. */
const context = (values: Record<string, string>) => ({ tryGetContext: (k: string) => ({ demo: 'true', ...values })[k] });

function consoleStack(extra: Partial<ConstructorParameters<typeof StaffConsole>[2]> = {}) {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'ConsoleOptions', { env: { account: '123456789012', region: 'eu-west-2' } });
  const userPool = new cognito.UserPool(stack, 'Pool');
  const api = new apigw.RestApi(stack, 'Api');
  api.root.addMethod('GET', new apigw.MockIntegration());
  const staffConsole = new StaffConsole(stack, 'Console', { userPool, domainPrefix: 'opcc-console', api, logRetention: 90, consoleDir: stubConsoleDir(), office: { orgName: 'Northshire OPFCC', policeForceName: 'Northshire Constabulary' }, ...extra });
  return { stack, staffConsole, template: Template.fromStack(stack) };
}

describe('staff console options', () => {
  it('on a custom domain: its certificate, TLSv1.2_2021 for viewers, and callbacks on that domain', () => {
    const { template } = consoleStack({ customDomain: { domainName: 'console.opcc.example.gov.uk', certificateArn: CERT } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['console.opcc.example.gov.uk'],
        ViewerCertificate: { AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      } as never,
    });
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as { Properties: { CallbackURLs: string[]; LogoutURLs: string[] } };
    expect(client.Properties.CallbackURLs).toEqual(['https://console.opcc.example.gov.uk/']);
    expect(client.Properties.LogoutURLs).toEqual(['https://console.opcc.example.gov.uk/']);
  });

  it('attaches a CloudFront web ACL when given one, and then acknowledges no CFR2 or CFR4', () => {
    const { template, staffConsole } = consoleStack({ webAclArn: ACL, customDomain: { domainName: 'console.opcc.example.gov.uk', certificateArn: CERT } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { WebACLId: ACL } as never });
    const ids = staffConsole.distribution.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object));
    expect(ids.join()).not.toMatch(/CFR2|CFR4/);
    expect(ids.join()).toMatch(/CFR1/);
  });

  it('fails synth with a clear message when the console is not built', () => {
    expect(() => consoleStack({ consoleDir: '/nonexistent/console/dist' })).toThrow(/npm run build:console/);
  });

  it('validates the console settings', () => {
    expect(readSettings(context({ consoleDomainPrefix: 'opcc-staff' }), {}).consoleDomainPrefix).toBe('opcc-staff');
    expect(readSettings(context({}), { CONSOLE_DOMAIN_PREFIX: 'opcc-env' }).consoleDomainPrefix).toBe('opcc-env');
    expect(readSettings(context({}), {}).consoleDomainPrefix).toBeUndefined();
    expect(() => readSettings(context({ consoleDomainPrefix: 'OPCC_Staff' }), {})).toThrow(/consoleDomainPrefix/);
    expect(() => readSettings(context({ consoleDomainPrefix: '-opcc' }), {})).toThrow(/consoleDomainPrefix/);
    expect(() => readSettings(context({ consoleDomainPrefix: 'opcc-cognito' }), {})).toThrow(/reserved word 'cognito'/);
    expect(() => readSettings(context({ consoleDomainPrefix: 'a'.repeat(64) }), {})).toThrow(/consoleDomainPrefix/);
    expect(() => readSettings(context({ consoleDomainName: 'console.opcc.example.gov.uk' }), {})).toThrow(/give both or neither/);
    expect(() => readSettings(context({ consoleDomainName: 'console.opcc.example.gov.uk', consoleCertificateArn: CERT.replace('us-east-1', 'eu-west-2') }), {})).toThrow(/us-east-1/);
    expect(() => readSettings(context({ consoleWebAclArn: ACL.replace('global', 'regional') }), {})).toThrow(/CLOUDFRONT/);
    expect(readSettings(context({ consoleDomainName: 'Console.OPCC.example.gov.uk', consoleCertificateArn: CERT, consoleWebAclArn: ACL }), {})).toMatchObject({
      consoleDomainName: 'console.opcc.example.gov.uk',
      consoleCertificateArn: CERT,
      consoleWebAclArn: ACL,
    });
  });
});
