import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { consoleCsp } from '../../local/console.js';
import { ROUTES } from '../../lib/routes.js';

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
}

/**
 * The staff console: a private S3 bucket read by CloudFront through origin access
 * control, a response-headers policy with the same strict CSP the local stack
 * serves, and Cognito managed login with the authorization code flow and PKCE
 * for the console's public app client. Deploy the built files with
 * `npm run build:console && aws s3 sync console/dist s3://<ConsoleBucket>` and write
 * `config.json` from the `ConsoleConfig` output.
 */
export class StaffConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.domain = props.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const loginOrigin = `https://${props.domainPrefix}.auth.${region}.amazoncognito.com`;

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Staff console: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp([loginOrigin]), override: true },
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

    const apiBehaviours: Record<string, cloudfront.BehaviorOptions> = {};
    if (props.api) {
      const apiOrigin = new origins.RestApiOrigin(props.api);
      const prefixes = [...new Set(ROUTES.map((r) => r.path.split('/')[1]))];
      for (const prefix of prefixes) {
        apiBehaviours[prefix?.includes('.') ? `/${prefix}` : `/${prefix}*`] = {
          origin: apiOrigin,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        };
      }
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'contact-strategy staff console',
      defaultRootObject: 'index.html',
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: apiBehaviours,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    // The console's public client: authorization code with PKCE, no secret, no implicit flow.
    this.client = props.userPool.addClient('ConsoleWeb', {
      generateSecret: false,
      authFlows: {},
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

    new CfnOutput(this, 'ConsoleUrl', { value: `${this.origin}/` });
    new CfnOutput(this, 'ConsoleBucket', { value: this.bucket.bucketName });
    new CfnOutput(this, 'ConsoleConfig', {
      description: 'Write this to config.json in the console bucket',
      value: Stack.of(this).toJsonString({
        auth: 'cognito',
        apiUrl: props.api ? '' : 'SET-API-URL',
        cognito: { domain: loginOrigin, clientId: this.client.userPoolClientId, redirectUri: `${this.origin}/`, logoutUri: `${this.origin}/` },
      }),
    });
  }
}
