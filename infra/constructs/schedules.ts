import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SchedulesProps {
  /** Functions of kind 'schedule' by manifest name (the review sweep, the GOV.UK Notify follow-up). */
  functions: ReadonlyMap<string, lambda.IFunction>;
  /** How often each runs (absent: daily). */
  every?: ReadonlyMap<string, 'DAILY' | 'HOURLY'>;
}

/**
 * The daily review sweep (reminders, REVIEW_DUE, escalations), and the hourly
 * follow-up of GOV.UK Notify's letter statuses. The daily one runs at 07:00
 * UK time whatever the season: EventBridge Scheduler keeps Europe/London across
 * the clock changes, which an EventBridge rule (UTC only) would not. The sweep is
 * idempotent ("once per review date"), so retries are safe; invocations that still
 * fail land in a dead-letter queue that is alarmed on.
 */
export class Schedules extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is itself the dead-letter queue of the scheduled invocations; operators are alarmed on its depth.',
    });

    for (const [name, fn] of props.functions) {
      const role = new iam.Role(this, `Role-${name}`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `EventBridge Scheduler invoking ${name}`,
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: `The scheduler target's grantInvoke covers the versions and aliases (":*") of ${name} only: one function, lambda:InvokeFunction only.`,
      });
      const hourly = props.every?.get(name) === 'HOURLY';
      this.schedules.push(
        new scheduler.Schedule(this, `${hourly ? 'Hourly' : 'Daily'}-${name}`, {
          description: hourly ? `Runs ${name} every hour` : `Runs ${name} daily at 07:00 Europe/London`,
          schedule: hourly ? scheduler.ScheduleExpression.rate(Duration.hours(1)) : scheduler.ScheduleExpression.cron({ minute: '0', hour: '7', timeZone: TimeZone.EUROPE_LONDON }),
          target: new targets.LambdaInvoke(fn, {
            role,
            deadLetterQueue: this.deadLetters,
            retryAttempts: 3,
            maxEventAge: Duration.hours(2),
          }),
        }),
      );
    }
  }
}
