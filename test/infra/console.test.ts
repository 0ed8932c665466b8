import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiPathPatterns, docsIndexFunction } from '../../infra/constructs/console.js';
import { PROJECT_ROOT } from '../../infra/constructs/lambda-function.js';
import { docsCsp } from '../../console/csp.js';
import { docsFile } from '../../local/console.js';
import { DOCS_PATH } from '../../scripts/api-docs.js';
import { logicalId, synthesize, type Synthesized } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Principal?: unknown };

let s: Synthesized;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  // The whole stack, once, with cdk-nag registered as app.ts registers it: this
  // throws if any finding (the console's included) is unacknowledged.
  s = synthesize({ nag: true });
  template = s.template;
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const distribution = () => ofType('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
const bucketId = () => logicalId(s.stack, s.stack.console.bucket);
const LOGIN_ORIGIN = 'https://contactstrategy-123456789012.auth.eu-west-2.amazoncognito.com';
const policyCommented = (prefix: string) => ofType('AWS::CloudFront::ResponseHeadersPolicy').find(([, p]) => p.Properties.ResponseHeadersPolicyConfig.Comment.startsWith(prefix))!;
const consolePolicy = () => policyCommented('Staff console');
/** The behaviours in front of the API: all but the API reference's (/docs*, on the bucket). */
const apiBehaviours = () => (distribution().CacheBehaviors as Array<Record<string, any>>).filter((b) => b.PathPattern !== `${DOCS_PATH}*`);

describe('staff console: wired into the stack', () => {
  it('has one console, one distribution, one managed-login domain and one app client', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    // The console's code-flow client is the only client of the staff pool.
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  });

  it('keeps the bucket private, encrypted, versioned, TLS-only, access-logged and retained', () => {
    expect(resources[bucketId()]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [expect.objectContaining({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })] },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(s.stack, s.stack.console.logs) } },
      },
    });
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(`"${bucketId()}"`))!;
    const statements = policy[1].Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Reads only by this distribution (origin access control), and nobody else is allowed anything.
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) } },
    });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(logicalId(s.stack, s.stack.console.distribution));
  });

  it('serves it through CloudFront with origin access control, HTTPS only, TLS 1.2 to origins, logged', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    const config = distribution();
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: expect.any(String) } },
      Logging: { Bucket: { 'Fn::GetAtt': [logicalId(s.stack, s.stack.console.logs), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
    });
    const s3Origin = config.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin).toMatchObject({ DomainName: { 'Fn::GetAtt': [bucketId(), 'RegionalDomainName'] }, OriginAccessControlId: expect.anything(), S3OriginConfig: { OriginAccessIdentity: '' } });
    const apiOrigin = config.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(apiOrigin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // No custom domain in the test settings: the default certificate (CFR4 acknowledged, see console-options.test.ts).
    expect(config.ViewerCertificate).toBeUndefined();
    // The log bucket accepts CloudFront's ACL-based log delivery and is otherwise private.
    expect(resources[logicalId(s.stack, s.stack.console.logs)]!.Properties).toMatchObject({
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 400 })] },
    });
  });

  it('sends a strict CSP and the security headers, on the console and the API alike', () => {
    const [policyId, policy] = consolePolicy();
    const config = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    const csp = JSON.stringify(config.ContentSecurityPolicy?.ContentSecurityPolicy);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'", "require-trusted-types-for 'script'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // The only other origin the page may talk to is the managed-login token endpoint.
    expect(csp).toContain(`connect-src 'self' ${LOGIN_ORIGIN}`);
    expect(config.ContentSecurityPolicy?.Override).toBe(true);
    expect(config.FrameOptions).toMatchObject({ FrameOption: 'DENY', Override: true });
    expect(config.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    expect(config.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 24 * 3600, IncludeSubdomains: true, Preload: true });
    expect(config.ContentTypeOptions).toMatchObject({ Override: true });
    const custom = policy.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig.Items as Array<{ Header: string; Value: string }>;
    expect(custom).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin' }),
        expect.objectContaining({ Header: 'Cross-Origin-Resource-Policy', Value: 'same-origin' }),
        expect.objectContaining({ Header: 'Permissions-Policy' }),
      ]),
    );
    // Every behaviour but the API reference's, which has its own CSP (below).
    const dist = distribution();
    for (const b of [dist.DefaultCacheBehavior, ...apiBehaviours()]) expect(b.ResponseHeadersPolicyId, b.PathPattern).toEqual({ Ref: policyId });
  });

  it('signs staff in with Cognito managed login on the configured domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'contactstrategy-123456789012',
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: logicalId(s.stack, s.stack.auth.userPool) },
    });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('has a public app client with the authorization code flow (PKCE) and refresh only, no writable attribute, redirecting only to the console', () => {
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: logicalId(s.stack, s.stack.auth.userPool) },
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    expect(client.Properties.AllowedOAuthFlows).not.toContain('client_credentials');
    expect(client.Properties.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    // No direct sign-in (password, SRP, custom auth): left unset, Cognito would allow SRP and custom auth.
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    // Nothing writable: left unset, every standard attribute (the name included) would be.
    expect(client.Properties.WriteAttributes).toEqual([]);
    // The console's own origin and nothing else (no localhost left behind).
    const distId = logicalId(s.stack, s.stack.console.distribution);
    for (const urls of [client.Properties.CallbackURLs, client.Properties.LogoutURLs]) {
      expect(urls).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distId, 'DomainName'] }, '/']] }]);
    }
    // PKCE is the console's side of the code flow: S256 challenge, verifier sent to the token endpoint.
    const auth = readFileSync(join(PROJECT_ROOT, 'console/src/auth.ts'), 'utf8');
    expect(auth).toContain("code_challenge_method: 'S256'");
    expect(auth).toContain('code_verifier');
  });

  it('serves every deployed API route on the console origin, uncached, with the Authorization header forwarded', () => {
    const dist = distribution();
    const apiOriginId = dist.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig).Id;
    const behaviours = apiBehaviours();
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns().sort());
    expect(apiPathPatterns()).toEqual(expect.arrayContaining(['/service-users*', '/cases*', '/contacts*', '/incidents*', '/strategies*', '/reviews*', '/breaches*', '/governance*', '/openapi.json']));
    expect(apiPathPatterns().some((p) => p.startsWith('/local'))).toBe(false);
    for (const b of behaviours) {
      expect(b, b.PathPattern).toMatchObject({
        TargetOriginId: apiOriginId,
        ViewerProtocolPolicy: 'https-only',
        // Managed CachingDisabled and AllViewerExceptHostHeader: with caching off, the
        // all-viewer policy forwards Authorization; Host stays API Gateway's own.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
      expect(b.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']));
    }
    // The origin is the API's v1 stage.
    const apiOrigin = dist.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(s.stack, s.stack.api.restApi));
  });

  it('needs no CORS: no preflight methods, no Access-Control headers from API Gateway or the handlers', () => {
    expect(ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod)).not.toContain('OPTIONS');
    for (const [, r] of ofType('AWS::ApiGateway::GatewayResponse')) {
      expect(Object.keys(r.Properties.ResponseParameters ?? {}).filter((h) => /access-control/i.test(h))).toEqual([]);
    }
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) sources.push(path);
      }
    };
    walk(join(PROJECT_ROOT, 'functions'));
    walk(join(PROJECT_ROOT, 'lib'));
    const withCors = sources.filter((f) => /access-control-allow/i.test(readFileSync(f, 'utf8')));
    expect(withCors).toEqual([]);
  });

  it('uploads the built console and its config.json on every deploy, then invalidates the distribution', () => {
    const deployments = ofType('Custom::CDKBucketDeployment').filter(([, d]) => JSON.stringify(d.Properties.DestinationBucketName).includes(`"${bucketId()}"`));
    expect(deployments).toHaveLength(1);
    const d = deployments[0]![1].Properties;
    expect(d).toMatchObject({
      Prune: false,
      RetainOnDelete: true,
      DistributionId: { Ref: logicalId(s.stack, s.stack.console.distribution) },
      DistributionPaths: ['/*'],
      WaitForDistributionInvalidation: true,
    });
    expect(d.DestinationBucketKeyPrefix).toBeUndefined();
    // Two sources: the built files (its local config.json excluded), then config.json with deploy-time values.
    expect(d.SourceObjectKeys).toHaveLength(2);
    const markers = d.SourceMarkers[1] as Record<string, unknown>;
    expect(Object.values(markers)).toEqual(
      expect.arrayContaining([
        { Ref: logicalId(s.stack, s.stack.auth.userPool) },
        { Ref: logicalId(s.stack, s.stack.console.client) },
        { 'Fn::GetAtt': [logicalId(s.stack, s.stack.console.distribution), 'DomainName'] },
      ]),
    );
  });

  it('writes the config.json the console reads: Cognito sign-in, same-origin API', () => {
    // The jsonData source is rendered into an asset directory: read it back.
    const assetDir = (id: string) => {
      const { assetPath } = s.stack.console.deployment.node.findChild(id) as unknown as { assetPath: string };
      return isAbsolute(assetPath) ? assetPath : join(s.app.outdir, assetPath);
    };
    const dir = assetDir('Asset2');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, any>;
    expect(config).toMatchObject({
      auth: 'cognito',
      apiUrl: '',
      orgName: 'Northshire OPFCC',
      policeForceName: 'Northshire Constabulary',
      userPoolId: expect.stringMatching(/^<<marker:/),
      cognito: { domain: LOGIN_ORIGIN, clientId: expect.stringMatching(/^<<marker:/), redirectUri: expect.stringMatching(/^https:\/\/<<marker:.*\/$/), logoutUri: expect.stringMatching(/\/$/) },
    });
    // The built files' asset leaves the local config.json out, so it cannot overwrite this one.
    const files = readdirSync(assetDir('Asset1'));
    expect(files).toContain('index.html');
    expect(files).not.toContain('config.json');
  });

  it("runs the deployment on its own role: this bucket, these sources, this distribution's invalidations, its log group", () => {
    const roleId = logicalId(s.stack, s.stack.console.deployRole);
    const handler = ofType('AWS::Lambda::Function').find(([, f]) => JSON.stringify(f.Properties.Role).includes(`"${roleId}"`));
    expect(handler, 'a handler runs with the console deploy role').toBeDefined();
    expect(handler![0]).toMatch(/^CustomCDKBucketDeployment/);
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    const actions = statements.flatMap((st) => [st.Action].flat()).sort();
    expect(actions).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'].sort());
    const bySid = (sid: string) => statements.find((st) => st.Sid === sid)!;
    expect(bySid('ListDestination').Resource).toEqual({ 'Fn::GetAtt': [bucketId(), 'Arn'] });
    expect(bySid('WriteDestination').Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] });
    expect(bySid('Invalidate').Resource).toEqual({ 'Fn::Join': ['', ['arn:aws:cloudfront::123456789012:distribution/', { Ref: logicalId(s.stack, s.stack.console.distribution) }]] });
    // Exactly the two source objects, never the whole bootstrap bucket.
    const read = [bySid('ReadSources').Resource].flat() as string[];
    expect(read).toHaveLength(2);
    for (const r of read) expect(r).toMatch(/^arn:aws:s3:::cdk-[a-z0-9]+-assets-123456789012-eu-west-2\/[0-9a-f]{64}\.zip$/);
    // No delete: nothing is pruned.
    expect(actions.some((a) => a.includes('Delete'))).toBe(false);
  });

  it('passes cdk-nag with every console finding acknowledged narrowly', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations).toEqual([]);
    const acknowledged: Array<{ path: string; id: string }> = [];
    for (const c of s.stack.console.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const id of Object.keys(m.data as Record<string, string>)) acknowledged.push({ path: c.node.path.replace('ContactStrategy/Console/', ''), id: id.replace(/^annotation::/i, '') });
      }
    }
    expect(acknowledged.map((a) => `${a.id} @ ${a.path}`).sort()).toEqual(
      [
        'AwsSolutions-CFR1 @ Distribution',
        'AwsSolutions-CFR2 @ Distribution',
        'AwsSolutions-CFR4 @ Distribution',
        `AwsSolutions-IAM5[Resource::<${bucketId()}.Arn>/*] @ DeployRole`,
        'AwsSolutions-S1 @ Logs',
      ].sort(),
    );
  });
});

describe('API reference: deployed with the console at /docs', () => {
  const docsBehaviour = () => (distribution().CacheBehaviors as Array<Record<string, any>>).find((b) => b.PathPattern === '/docs*')!;

  it('uploads docs/ with the console: the same deployment, the same asset as index.html', () => {
    const { assetPath } = s.stack.console.deployment.node.findChild('Asset1') as unknown as { assetPath: string };
    const dir = isAbsolute(assetPath) ? assetPath : join(s.app.outdir, assetPath);
    expect(readdirSync(dir)).toContain('index.html');
    expect(readdirSync(join(dir, 'docs'))).toEqual(expect.arrayContaining(['index.html', 'reference.js']));
  });

  it('serves /docs* from the console bucket, cached and compressed, over HTTPS, behind no API route', () => {
    const dist = distribution();
    expect(docsBehaviour()).toMatchObject({
      TargetOriginId: dist.DefaultCacheBehavior.TargetOriginId,
      ViewerProtocolPolicy: 'redirect-to-https',
      // Managed CachingOptimized, as for the console's own files.
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      Compress: true,
    });
    expect(apiPathPatterns().some((p) => p.startsWith(DOCS_PATH))).toBe(false);
    // The distribution has the API's behaviours and this one, nothing else.
    expect(dist.CacheBehaviors).toHaveLength(apiPathPatterns().length + 1);
  });

  it('answers /docs and /docs/ with the page, exactly as the local stack does', () => {
    const [fnId, fn] = ofType('AWS::CloudFront::Function')[0]!;
    expect(ofType('AWS::CloudFront::Function')).toHaveLength(1);
    expect(fn.Properties).toMatchObject({ AutoPublish: true, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
    expect(fn.Properties.FunctionCode).toBe(docsIndexFunction());
    expect(docsBehaviour().FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } }]);
    // Run the function as CloudFront would, against the local server's rule.
    const handler = new Function(`${docsIndexFunction()}\nreturn handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    for (const uri of ['/docs', '/docs/', '/docs/index.html', '/docs/reference.js', '/docs/redoc.standalone.js', '/docs/cases', '/docs/a/b']) {
      expect(handler({ request: { uri } }).uri, uri).toBe(`/${docsFile(uri)}`);
    }
  });

  it("sends the reference's own CSP (scripts from the console's origin only) and the console's other security headers", () => {
    const [docsId, docs] = policyCommented('API reference');
    expect(docsBehaviour().ResponseHeadersPolicyId).toEqual({ Ref: docsId });
    const config = docs.Properties.ResponseHeadersPolicyConfig;
    const csp = config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toBe(docsCsp());
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['default-src']).toBe("default-src 'none'");
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['connect-src']).toBe("connect-src 'self'");
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:/);
    // The rest is the console's policy, header for header.
    const consoleConfig = consolePolicy()[1].Properties.ResponseHeadersPolicyConfig;
    const { ContentSecurityPolicy: _docs, ...docsRest } = config.SecurityHeadersConfig;
    const { ContentSecurityPolicy: _console, ...consoleRest } = consoleConfig.SecurityHeadersConfig;
    expect(docsRest).toEqual(consoleRest);
    expect(config.CustomHeadersConfig).toEqual(consoleConfig.CustomHeadersConfig);
  });
});
