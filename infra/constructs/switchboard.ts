import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from './lambda-function.js';

/** The contact flow, in Connect's flow language; `${ScreenFunctionArn}` and `${QueueArn}` are filled in at deploy. */
export const SCREEN_CALL_FLOW = join(PROJECT_ROOT, 'infra/connect/screen-call-flow.json');

export interface SwitchboardProps {
  /** The Amazon Connect instance (setting connectInstanceArn). */
  instanceArn: string;
  /** The queue screened calls go to (setting connectQueueArn). */
  queueArn: string;
  /** functions/connect-screen.ts. */
  screen: lambda.Function;
  /** functions/connect-contact-events.ts. */
  contactEvents: lambda.IFunction;
  /** Screening environments kept warm (setting connectProvisionedConcurrency); 0 for none. */
  provisionedConcurrency: number;
}

/**
 * Every call screened at the switchboard: the screening function associated with
 * the Connect instance (and invocable by that instance only), the contact flow that
 * asks it before a person picks up, and the EventBridge rule that hands the
 * instance's DISCONNECTED contact events to the contact-events function, with a
 * dead-letter queue for events it still fails on.
 */
export class Switchboard extends Construct {
  /** What the flow invokes: the function, or its `live` alias when environments are kept warm. */
  readonly screenTarget: lambda.IFunction;
  readonly flow: connect.CfnContactFlow;
  readonly contactEventsRule: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: SwitchboardProps) {
    super(scope, id);
    // Provisioned concurrency lives on a version: the alias points at the one this deploy published.
    this.screenTarget =
      props.provisionedConcurrency > 0
        ? new lambda.Alias(this, 'ScreenLive', { aliasName: 'live', version: props.screen.currentVersion, provisionedConcurrentExecutions: props.provisionedConcurrency })
        : props.screen;

    // Only this Connect instance, in this account, may invoke it.
    this.screenTarget.addPermission('AllowConnectInstance', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal('connect.amazonaws.com'),
      sourceArn: props.instanceArn,
      sourceAccount: Stack.of(this).account,
    });
    const association = new connect.CfnIntegrationAssociation(this, 'ScreenAssociation', {
      instanceId: props.instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: this.screenTarget.functionArn,
    });

    this.flow = new connect.CfnContactFlow(this, 'ScreenCallFlow', {
      instanceArn: props.instanceArn,
      name: 'Screen every call',
      type: 'CONTACT_FLOW',
      description: 'Screens each call against the contact strategies in force before a person picks up (contact-strategy).',
      content: Fn.sub(readFileSync(SCREEN_CALL_FLOW, 'utf8'), { ScreenFunctionArn: this.screenTarget.functionArn, QueueArn: props.queueArn }),
    });
    this.flow.addDependency(association);

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is itself the dead-letter queue of the switchboard contact events; operators are alarmed on its depth.',
    });
    // EventBridge invokes asynchronously: an event still failing after Lambda's retries is dead-lettered too.
    props.contactEvents.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetters) });
    this.contactEventsRule = new events.Rule(this, 'ContactEvents', {
      description: "The Connect instance's calls that ended: their length goes on the contact screened at the switchboard.",
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: { eventType: ['DISCONNECTED'], instanceArn: [props.instanceArn] },
      },
      targets: [new eventTargets.LambdaFunction(props.contactEvents, { deadLetterQueue: this.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }
}
