import { Duration, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The disposal job (docs/decisions/0015-disposal-job.md): a queue of people whose
 * disposal was approved, one message each, drained by the one function that may
 * delete records; a person that keeps failing goes to the dead-letter queue.
 */
export class DisposalJob extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { consumerTimeoutSeconds: number }) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DisposalDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the disposal queue; operators are alarmed on its depth and redrive it (the job is idempotent per person).',
    });
    this.queue = new sqs.Queue(this, 'DisposalQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(Math.max(30, props.consumerTimeoutSeconds * 6)),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
  }

  /** The consumer: a few people at a time, each retried on its own (partial batch failures). */
  connect(fn: lambda.IFunction): void {
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true }));
  }
}
