import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INBOUND_EMAIL_PREFIX } from '../../lib/adapters/settings.js';

export interface InboundEmailProps {
  /** The addresses or domains the receipt rule matches (setting `inboundRecipients`). */
  recipients: string[];
  /** Days a stored message is kept (setting `inboundRetentionDays`); the contact log keeps the record. */
  retentionDays: number;
  /** Where the bucket's server access logs go. */
  accessLogs: s3.IBucket;
}

/**
 * SES email receiving (docs/inbound-email.md): a receipt rule set with one rule
 * for the office's inbound recipients. Its S3 action stores each message in an
 * encrypted bucket (SSE-S3: SES writes it, and a customer key would need SES in its
 * key policy for nothing more), then its Lambda action invokes the inbound-email
 * function asynchronously. A message the function still fails on after Lambda's
 * retries goes to the dead-letter queue (alarmed by the stack's monitoring).
 *
 * The rule set is created inactive: activating it is a one-time manual step
 * (docs/deploying.md), since only one rule set can be active per account and region.
 */
export class InboundEmail extends Construct {
  readonly bucket: s3.Bucket;
  readonly deadLetters: sqs.Queue;
  readonly ruleSet: ses.ReceiptRuleSet;

  constructor(scope: Construct, id: string, private readonly props: InboundEmailProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Messages', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'inbound-email/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is itself the dead-letter queue of the inbound-email function; operators are alarmed on its depth.',
    });
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');
  }

  /** The rule: store, then invoke `fn` (which retries twice, then dead-letters). */
  connect(fn: lambda.IFunction): void {
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetters) });
    this.ruleSet.addRule('Screen', {
      recipients: this.props.recipients,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket: this.bucket, objectKeyPrefix: INBOUND_EMAIL_PREFIX }),
        new sesActions.Lambda({ function: fn, invocationType: sesActions.LambdaInvocationType.EVENT }),
      ],
    });
  }
}
