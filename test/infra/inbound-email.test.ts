import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, synthesize, type Synthesized } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let s: Synthesized;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  s = synthesize({ context: { inboundRecipients: 'office@opcc.example.org', inboundRetentionDays: '45' } });
  template = s.template;
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const fnId = () => logicalId(s.stack, s.stack.functions.get('inbound-email')!);
function statementsOf(name: string): Statement[] {
  const roleId = logicalId(s.stack, s.stack.functions.get(name)!.role as never);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

describe('inbound email: SES receiving', () => {
  it('has an inactive receipt rule set whose rule, for INBOUND_RECIPIENTS, stores the message then invokes the function', () => {
    expect(ofType('AWS::SES::ReceiptRuleSet')).toHaveLength(1);
    const [, rule] = ofType('AWS::SES::ReceiptRule')[0]!;
    expect(rule.Properties.Rule).toMatchObject({ Enabled: true, Recipients: ['office@opcc.example.org'], ScanEnabled: true, TlsPolicy: 'Require' });
    const actions = rule.Properties.Rule.Actions as Array<Record<string, any>>;
    expect(actions[0]!.S3Action).toMatchObject({ BucketName: { Ref: logicalId(s.stack, s.stack.inboundEmail.bucket) }, ObjectKeyPrefix: 'inbound/' });
    expect(actions[1]!.LambdaAction).toMatchObject({ FunctionArn: { 'Fn::GetAtt': [fnId(), 'Arn'] }, InvocationType: 'Event' });
  });

  /** The rule's own ARN, as the template writes it (checked against the rule itself below). */
  const ruleArnOf = () => s.stack.resolve(s.stack.inboundEmail.ruleArn) as unknown;

  it('lets SES store messages in the bucket only for this receipt rule of this account (aws:SourceArn, aws:SourceAccount)', () => {
    const id = logicalId(s.stack, s.stack.inboundEmail.bucket);
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(id))!;
    const fromSes = (policy.Properties.PolicyDocument.Statement as Array<Statement & { Principal?: unknown }>).filter((st) => JSON.stringify(st.Principal ?? '').includes('ses.amazonaws.com'));
    expect(fromSes).toHaveLength(1);
    expect(fromSes[0]).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': ruleArnOf() } } });
    expect(JSON.stringify(fromSes[0]!.Resource)).toContain('/inbound/*');
  });

  it('lets SES invoke the function only for this receipt rule of this account', () => {
    const permissions = ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'ses.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties).toMatchObject({ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [fnId(), 'Arn'] }, SourceAccount: { Ref: 'AWS::AccountId' }, SourceArn: ruleArnOf() });
  });

  it('names the rule in the ARN exactly as it is created, in this rule set', () => {
    const [ruleId, rule] = ofType('AWS::SES::ReceiptRule')[0]!;
    const arn = JSON.stringify(s.stack.resolve(s.stack.inboundEmail.ruleArn));
    expect(arn).toContain(`:ses:`);
    expect(arn).toContain(JSON.stringify({ Ref: logicalId(s.stack, s.stack.inboundEmail.ruleSet) }));
    expect(arn).toContain(`:receipt-rule/${rule.Properties.Rule.Name}`);
    // Created after the grants it relies on: SES checks them when the rule is made.
    const dependsOn = (resources[ruleId] as Resource & { DependsOn?: string[] }).DependsOn ?? [];
    const [permissionId] = ofType('AWS::Lambda::Permission').find(([, p]) => p.Properties.Principal === 'ses.amazonaws.com')!;
    expect(dependsOn).toEqual(expect.arrayContaining([permissionId]));
    expect(dependsOn.some((d) => resources[d]?.Type === 'AWS::S3::BucketPolicy')).toBe(true);
  });

  it('keeps messages in a private, encrypted, TLS-only, access-logged bucket that expires them after the retention setting', () => {
    const id = logicalId(s.stack, s.stack.inboundEmail.bucket);
    expect(resources[id]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [expect.objectContaining({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })] },
        LoggingConfiguration: expect.objectContaining({ LogFilePrefix: 'inbound-email/' }),
        LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 45, Status: 'Enabled' })] },
      },
    });
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(id))!;
    const statements = policy[1].Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Only SES may put messages in it.
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' } }));
  });

  it('lets the function read only that bucket\'s messages, the table and send email: nothing else in S3, no raw email', () => {
    const statements = statementsOf('inbound-email');
    const s3 = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0]!.Action).toBe('s3:GetObject');
    expect(JSON.stringify(s3[0]!.Resource)).toContain(logicalId(s.stack, s.stack.inboundEmail.bucket));
    expect(JSON.stringify(s3[0]!.Resource)).toContain('/inbound/*');
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toContain('ses:SendEmail');
    expect(actions).not.toContain('ses:SendRawEmail');
    // It mails only the office mailbox, whatever a message it is handed says.
    const send = statements.find((st) => [st.Action].flat().includes('ses:SendEmail'))!;
    expect(send.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'no-reply@opcc.example.org' },
      'ForAllValues:StringEquals': { 'ses:Recipients': ['office@opcc.example.org'] },
      Null: { 'ses:Recipients': 'false' },
    });
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe(true);
    const env = resources[fnId()]!.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.INBOUND_EMAIL_BUCKET).toEqual({ Ref: logicalId(s.stack, s.stack.inboundEmail.bucket) });
  });

  it('retries a failing forward twice, then sends it to an alarmed dead-letter queue', () => {
    const dlq = logicalId(s.stack, s.stack.inboundEmail.deadLetters);
    const config = ofType('AWS::Lambda::EventInvokeConfig').find(([, c]) => JSON.stringify(c.Properties.FunctionName).includes(fnId()))!;
    expect(config[1].Properties).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } } });
    const alarm = ofType('AWS::CloudWatch::Alarm').find(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes(dlq));
    expect(alarm).toBeDefined();
  });
});
