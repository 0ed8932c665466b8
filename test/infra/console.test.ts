import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffConsole } from '../../infra/constructs/console.js';

let template: Template;

beforeAll(() => {
  const app = new App();
  const stack = new Stack(app, 'ConsoleTest', { env: { account: '111111111111', region: 'eu-west-2' } });
  const userPool = new cognito.UserPool(stack, 'Pool');
  const api = new apigw.RestApi(stack, 'Api');
  api.root.addMethod('ANY', new apigw.MockIntegration());
  new StaffConsole(stack, 'Console', { userPool, domainPrefix: 'opcc-contact-strategy', api });
  template = Template.fromStack(stack);
});

describe('Staff console infrastructure', () => {
  it('keeps the bucket private, encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({}),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('serves it through CloudFront with origin access control, only over HTTPS', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
      }),
    });
    // The bucket grants reads to that distribution only.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } })]) },
    });
  });

  it('sends a strict CSP and the security headers', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const config = (Object.values(policies)[0] as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> } } }).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = String(config.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('https://opcc-contact-strategy.auth.eu-west-2.amazoncognito.com');
    expect(config.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(config.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Preload: true });
    expect(config.ContentTypeOptions).toMatchObject({ Override: true });
  });

  it('signs staff in with Cognito managed login: authorization code with PKCE, public client, no implicit flow', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'opcc-contact-strategy', ManagedLoginVersion: 2 });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'profile']),
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('serves the API on the console origin, uncached, so no cross-origin access is needed', () => {
    const dist = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: { CacheBehaviors: { PathPattern: string; AllowedMethods: string[] }[] } } };
    const patterns = dist.Properties.DistributionConfig.CacheBehaviors.map((b) => b.PathPattern);
    expect(patterns).toEqual(expect.arrayContaining(['/service-users*', '/cases*', '/contacts*', '/strategies*', '/breaches*', '/governance*']));
    expect(dist.Properties.DistributionConfig.CacheBehaviors.every((b) => b.AllowedMethods.includes('PATCH'))).toBe(true);
  });
});
