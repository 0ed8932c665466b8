import { readFileSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SCREEN_CALL_FLOW } from '../../infra/constructs/switchboard.js';
import { readSettings } from '../../infra/settings.js';
import { DECISIONS } from '../../lib/domain/screening.js';
import { CALL_NOT_TAKEN } from '../../lib/domain/switchboard.js';
import { logicalId, synthesize, TEST_SETTINGS } from './synth.js';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, any>;
  Transitions: { NextAction?: string; Conditions?: Array<{ NextAction: string; Condition: { Operator: string; Operands: string[] } }>; Errors?: Array<{ NextAction: string; ErrorType: string }> };
}

const INSTANCE = 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555';
const QUEUE = `${INSTANCE}/queue/66666666-7777-8888-9999-000000000000`;
const CONNECT = { connectInstanceArn: INSTANCE, connectQueueArn: QUEUE };

const flow = JSON.parse(readFileSync(SCREEN_CALL_FLOW, 'utf8')) as { Version: string; StartAction: string; Actions: FlowAction[] };
const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
const targetsOf = (a: FlowAction) => [a.Transitions.NextAction, ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction), ...(a.Transitions.Errors ?? []).map((e) => e.NextAction)].filter((t): t is string => t !== undefined);

describe('switchboard: the contact flow (infra/connect/screen-call-flow.json)', () => {
  it("is Connect's flow language: unique ids, every transition to an action that exists, every action reachable", () => {
    expect(flow.Version).toBe('2019-10-30');
    expect(byId.size).toBe(flow.Actions.length);
    expect(byId.has(flow.StartAction)).toBe(true);
    for (const a of flow.Actions) for (const t of targetsOf(a)) expect(byId.has(t), `${a.Identifier} → ${t}`).toBe(true);
    const seen = new Set<string>();
    const walk = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      targetsOf(byId.get(id)!).forEach(walk);
    };
    walk(flow.StartAction);
    expect([...seen].sort()).toEqual([...byId.keys()].sort());
  });

  it('invokes the screening function first, within Connect’s 8 seconds, for a flat map of strings', () => {
    const start = byId.get(flow.StartAction)!;
    expect(start).toMatchObject({ Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: '${ScreenFunctionArn}', InvocationTimeLimitSeconds: '8', ResponseValidation: { ResponseType: 'STRING_MAP' } } });
    // A failure to screen passes the call to staff rather than dropping it.
    expect(start.Transitions.Errors?.[0]?.NextAction).toBe('set-queue');
  });

  it('plays the message and ends the call for a call the line cannot take, records when asked, and passes the rest to the queue', () => {
    const compare = flow.Actions.find((a) => a.Type === 'Compare' && a.Parameters.ComparisonValue === '$.External.decision')!;
    for (const d of CALL_NOT_TAKEN) {
      const branch = byId.get(compare.Transitions.Conditions!.find((c) => c.Condition.Operands[0] === d)!.NextAction)!;
      expect(branch).toMatchObject({ Type: 'MessageParticipant', Parameters: { Text: '$.External.message' } });
      expect(byId.get(branch.Transitions.NextAction!)!.Type).toBe('DisconnectParticipant');
    }
    for (const c of compare.Transitions.Conditions!) expect(DECISIONS).toContain(c.Condition.Operands[0]);
    const recording = flow.Actions.find((a) => a.Type === 'Compare' && a.Parameters.ComparisonValue === '$.External.recordCall')!;
    expect(byId.get(recording.Transitions.Conditions![0]!.NextAction)).toMatchObject({ Type: 'UpdateContactRecordingBehavior', Parameters: { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } } });
    expect(flow.Actions.find((a) => a.Type === 'UpdateContactTargetQueue')!.Parameters.QueueId).toBe('${QueueArn}');
    expect(flow.Actions.some((a) => a.Type === 'TransferContactToQueue')).toBe(true);
  });
});

describe('switchboard: deployed only with an Amazon Connect instance', () => {
  it('without CONNECT_INSTANCE_ARN: no function, association, flow or rule of the switchboard', () => {
    const { stack, template } = synthesize();
    expect(stack.switchboard).toBeUndefined();
    expect(stack.functions.has('connect-screen')).toBe(false);
    for (const type of ['AWS::Connect::ContactFlow', 'AWS::Connect::IntegrationAssociation']) template.resourceCountIs(type, 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('aws.connect');
  });

  it('with it: the association, the flow invoking the function, the DISCONNECTED rule with a dead-letter queue, and Connect alone may invoke', () => {
    const s = synthesize({ context: CONNECT });
    const resources = s.template.toJSON().Resources as Record<string, Resource>;
    const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
    const fnId = logicalId(s.stack, s.stack.functions.get('connect-screen')!);
    const fnArn = { 'Fn::GetAtt': [fnId, 'Arn'] };

    expect(ofType('AWS::Connect::IntegrationAssociation')).toEqual([{ Type: 'AWS::Connect::IntegrationAssociation', Properties: { InstanceId: INSTANCE, IntegrationType: 'LAMBDA_FUNCTION', IntegrationArn: fnArn } }]);
    const [flowResource] = ofType('AWS::Connect::ContactFlow');
    expect(flowResource!.Properties).toMatchObject({ InstanceArn: INSTANCE, Type: 'CONTACT_FLOW' });
    const [content, vars] = flowResource!.Properties.Content['Fn::Sub'] as [string, Record<string, unknown>];
    expect(JSON.parse(content)).toEqual(flow);
    expect(vars).toEqual({ ScreenFunctionArn: fnArn, QueueArn: QUEUE });

    const fromConnect = ofType('AWS::Lambda::Permission').filter((p) => p.Properties.Principal === 'connect.amazonaws.com');
    expect(fromConnect).toHaveLength(1);
    expect(fromConnect[0]!.Properties).toMatchObject({ FunctionName: fnArn, SourceArn: INSTANCE, SourceAccount: '123456789012' });

    const rules = ofType('AWS::Events::Rule').filter((r) => JSON.stringify(r.Properties.EventPattern ?? {}).includes('aws.connect'));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern).toEqual({ source: ['aws.connect'], 'detail-type': ['Amazon Connect Contact Event'], detail: { eventType: ['DISCONNECTED'], instanceArn: [INSTANCE] } });
    const [target] = rules[0]!.Properties.Targets as Array<Record<string, any>>;
    expect(target!.Arn).toEqual({ 'Fn::GetAtt': [logicalId(s.stack, s.stack.functions.get('connect-contact-events')!), 'Arn'] });
    expect(target!.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [logicalId(s.stack, s.stack.switchboard!.deadLetters), 'Arn'] });
  });

  it('lets the screening function read and write the table and do nothing else, with no cdk-nag finding left', () => {
    const s = synthesize({ nag: true, context: CONNECT });
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    const resources = s.template.toJSON().Resources as Record<string, Resource>;
    const roleId = logicalId(s.stack, s.stack.functions.get('connect-screen')!.role as never);
    const actions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[])
      .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    // Its own logs and traces aside.
    expect(actions.filter((a) => !/^(dynamodb|kms|xray|logs):/.test(a))).toEqual([]);
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).toContain('dynamodb:PutItem');
  });

  it('keeps screening environments warm on an alias when asked, and Connect invokes the alias', () => {
    const s = synthesize({ context: { ...CONNECT, connectProvisionedConcurrency: '2' } });
    const aliases = Object.values(s.template.toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(1);
    expect(aliases[0]!.Properties).toMatchObject({ Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
    s.template.hasResourceProperties('AWS::Connect::IntegrationAssociation', { IntegrationArn: { Ref: logicalId(s.stack, s.stack.switchboard!.screenTarget as never) } });
  });

  it('refuses a queue without an instance, or of another instance, naming the setting', () => {
    const settings = (ctx: Record<string, string>) => readSettings({ tryGetContext: (k: string) => ({ ...TEST_SETTINGS, ...ctx })[k as keyof typeof TEST_SETTINGS] }, {});
    expect(() => settings({ connectQueueArn: QUEUE })).toThrow(/connectQueueArn.*needs connectInstanceArn/);
    expect(() => settings({ connectInstanceArn: INSTANCE })).toThrow(/connectQueueArn \(CONNECT_QUEUE_ARN\) is required/);
    expect(() => settings({ connectInstanceArn: INSTANCE, connectQueueArn: QUEUE.replace('11111111', '99999999') })).toThrow(/connectQueueArn/);
    expect(() => settings({ connectInstanceArn: 'my-instance', connectQueueArn: QUEUE })).toThrow(/connectInstanceArn/);
    expect(settings(CONNECT).connect).toEqual({ instanceArn: INSTANCE, queueArn: QUEUE, provisionedConcurrency: 0 });
  });
});
