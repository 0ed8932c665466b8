import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MessagingProps {
  /** The data key: post packs hold names and addresses. */
  key: kms.IKey;
  /** The SES domain identity to create (DKIM). */
  sesDomain: string;
  /** Seconds a post-queue message stays invisible: at least six times the consumer's timeout. */
  consumerTimeoutSeconds: number;
}

/**
 * Everything that leaves the building: the post queue (letters for the print and
 * post service) with its dead-letter queue, the bucket of post packs, and SES
 * (the domain identity and a configuration set whose bounce, complaint and reject
 * events go to EventBridge).
 */
export class Messaging extends Construct {
  readonly postQueue: sqs.Queue;
  readonly postDeadLetters: sqs.Queue;
  readonly postPacks: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  /** Matches this configuration set's bounce, complaint and reject events on the default bus. */
  readonly sesEventsRule: events.Rule;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.postDeadLetters = new sqs.Queue(this, 'PostDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.postDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the post queue; its messages are inspected and redriven by operators (alarmed on depth).',
    });
    this.postQueue = new sqs.Queue(this, 'PostQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(Math.max(30, props.consumerTimeoutSeconds * 6)),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.postDeadLetters, maxReceiveCount: 5 },
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access log delivery supports SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the post-pack bucket\'s server access logs; logging it into itself would loop.',
    });

    this.postPacks = new s3.Bucket(this, 'PostPacks', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'post-packs/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.sesDomain),
    });

    const configurationSetName = `${stack.stackName}-mail`.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 64);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });
    this.sesEventsRule = new events.Rule(this, 'SesEvents', {
      description: 'Bounces, complaints and rejects of contact-strategy email',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received', 'Email Rejected'],
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName] } } },
      },
    });

    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}`, description: `DNS record ${i + 1} of 3 that verifies ${props.sesDomain}` });
    });
  }
}
