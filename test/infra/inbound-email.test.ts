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
