import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

export interface MonitoringProps {
  alarmEmail?: string;
}

/**
 * The operators' topic and the alarms that page it. Every alarm means a person
 * may not have been told something the policy says they must be told (a letter
 * stuck, a decision request lost, a review missed) or that the service is failing.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const key = new kms.Key(this, 'TopicKey', {
      description: 'contact-strategy operators topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms and EventBridge publish to the encrypted topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmAndEventPublishers',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'], // in a key policy, "*" means this key
      }),
    );
    this.topic = new sns.Topic(this, 'Operators', {
      displayName: 'contact-strategy operators',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string, threshold = 0, op = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: op,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Any message waiting in a dead-letter queue is work that did not happen. */
  watchDeadLetterQueue(name: string, queue: sqs.IQueue): void {
    this.alarm(`${name}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), `Messages are waiting in the ${name} dead-letter queue`);
  }

  watchFunction(name: string, fn: lambda.IFunction): void {
    this.alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `The ${name} function is failing`);
    this.alarm(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), `The ${name} function is throttled`);
  }

  watchStateMachine(stateMachine: sfn.IStateMachine): void {
    const period = { period: Duration.minutes(5), statistic: 'Sum' };
    this.alarm('LifecycleFailed', stateMachine.metricFailed(period), 'A strategy lifecycle execution failed');
    this.alarm('LifecycleTimedOut', stateMachine.metricTimedOut(period), 'A strategy lifecycle execution timed out');
    this.alarm('LifecycleAborted', stateMachine.metricAborted(period), 'A strategy lifecycle execution was aborted');
  }

  watchApi(api: apigw.RestApi): void {
    this.alarm('Api5xx', api.deploymentStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 'The API answered 5xx: always a defect');
  }

  /**
   * SES puts an account on probation at a 5% bounce rate and a 0.1% complaint
   * rate; alarm well before either.
   */
  watchSesReputation(): void {
    const metric = (name: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: name, period: Duration.hours(1), statistic: 'Maximum' });
    this.alarm('SesBounceRate', metric('Reputation.BounceRate'), 'SES bounce rate is above 2% (probation at 5%)', 0.02, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    this.alarm('SesComplaintRate', metric('Reputation.ComplaintRate'), 'SES complaint rate is above 0.05% (probation at 0.1%)', 0.0005, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
  }
}
