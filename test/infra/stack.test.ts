import { readdirSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_GROUPS } from '../../infra/constructs/auth.js';
import { BINARY_MEDIA_TYPES, deployedRoutes } from '../../infra/constructs/api.js';
import { POLICY_PDF_DIR } from '../../infra/constructs/messaging.js';
import { PORT_SETTINGS, portsOf, wiringSettingsOf } from '../../lib/adapters/settings.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { toResult } from '../../lib/http.js';
import { DELETABLE_PARTITIONS, KEY, REVIEW_CLAIM_KEYS, STRATEGY_PARTITION, TABLE_DEFINITION, TIMELINE_KEYS } from '../../lib/store/table.js';
import { logicalId, synthesize, type Synthesized } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let s: Synthesized;
let template: Template;
let resources: Record<string, Resource>;

const CONNECT_INSTANCE = 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555';

beforeAll(() => {
  // With an Amazon Connect instance, so that every function of the manifest is built (the switchboard's too).
  s = synthesize({ context: { connectInstanceArn: CONNECT_INSTANCE, connectQueueArn: `${CONNECT_INSTANCE}/queue/66666666-7777-8888-9999-000000000000` } });
  template = s.template;
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const fnId = (name: string) => logicalId(s.stack, s.stack.functions.get(name)!);
/** Every statement of every identity policy (inline role policies and AWS::IAM::Policy). */
function identityStatements(): Array<{ id: string; statement: Statement }> {
  const out: Array<{ id: string; statement: Statement }> = [];
  for (const [id, r] of Object.entries(resources)) {
    const docs =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties.PolicyDocument]
        : r.Type === 'AWS::IAM::Role'
          ? (r.Properties.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)
          : [];
    for (const doc of docs) for (const statement of doc.Statement as Statement[]) out.push({ id, statement });
  }
  return out;
}
/** The statements attached to one function's role. */
function statementsOf(name: string): Statement[] {
  const roleId = logicalId(s.stack, s.stack.functions.get(name)!.role as never);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((st) => [st.Action].flat());

describe('data: the single table', () => {
  it('has the keys, TTL and three GSIs of TABLE_DEFINITION', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('keeps the records: PITR, deletion protection, retained on stack deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('is encrypted with a customer-managed key that rotates', () => {
    const keyId = logicalId(s.stack, s.stack.data.key);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('has an explicit key policy: administrators manage the key, and it is used only through DynamoDB and S3', () => {
    const statements = resources[logicalId(s.stack, s.stack.data.key)]!.Properties.KeyPolicy.Statement as Array<Statement & { Sid: string }>;
    expect(statements.map((st) => st.Sid)).toEqual(['KeyAdministration', 'UseThroughDynamoDbAndS3']);
    // Not the account-root default, which allows kms:* to the account.
    expect(statements.flatMap((st) => [st.Action].flat())).not.toContain('kms:*');
    const admin = [statements[0]!.Action].flat();
    for (const use of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']) expect(admin).not.toContain(use);
    const via = JSON.stringify((statements[1]!.Condition as { StringEquals: Record<string, unknown> }).StringEquals['kms:ViaService']);
    expect(via).toContain('dynamodb.');
    expect(via).toContain('s3.');
  });
});

describe('auth: staff user pool', () => {
  it('has no self sign-up, a strong password policy, TOTP MFA required and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has exactly the five staff roles as groups', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, r]) => r.Properties.GroupName);
    expect(groups.sort()).toEqual([...STAFF_GROUPS].sort());
    expect(STAFF_GROUPS).toEqual(['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor']);
  });

  it("has one app client, the staff console's (public, code flow; console.test.ts asserts the rest)", () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false, AllowedOAuthFlows: ['code'], PreventUserExistenceErrors: 'ENABLED' });
  });
});

describe('api: REST API from ROUTES', () => {
  /** Method resources keyed "VERB /path", the path rebuilt from the Resource tree. */
  function methods(): Map<string, Resource> {
    const pathOf = (ref: unknown): string => {
      const r = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (r['Fn::GetAtt']) return ''; // the root resource
      const res = resources[r.Ref!]!;
      return `${pathOf(res.Properties.ParentId)}/${res.Properties.PathPart}`;
    };
    return new Map(ofType('AWS::ApiGateway::Method').map(([, m]) => [`${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId)}`, m]));
  }

  it('serves every route of ROUTES, and only those, through its Lambda', () => {
    const byRoute = methods();
    const routes = deployedRoutes();
    expect([...byRoute.keys()].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const m = byRoute.get(`${route.method} ${route.path}`)!;
      expect(m.Properties.Integration.Type, `${route.method} ${route.path}`).toBe('AWS_PROXY');
      expect(JSON.stringify(m.Properties.Integration.Uri), `${route.method} ${route.path}`).toContain(`"${fnId(route.fn)}"`);
    }
  });

  it('puts the Cognito authorizer on every route except auth:false ones', () => {
    const authorizerId = ofType('AWS::ApiGateway::Authorizer')[0]![0];
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' });
    const byRoute = methods();
    for (const route of deployedRoutes()) {
      const m = byRoute.get(`${route.method} ${route.path}`)!;
      if (route.auth === false) {
        expect(m.Properties.AuthorizationType, route.path).toBe('NONE');
      } else {
        expect(m.Properties.AuthorizationType, `${route.method} ${route.path}`).toBe('COGNITO_USER_POOLS');
        expect(m.Properties.AuthorizerId, `${route.method} ${route.path}`).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('never deploys the local stack routes', () => {
    expect(deployedRoutes([{ method: 'POST', path: '/local/token', fn: 'openapi', auth: false, summary: 'Issue a local token', success: 200, errors: [] }, ...deployedRoutes()])).toEqual(deployedRoutes());
    const paths = ofType('AWS::ApiGateway::Resource').map(([, r]) => r.Properties.PathPart);
    expect(paths).not.toContain('local');
  });

  it('answers its own errors as application/problem+json, unknown routes as 404', () => {
    for (const type of ['UNAUTHORIZED', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'UNAUTHORIZED', StatusCode: '401' });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'ACCESS_DENIED', StatusCode: '403' });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'MISSING_AUTHENTICATION_TOKEN', StatusCode: '404' });
    for (const [, r] of ofType('AWS::ApiGateway::GatewayResponse')) {
      const body = r.Properties.ResponseTemplates['application/json'].replace('$context.error.messageString', '"x"');
      expect(JSON.parse(body)).toMatchObject({ type: 'about:blank', title: expect.any(String), detail: 'x' });
    }
  });

  it('marks every answer API Gateway writes itself Cache-Control: no-store, as the handlers do theirs', () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse');
    expect(responses.length).toBeGreaterThan(0);
    for (const [, r] of responses) expect(r.Properties.ResponseParameters['gatewayresponse.header.Cache-Control']).toBe("'no-store'");
  });

  it('hands the posted letter\'s PDF through as bytes: application/pdf is a binary media type and the handler answers it base64-encoded', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['application/pdf'] });
    expect(BINARY_MEDIA_TYPES).toEqual(['application/pdf']);
    expect(deployedRoutes().some((r) => r.method === 'GET' && r.path === '/letters/{id}/pdf')).toBe(true);
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80]);
    const result = toResult({ status: 200, binary: bytes, headers: { 'content-type': 'application/pdf' } });
    expect(result.isBase64Encoded).toBe(true);
    expect(BINARY_MEDIA_TYPES).toContain(result.headers!['content-type']);
    expect(result.headers!['cache-control']).toBe('no-store');
    expect([...Buffer.from(result.body, 'base64')]).toEqual([...bytes]);
  });

  it('logs access as JSON, throttles the stage, traces, and never logs bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
      MethodSettings: [Match.objectLike({ DataTraceEnabled: false, LoggingLevel: 'ERROR', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
  });

  it('has a request validator and a WAF web ACL with AWS managed rules on the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestParameters: true });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', VendorName: 'AWS' }) } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }) } }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it('keeps no WAF sampled requests (a sample holds the bearer token)', () => {
    const acl = ofType('AWS::WAFv2::WebACL')[0]![1].Properties;
    const configs = [acl.VisibilityConfig, ...acl.Rules.map((r: { VisibilityConfig: unknown }) => r.VisibilityConfig)];
    expect(configs.length).toBeGreaterThan(1);
    for (const c of configs) expect(c).toMatchObject({ SampledRequestsEnabled: false });
  });
});

describe('lambdas: one per manifest entry, with the defaults', () => {
  it('builds exactly the functions of lib/functions-manifest.ts', () => {
    expect([...s.stack.functions.keys()].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    // Besides them, only CDK's deployment-time handlers that copy the policy PDF and
    // the staff console (one each: a handler runs with its deployment's own role).
    const others = ofType('AWS::Lambda::Function').filter(([id]) => ![...s.stack.functions.keys()].some((n) => fnId(n) === id));
    expect(others.map(([id]) => id)).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/), expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    const roles = others.map(([, f]) => (f.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]).sort();
    expect(roles).toEqual([logicalId(s.stack, s.stack.console.deployRole), expect.stringMatching(/^MessagingPolicyDeployRole/)].sort());
  });

  it.each(FUNCTIONS.map((f) => [f.name]))('%s runs nodejs24.x on arm64 with tracing, source maps, settings and a retained log group', (name) => {
    const fn = resources[fnId(name)]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Environment: {
        Variables: expect.objectContaining({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'contact-strategy',
          SOM_EMAIL: 'som@opcc.example.org',
          REVIEW_REMINDER_DAYS: '14',
          REVIEW_ESCALATION_DAYS: '7',
          MAX_REVIEW_MONTHS: '12',
          TABLE_NAME: expect.anything(),
          ORG_NAME: 'Northshire OPFCC',
          ORG_POSTAL_ADDRESS: 'PO Box 123|Northtown|NT1 2AB',
          POLICE_FORCE_NAME: 'Northshire Constabulary',
        }),
      },
    });
    const logGroupId = (fn.Properties.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
    // No AWS managed policy on the execution role.
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s gets exactly the wiring settings of the ports its access grants', (name, spec) => {
    const variables = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
    const wiring = [...new Set(Object.values(PORT_SETTINGS).flat())];
    expect(wiring.filter((setting) => setting in variables).sort()).toEqual([...wiringSettingsOf(spec.access)].sort());
    if (portsOf(spec.access).includes('mailer')) expect(variables.FROM_EMAIL).toBe('no-reply@opcc.example.org');
    if (spec.access.sendPost) expect(variables.POST_QUEUE_URL).toEqual({ Ref: logicalId(s.stack, s.stack.messaging.postQueue) });
    if (spec.access.postPacks) expect(variables.POST_PACK_BUCKET).toEqual({ Ref: logicalId(s.stack, s.stack.messaging.postPacks) });
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s gets the staff mailboxes exactly when it sends email', (name, spec) => {
    const variables = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
    const mailboxes = { LINE_MANAGER_EMAIL: 'line-managers@opcc.example.org', HEAD_OF_ASSURANCE_EMAIL: 'assurance@opcc.example.org', OFFICE_MAILBOX: 'office@opcc.example.org' };
    for (const [setting, value] of Object.entries(mailboxes)) {
      const given = spec.access.sendEmail || (setting === 'OFFICE_MAILBOX' && spec.access.namesOfficeMailbox);
      expect(variables[setting], setting).toBe(given ? value : undefined);
    }
    expect(variables).toMatchObject({ TERMINATED_CALLS_PROMPT: '2', UNMATCHED_CONTACT_DAYS: '90' });
  });

  it('announces incidents to the line managers and Head of Assurance, and forwards inbound email to the office, as deployed', () => {
    const variables = (name: string) => resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables('incidents')).toMatchObject({ LINE_MANAGER_EMAIL: 'line-managers@opcc.example.org', HEAD_OF_ASSURANCE_EMAIL: 'assurance@opcc.example.org' });
    expect(variables('inbound-email')).toMatchObject({ OFFICE_MAILBOX: 'office@opcc.example.org' });
  });

  it('gives STATE_MACHINE_ARN the ARN of the lifecycle state machine', () => {
    const arn = resources[fnId('strategies')]!.Properties.Environment.Variables.STATE_MACHINE_ARN;
    const name = resources[logicalId(s.stack, s.stack.workflow.stateMachine)]!.Properties.StateMachineName;
    expect(JSON.stringify(arn)).toContain(`:stateMachine:${name}`);
  });
});

describe('iam: least privilege from the manifest', () => {
  it('has no identity-policy statement with a wildcard action', () => {
    const wild = identityStatements().filter(({ statement }) => [statement.Action].flat().some((a) => a.includes('*')));
    expect(wild).toEqual([]);
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s gets only what its access asks for', (name, spec) => {
    const actions = actionsOf(statementsOf(name));
    expect(actions.includes('dynamodb:GetItem')).toBe(spec.access.table !== undefined);
    expect(actions.includes('dynamodb:PutItem')).toBe(spec.access.table === 'RW');
    expect(actions.includes('dynamodb:DeleteItem')).toBe(!!spec.access.deletes?.length || spec.access.disposal === 'carry-out');
    expect(actions.includes('s3:DeleteObject')).toBe(spec.access.disposal === 'carry-out');
    expect(actions.includes('ses:SendEmail')).toBe(!!spec.access.sendEmail);
    // Senders to the post queue or the disposal queue, and event, inbound-email and switchboard contact-event handlers whose failed events go to their dead-letter queue.
    expect(actions.includes('sqs:SendMessage')).toBe(!!spec.access.sendPost || spec.access.disposal === 'start' || spec.kind === 'event' || spec.kind === 'inbound-email' || spec.kind === 'connect-events');
    expect(actions.includes('s3:GetObject')).toBe(!!spec.access.postPacks || !!spec.access.policyDocument || !!spec.access.inboundEmail);
    expect(actions.includes('s3:PutObject')).toBe(spec.access.postPacks === 'RW');
    expect(actions.includes('states:StartExecution')).toBe(!!spec.access.workflow?.includes('start'));
    expect(actions.includes('states:SendTaskSuccess')).toBe(!!spec.access.workflow?.includes('callback'));
  });

  it('grants no Scan, no BatchWriteItem and no raw email to any function', () => {
    const actions = identityStatements().flatMap(({ statement }) => [statement.Action].flat());
    expect(actions).toContain('dynamodb:Query');
    for (const never of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'ses:SendRawEmail']) expect(actions).not.toContain(never);
  });

  it('lets only the disposal job delete records and post packs: every other function deletes only in the deletable partitions', () => {
    const disposers = FUNCTIONS.filter((f) => f.access.disposal === 'carry-out');
    expect(disposers.map((f) => f.name)).toEqual(['disposal']);
    expect(disposers.every((f) => f.kind === 'disposal')).toBe(true);
    const disposal = statementsOf('disposal');
    const unconditioned = disposal.filter((st) => [st.Action].flat().includes('dynamodb:DeleteItem') && st.Condition === undefined);
    expect(unconditioned).toHaveLength(1);
    for (const f of FUNCTIONS.filter((x) => x.name !== 'disposal')) {
      const own = statementsOf(f.name);
      expect(actionsOf(own), f.name).not.toContain('s3:DeleteObject');
      for (const st of own.filter((x) => [x.Action].flat().includes('dynamodb:DeleteItem'))) expect(st.Condition, f.name).toBeDefined();
    }
    // No other identity policy (a bucket deployment's, say) deletes post packs.
    const disposalRole = logicalId(s.stack, s.stack.functions.get('disposal')!.role as never);
    const packDeletes = identityStatements().filter(({ statement }) => [statement.Action].flat().some((a) => a.startsWith('s3:Delete')) && JSON.stringify(statement.Resource).includes('PostPacks'));
    expect(packDeletes.length).toBeGreaterThan(0);
    for (const { id } of packDeletes) expect(JSON.stringify(resources[id]!.Properties.Roles), id).toContain(disposalRole);
  });

  it('lets no function but the disposal job delete without a dynamodb:LeadingKeys condition naming only the deletable partitions', () => {
    const disposalRole = logicalId(s.stack, s.stack.functions.get('disposal')!.role as never);
    const deletes = identityStatements().filter(
      ({ id, statement }) => [statement.Action].flat().some((a) => a === 'dynamodb:DeleteItem' || a === 'dynamodb:*') && !JSON.stringify(resources[id]?.Properties.Roles ?? '').includes(disposalRole),
    );
    expect(deletes.length).toBeGreaterThan(0);
    const allowed = Object.values(DELETABLE_PARTITIONS).map((p) => `${p}*`);
    for (const { id, statement } of deletes) {
      // DeleteItem alone, under the condition: no other action rides on it.
      expect([statement.Action].flat(), id).toEqual(['dynamodb:DeleteItem']);
      const condition = statement.Condition as Record<string, Record<string, unknown>>;
      const prefixes = [condition['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']].flat();
      expect(prefixes.length, id).toBeGreaterThan(0);
      for (const p of prefixes) expect(allowed, id).toContain(p);
      expect(condition.Null, id).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    }
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s may delete only the items its manifest entry names', (name, spec) => {
    const deletes = statementsOf(name).filter((st) => [st.Action].flat().includes('dynamodb:DeleteItem') && st.Condition !== undefined);
    const expected = (spec.access.deletes ?? []).map((d) => `${DELETABLE_PARTITIONS[d]}*`);
    if (expected.length === 0) expect(deletes).toEqual([]);
    else expect(deletes.flatMap((st) => [(st.Condition as Record<string, Record<string, unknown>>)['ForAllValues:StringLike']!['dynamodb:LeadingKeys']].flat()).sort()).toEqual(expected.sort());
  });

  it('leaves only contact points and review claims deletable: profiles, timelines, histories and letters are outside every deletable partition', () => {
    const deletable = (pk: string) => Object.values(DELETABLE_PARTITIONS).some((p) => pk.startsWith(p));
    expect(deletable(KEY.contactPoint('P1', 'EMAIL', 'a@example.org').pk)).toBe(true);
    expect(deletable(REVIEW_CLAIM_KEYS.claim('S1', '2027-01-01', 'REMIND').pk)).toBe(true);
    for (const pk of [
      KEY.serviceUser('P1').pk,
      TIMELINE_KEYS.entry('C1', '2027-01-01T00:00:00.000Z', 'E1').pk,
      STRATEGY_PARTITION.history('S1', '2027-01-01T00:00:00.000Z', 'H1').pk,
      STRATEGY_PARTITION.letter('S1', 'L1').pk,
      KEY.strategy('S1').pk,
      KEY.case('C1').pk,
      KEY.contact('X1').pk,
      KEY.incident('I1').pk,
      KEY.breach('B1').pk,
    ]) {
      expect(deletable(pk), pk).toBe(false);
    }
    // Only the functions that remove contact points (a person's PATCH) and give claims back (the review sweep) delete at all.
    expect(FUNCTIONS.filter((f) => f.access.deletes?.length).map((f) => f.name).sort()).toEqual(['review-sweep', 'service-users']);
  });

  it('gives the public OpenAPI function no access to the records', () => {
    expect(JSON.stringify(statementsOf('openapi'))).not.toMatch(/dynamodb:|kms:/);
  });

  it('lets the email-letter task read only the policy document, not the post packs', () => {
    const reads = statementsOf('lifecycle-send-email-letter').filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    expect(actionsOf(reads)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(reads[0]!.Resource)).toContain('/policy/contact-policy.pdf');
    expect(JSON.stringify(reads[0]!.Resource)).not.toContain('/*');
  });

  it('sends SES events the function keeps failing on to the event dead-letter queue', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(([, c]) => JSON.stringify(c.Properties.FunctionName).includes(fnId('ses-events')));
    expect(configs).toHaveLength(1);
    expect(JSON.stringify(configs[0])).toContain('EventDeadLetters');
  });

  it('limits SES sending to the identity and configuration set, from FROM_EMAIL only', () => {
    const senders = FUNCTIONS.filter((f) => f.access.sendEmail);
    expect(senders.length).toBeGreaterThan(0);
    for (const f of senders) {
      const st = statementsOf(f.name).find((x) => [x.Action].flat().includes('ses:SendEmail'))!;
      expect((st.Condition as Record<string, unknown>).StringEquals).toEqual({ 'ses:FromAddress': 'no-reply@opcc.example.org' });
      // Recipients are limited only where the manifest says so (test/infra/inbound-email.test.ts).
      expect(JSON.stringify(st.Condition).includes('ses:Recipients')).toBe(f.access.emailOnlyTo !== undefined);
      expect(JSON.stringify(st.Resource)).toContain(':identity/');
      expect(JSON.stringify(st.Resource)).toContain(':configuration-set/');
    }
  });
});

describe('messaging: post queue, post packs, SES', () => {
  const queueId = () => logicalId(s.stack, s.stack.messaging.postQueue);
  const dlqId = () => logicalId(s.stack, s.stack.messaging.postDeadLetters);

  it('has an encrypted post queue with a dead-letter queue', () => {
    expect(resources[queueId()]!.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(), 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(resources[dlqId()]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('refuses non-TLS access to every queue', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    for (const id of queues) {
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(`"${id}"`));
      expect(policy, id).toBeDefined();
      expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('subscribes post-dispatch to the post queue with partial batch failures', () => {
    const consumers = FUNCTIONS.filter((f) => f.kind === 'queue-consumer');
    for (const f of consumers) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(f.name) },
        EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
    // The post queue's consumers and the disposal job's.
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', consumers.length + FUNCTIONS.filter((f) => f.kind === 'disposal').length);
  });

  it('subscribes the disposal job, and only it, to the disposal queue, with partial batch failures and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('disposal') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(s.stack, s.stack.disposal.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(resources[logicalId(s.stack, s.stack.disposal.queue)]!.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
  });

  it('keeps post packs private, encrypted, versioned, TLS-only and access-logged', () => {
    const bucketId = logicalId(s.stack, s.stack.messaging.postPacks);
    const logsId = logicalId(s.stack, s.stack.messaging.accessLogs);
    expect(resources[bucketId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [expect.objectContaining({ ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }) })] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logsId } },
      },
    });
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId))!;
    expect(policy[1].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('has the SES domain identity of FROM_EMAIL and a configuration set sending bounces and complaints to EventBridge', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'opcc.example.org' });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), EventBridgeDestination: Match.anyValue() }),
    });
    const sesEvents = FUNCTIONS.find((f) => f.name === 'ses-events');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.ses'], 'detail-type': Match.arrayWith(['Email Bounced', 'Email Complaint Received']) }),
      Targets: [Match.objectLike({ Arn: sesEvents ? { 'Fn::GetAtt': [fnId('ses-events'), 'Arn'] } : { Ref: logicalId(s.stack, s.stack.monitoring.topic) } })],
    });
  });

  it('deploys the policy PDF into the post-pack bucket at POLICY_DOCUMENT_KEY', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(s.stack, s.stack.messaging.postPacks) },
      DestinationBucketKeyPrefix: 'policy/',
      Prune: false,
      RetainOnDelete: true,
    });
    expect(readdirSync(POLICY_PDF_DIR)).toContain('contact-policy.pdf');
    const readers = FUNCTIONS.filter((f) => portsOf(f.access).includes('policyDocuments'));
    expect(readers.length).toBeGreaterThan(0);
    for (const f of readers) expect(resources[fnId(f.name)]!.Properties.Environment.Variables.POLICY_DOCUMENT_KEY).toBe('policy/contact-policy.pdf');
  });

  it('gives every function that sends email the configuration set name', () => {
    const senders = FUNCTIONS.filter((f) => f.access.sendEmail);
    expect(senders.length).toBeGreaterThan(0);
    for (const f of senders) expect(resources[fnId(f.name)]!.Properties.Environment.Variables.SES_CONFIGURATION_SET).toEqual({ Ref: logicalId(s.stack, s.stack.messaging.configurationSet) });
  });
});

describe('workflow: lifecycle state machine', () => {
  it('is a Standard state machine logging ALL without execution data, with X-Ray', () => {
    const sm = resources[logicalId(s.stack, s.stack.workflow.stateMachine)]!;
    expect(sm.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('may invoke exactly the task functions', () => {
    const smRole = logicalId(s.stack, s.stack.workflow.stateMachine.role as never);
    const invoke = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(smRole))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'));
    const tasks = FUNCTIONS.filter((f) => f.kind === 'task');
    const invoked = invoke.flatMap((st) => [st.Resource].flat()).map((r) => JSON.stringify(r));
    expect(invoked.sort()).toEqual(tasks.map((t) => JSON.stringify({ 'Fn::GetAtt': [fnId(t.name), 'Arn'] })).sort());
  });
});

describe('schedules: the daily review sweep', () => {
  it('runs every daily schedule function at 07:00 Europe/London, with retries and a dead-letter queue', () => {
    const sweeps = FUNCTIONS.filter((f) => f.kind === 'schedule' && f.schedule !== 'HOURLY');
    expect(sweeps.map((f) => f.name)).toContain('review-sweep');
    for (const f of sweeps) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 7 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId(f.name), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(s.stack, s.stack.schedules.deadLetters), 'Arn'] } },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        }),
      });
    }
  });

  it("lets the scheduler's role invoke the sweep and nothing else", () => {
    const schedule = ofType('AWS::Scheduler::Schedule')[0]![1];
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(JSON.stringify(resources[roleId]!.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.find((st) => [st.Action].flat().includes('lambda:InvokeFunction'))!.Resource).toEqual(
      expect.arrayContaining([{ 'Fn::GetAtt': [fnId('review-sweep'), 'Arn'] }]),
    );
    expect(actionsOf(statements).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });
});

describe('monitoring: operators topic and alarms', () => {
  const topicRef = () => ({ Ref: logicalId(s.stack, s.stack.monitoring.topic) });
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

  it('has an encrypted, TLS-only operators topic with the alarm email subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'operators@opcc.example.org', TopicArn: topicRef() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('alarms on every dead-letter queue', () => {
    const dlqs = [s.stack.messaging.postDeadLetters, s.stack.schedules.deadLetters].map((q) => logicalId(s.stack, q));
    for (const id of dlqs) {
      expect(alarms().some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(id)), id).toBe(true);
    }
  });

  it.each(['Errors', 'Throttles'])('alarms on %s of every function', (metric) => {
    for (const f of FUNCTIONS) {
      expect(alarms().some((a) => a.MetricName === metric && a.Namespace === 'AWS/Lambda' && JSON.stringify(a.Dimensions).includes(fnId(f.name))), f.name).toBe(true);
    }
  });

  it('alarms on failed and timed-out lifecycle executions and on the SES bounce rate', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) expect(alarms().some((a) => a.Namespace === 'AWS/States' && a.MetricName === metric), metric).toBe(true);
    expect(alarms().some((a) => a.Namespace === 'AWS/SES' && a.MetricName === 'Reputation.BounceRate')).toBe(true);
  });

  it('sends every alarm to the operators topic', () => {
    for (const a of alarms()) expect(a.AlarmActions).toEqual([topicRef()]);
  });
});

describe('size', () => {
  it("stays well under CloudFormation's 500 resources a stack, the switchboard included", () => {
    // One API Gateway invoke permission per function, not per method (infra/constructs/api.ts).
    const count = Object.keys(resources).length;
    expect(count, `${count} resources`).toBeLessThan(460);
    const apiPermissions = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com');
    expect(apiPermissions.length).toBe(new Set(apiPermissions.map(([, p]) => JSON.stringify(p.Properties.FunctionName))).size);
  });
});
