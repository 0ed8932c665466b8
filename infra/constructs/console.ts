import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { consoleCsp, docsCsp } from '../../console/csp.js';
import { DOCS_FILE, DOCS_PATH } from '../../scripts/api-docs.js';
import { deployedRoutes } from './api.js';
import { PROJECT_ROOT } from './lambda-function.js';

/** Where `npm run build:console` writes the console (console/build.ts DIST). */
export const CONSOLE_DIST = join(PROJECT_ROOT, 'console/dist');

/**
 * The CloudFront Function in front of the reference: what local/console.ts does
 * with docsFile, /docs and any path under it that is not one of its files are its page.
 */
export function docsIndexFunction(): string {
  return [
    'function handler(event) {',
    '  var request = event.request;',
    `  if ((request.uri === '${DOCS_PATH}' || request.uri.indexOf('${DOCS_PATH}/') === 0) && !${String(DOCS_FILE)}.test(request.uri)) request.uri = '${DOCS_PATH}/index.html';`,
    '  return request;',
    '}',
  ].join('\n');
}

/** The path patterns CloudFront sends to the API: one per top-level path of the deployed routes. */
export function apiPathPatterns(routes = deployedRoutes()): string[] {
  const prefixes = [...new Set(routes.map((r) => r.path.split('/')[1] ?? ''))].filter((p) => p !== '');
  return prefixes.map((prefix) => (prefix.includes('.') ? `/${prefix}` : `/${prefix}*`));
}

export interface ConsoleProps {
  userPool: cognito.UserPool;
  /** Globally unique prefix of the managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: string;
  /**
   * The REST API. When given, CloudFront serves it on the console's own origin
   * (one behaviour per top-level path of ROUTES), so the browser never makes a
   * cross-origin call and the API needs no CORS at all.
   */
  api?: apigw.RestApi;
  /** The built console (default console/dist) with the API reference in docs/; synth fails if either index.html is missing. */
  consoleDir?: string;
  /** A custom domain and its us-east-1 ACM certificate; without them the distribution's own domain is used. */
  customDomain?: { domainName: string; certificateArn: string };
  /** A WAF web ACL of scope CLOUDFRONT (us-east-1) for the distribution. */
  webAclArn?: string;
  /** Retention of the deployment handler's log group. */
  logRetention: logs.RetentionDays;
  /** The office and its police force (settings orgName, policeForceName), named in the console through its config.json. */
  office: { orgName: string; policeForceName: string };
}

/**
 * The staff console: a private S3 bucket read by CloudFront through origin access
 * control, a response-headers policy with the same strict CSP the local stack
 * serves, and Cognito managed login with the authorization code flow and PKCE
 * for the console's public app client. The built files (`npm run build:console`)
 * and the `config.json` the console reads are copied into the bucket on every
 * deploy by a BucketDeployment, which then invalidates the distribution. The API
 * reference (scripts/api-docs.ts) is among those files, under docs/, and is
 * served at /docs with the CSP it needs (docsCsp). Both CSPs come from console/csp.ts,
 * which the local stack reads too.
 */
export class StaffConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly origin: string;
  /** CloudFront standard logs and the console bucket's server access logs. */
  readonly logs: s3.Bucket;
  readonly deployment: s3deploy.BucketDeployment;
  /** The deployment handler's role: exactly the statements in deploy(), nothing CDK would add. */
  readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const consoleDir = props.consoleDir ?? CONSOLE_DIST;
    for (const page of ['index.html', 'docs/index.html']) {
      if (!existsSync(join(consoleDir, page))) {
        throw new Error(
          `The staff console is not built: ${join(consoleDir, page)} does not exist. ` +
            'Run `npm run build:console` (infra/app.ts does so when synth finds it missing), then synth again.',
        );
      }
    }

    // CloudFront standard logging writes with ACLs, so this bucket keeps them enabled
    // (owner preferred); nothing here is public.
    this.logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: "This bucket receives the console distribution's standard logs and the console bucket's server access logs; logging it into itself would loop.",
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    this.domain = props.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const loginOrigin = `https://${props.domainPrefix}.auth.${region}.amazoncognito.com`;

    const securityHeaders = (id: string, comment: string, csp: string) =>
      new cloudfront.ResponseHeadersPolicy(this, id, {
        comment,
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
          xssProtection: { protection: false, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
            { header: 'Cross-Origin-Resource-Policy', value: 'same-origin', override: true },
            { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()', override: true },
          ],
        },
      });
    const headers = securityHeaders('SecurityHeaders', 'Staff console: strict CSP and security headers', consoleCsp([loginOrigin]));
    const docsHeaders = securityHeaders('DocsSecurityHeaders', 'API reference (/docs): its CSP and the same security headers', docsCsp());

    // The API on the console's own origin. Caching is disabled, so the all-viewer
    // origin request policy forwards the Authorization header (Host excepted: API
    // Gateway answers only to its own host name). The same security headers apply.
    const apiBehaviours: Record<string, cloudfront.BehaviorOptions> = {};
    if (props.api) {
      const apiOrigin = new origins.RestApiOrigin(props.api);
      for (const pattern of apiPathPatterns()) {
        apiBehaviours[pattern] = {
          origin: apiOrigin,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        };
      }
    }

    // The reference is one page with its scripts beside it: /docs and /docs/ are that page.
    const consoleOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const docsIndex = new cloudfront.Function(this, 'DocsIndex', {
      comment: 'Serves /docs/index.html at /docs and /docs/',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(docsIndexFunction()),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'contact-strategy staff console',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            // Only a custom certificate lets the viewer security policy be chosen.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: consoleOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        ...apiBehaviours,
        [`${DOCS_PATH}*`]: {
          origin: consoleOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: docsHeaders,
          compress: true,
          functionAssociations: [{ function: docsIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    this.origin = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;
    this.acknowledgeDistributionFindings(props);

    // The console's public client: authorization code with PKCE, no secret, no implicit flow.
    // Every direct sign-in flow is off (no password, SRP or custom auth: staff sign in
    // through managed login, with its MFA), leaving only refresh. No attribute is
    // writable through it: the name on every record is the one the office gave, and
    // a member of staff cannot rename themselves with their own access token.
    this.client = props.userPool.addClient('ConsoleWeb', {
      generateSecret: false,
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      writeAttributes: new cognito.ClientAttributes(),
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${this.origin}/`],
        logoutUrls: [`${this.origin}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // What the console reads at start (console/src/auth.ts ConsoleConfig). The API
    // is on this origin, so its base is '' (same-origin, relative URLs).
    const config = {
      auth: 'cognito',
      apiUrl: '',
      ...props.office,
      userPoolId: props.userPool.userPoolId,
      cognito: { domain: loginOrigin, clientId: this.client.userPoolClientId, redirectUri: `${this.origin}/`, logoutUri: `${this.origin}/` },
    };
    const deployed = this.deploy(consoleDir, config, props.logRetention);
    this.deployment = deployed.deployment;
    this.deployRole = deployed.role;

    new CfnOutput(this, 'ConsoleUrl', { value: `${this.origin}/` });
    new CfnOutput(this, 'ConsoleBucket', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ConsoleClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'ManagedLoginDomain', { value: loginOrigin });
  }

  /**
   * Copies the built console, then config.json, into the bucket and invalidates the
   * distribution. CDK's BucketDeployment would grant its handler `s3:List*`,
   * `s3:DeleteObject*` and CloudFront invalidation on `*`; it gets an immutable
   * role instead, with exactly the statements below. No prune: hashed chunks of
   * the previous build stay, so a console already open keeps loading its chunks.
   */
  private deploy(consoleDir: string, config: Record<string, unknown>, logRetention: logs.RetentionDays): { deployment: s3deploy.BucketDeployment; role: iam.Role } {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'DeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built staff console and its config.json into the console bucket at deploy time',
    });
    const logGroup = new logs.LogGroup(this, 'DeployLogs', { retention: logRetention });
    logGroup.grantWrite(role);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ListDestination', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: 'WriteDestination', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('*')] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Invalidate',
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [stack.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: this.distribution.distributionId })],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*]`,
      reason: "The bucket holds only the console's files, whose names (hashed chunks) come from the build at deploy time; access is to this one bucket.",
    });

    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      // The build's own config.json is the local stack's; the deployed one follows.
      sources: [s3deploy.Source.asset(consoleDir, { exclude: ['config.json'] }), s3deploy.Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      prune: false,
      retainOnDelete: true,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role: role.withoutPolicyUpdates(),
      logGroup,
      // Not the policy PDF deployment's 256: BucketDeployment's handler is a singleton
      // per memory size, and each deployment must run with its own role.
      memoryLimit: 512,
    });
    deployment.node.addDependency(role);
    // Each source is an asset in the bootstrap bucket: read exactly those objects.
    const assets = deployment.node.children.filter((c): c is s3assets.Asset => c instanceof s3assets.Asset);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadSources', actions: ['s3:GetObject'], resources: assets.map((a) => a.bucket.arnForObjects(a.s3ObjectKey)) }));
    for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib (upgraded with it), and it runs only during deployments.",
      });
    }
    return { deployment, role };
  }

  private acknowledgeDistributionFindings(props: ConsoleProps): void {
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Staff sign in with Cognito (MFA required, threat protection on); a country block adds nothing and would lock out staff working or travelling abroad.',
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason: 'A CloudFront web ACL must live in us-east-1 and this stack is single-region; the API behind it has its own regional WAF. Give consoleWebAclArn to attach one.',
      });
    }
    if (!props.customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: "On CloudFront's default *.cloudfront.net certificate the viewer security policy cannot be chosen; give consoleDomainName and consoleCertificateArn for TLSv1.2_2021.",
      });
    }
  }
}
