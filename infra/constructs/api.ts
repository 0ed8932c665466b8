import { CfnOutput, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ROUTES, type RouteSpec } from '../../lib/routes.js';

export interface ApiProps {
  userPool: cognito.IUserPool;
  /** The Lambda behind each API function name of ROUTES. */
  functions: ReadonlyMap<string, lambda.IFunction>;
  logRetention: logs.RetentionDays;
  rateLimit: number;
  burstLimit: number;
}

/** The routes API Gateway serves: every route of ROUTES except the local stack's own. */
export function deployedRoutes(routes: readonly RouteSpec[] = ROUTES): RouteSpec[] {
  return routes.filter((r) => !r.path.startsWith('/local/') && r.path !== '/local');
}

/** An RFC 9457 body; `$context.error.messageString` is already a quoted JSON string. */
function problem(title: string, status?: number): Record<string, string> {
  const statusField = status === undefined ? '' : `"status":${status},`;
  return {
    'application/json': `{"type":"about:blank","title":"${title}",${statusField}"detail":$context.error.messageString}`,
  };
}

/**
 * API Gateway's own answers, in the same problem+json shape as the handlers'.
 * API Gateway answers an unknown route with MISSING_AUTHENTICATION_TOKEN (403):
 * the API answers 404 for an unknown route (as the local server does), so that one is re-coded.
 * The default 4XX/5XX bodies carry no `status` (it is optional in RFC 9457 and a
 * mapping template cannot know the code); every common case has its own entry.
 */
const GATEWAY_RESPONSES: Array<{ type: apigw.ResponseType; status?: number; title: string }> = [
  { type: apigw.ResponseType.UNAUTHORIZED, status: 401, title: 'Unauthorized' },
  { type: apigw.ResponseType.ACCESS_DENIED, status: 403, title: 'Forbidden' },
  { type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, title: 'Not Found' },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, status: 404, title: 'Not Found' },
  { type: apigw.ResponseType.BAD_REQUEST_BODY, status: 400, title: 'Bad Request' },
  { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, status: 400, title: 'Bad Request' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, status: 413, title: 'Content Too Large' },
  { type: apigw.ResponseType.THROTTLED, status: 429, title: 'Too Many Requests' },
  { type: apigw.ResponseType.WAF_FILTERED, status: 403, title: 'Forbidden' },
  { type: apigw.ResponseType.INTEGRATION_FAILURE, status: 502, title: 'Bad Gateway' },
  { type: apigw.ResponseType.INTEGRATION_TIMEOUT, status: 504, title: 'Gateway Timeout' },
  { type: apigw.ResponseType.DEFAULT_4XX, title: 'Client Error' },
  { type: apigw.ResponseType.DEFAULT_5XX, title: 'Server Error' },
];

/** The media types the API answers as bytes rather than text: the posted letter's PDF. */
export const BINARY_MEDIA_TYPES = ['application/pdf'];

/**
 * The REST API, built from ROUTES: one Lambda proxy integration per route, the
 * Cognito authorizer on every route that needs a token, problem+json gateway
 * responses, JSON access logs, stage throttling, X-Ray, and a WAF web ACL.
 *
 * Field-level validation stays in the handlers (zod): the API names every
 * offending field and splits 400 from 422, which API Gateway models cannot express.
 * The request validator here checks only the declared path parameters.
 */
export class Api extends Construct {
  readonly restApi: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  readonly routes: RouteSpec[];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      description: 'contact-strategy staff API',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // GET /letters/{id}/pdf answers base64 with isBase64Encoded (lib/http.ts): API
      // Gateway turns it back into the PDF's bytes only for a binary media type, when
      // the request's first Accept type is one (send `Accept: application/pdf`).
      binaryMediaTypes: BINARY_MEDIA_TYPES,
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'v1',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Request and response bodies hold personal data: never in execution logs.
        dataTraceEnabled: false,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
      },
    });
    // The account-level role API Gateway pushes execution logs with.
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'API Gateway needs this account-level role to write execution logs; the AWS managed policy is the documented way to grant it and covers only CloudWatch Logs.',
    });

    for (const r of GATEWAY_RESPONSES) {
      this.restApi.addGatewayResponse(`Gw${r.type.responseType}`, {
        type: r.type,
        ...(r.status === undefined ? {} : { statusCode: String(r.status) }),
        // Like every answer of the handlers (lib/http.ts): nothing an API answers is kept by a browser or proxy.
        responseHeaders: { 'Content-Type': "'application/problem+json'", 'Cache-Control': "'no-store'" },
        templates: problem(r.title, r.status),
      });
    }

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
    });
    const validator = new apigw.RequestValidator(this, 'PathValidator', {
      restApi: this.restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    this.routes = deployedRoutes();
    const integrations = new Map<string, apigw.LambdaIntegration>();
    for (const route of this.routes) {
      const fn = props.functions.get(route.fn);
      if (!fn) throw new Error(`Route ${route.method} ${route.path} names function '${route.fn}', which is not in lib/functions-manifest.ts`);
      let integration = integrations.get(route.fn);
      if (!integration) {
        // One invoke permission per function for this API (its execute-api ARN), not one per
        // method: a permission per method is one CloudFormation resource, and the stack must stay
        // under CloudFormation's 500. API Gateway still reaches each function only by its routes.
        integration = new apigw.LambdaIntegration(fn, { proxy: true, scopePermissionToMethod: false });
        integrations.set(route.fn, integration);
      }
      const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const resource = this.restApi.root.resourceForPath(route.path);
      const method = resource.addMethod(route.method, integration, {
        ...(route.auth === false
          ? { authorizationType: apigw.AuthorizationType.NONE }
          : { authorizationType: apigw.AuthorizationType.COGNITO, authorizer }),
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParams.map((p) => [`method.request.path.${p}`, true])),
      });
      if (route.auth === false) {
        const reason = `${route.method} ${route.path} is a public document (auth: false in lib/routes.ts): the API description carries no data.`;
        Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
      }
    }

    // Sampled requests stay off: a sample keeps the request's headers, bearer token included.
    // AWS managed rules in front of the API. SizeRestrictions_BODY blocks bodies
    // over 8 KB, but the API allows free text of 10,000 characters: counted, not blocked.
    const rule = (priority: number, name: string, excluded: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excluded.length ? { ruleActionOverrides: excluded.map((n) => ({ name: n, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'contact-strategy-api', sampledRequestsEnabled: false },
      rules: [
        rule(0, 'AWSManagedRulesAmazonIpReputationList'),
        rule(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        rule(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'RateLimitPerIp',
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'RateLimitPerIp', sampledRequestsEnabled: false },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.restApi.url });
  }
}
