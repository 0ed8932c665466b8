import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { PROJECT_ROOT } from './lambda-function.js';
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
  /** Where the policy PDF goes in the post-pack bucket (the functions' POLICY_DOCUMENT_KEY). */
  policyDocumentKey: string;
  /** The office's own policy PDF; when absent (a demonstration deployment) the sample in POLICY_PDF_DIR. */
  policyPdf?: string;
  logRetention: logs.RetentionDays;
}

/** The built policy PDF every letter encloses (assets/policy/build-policy-pdf.ts writes it). */
export const POLICY_PDF_DIR = join(PROJECT_ROOT, 'assets/policy/dist');

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

    this.deployPolicyDocument(props);

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

  /**
   * Copies assets/policy/dist/ into the bucket under the policy key's folder, at
   * deploy time. CDK's BucketDeployment would grant its handler `s3:List*`,
   * `s3:DeleteObject*` and `kms:ReEncrypt*`; it gets an immutable role instead,
   * with exactly the statements below.
   */
  private deployPolicyDocument(props: MessagingProps): void {
    const folder = props.policyDocumentKey.includes('/') ? props.policyDocumentKey.slice(0, props.policyDocumentKey.lastIndexOf('/') + 1) : '';
    const source = new s3assets.Asset(this, 'PolicyPdfAsset', { path: props.policyPdf ? stagePolicyPdf(props.policyPdf, props.policyDocumentKey) : POLICY_PDF_DIR });
    const role = new iam.Role(this, 'PolicyDeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the policy PDF into the post-pack bucket at deploy time',
    });
    const logGroup = new logs.LogGroup(this, 'PolicyDeployLogs', { retention: props.logRetention });
    logGroup.grantWrite(role);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadSource', actions: ['s3:GetObject'], resources: [source.bucket.arnForObjects(source.s3ObjectKey)] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ListDestination', actions: ['s3:ListBucket'], resources: [this.postPacks.bucketArn] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: 'WriteDestination', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.postPacks.arnForObjects(`${folder}*`)] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DestinationKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.postPacks.node.defaultChild as never)}.Arn>/${folder}*]`,
      reason: 'The deployment writes the policy folder of the post-pack bucket only; object names come from assets/policy/dist at deploy time.',
    });
    const deployment = new s3deploy.BucketDeployment(this, 'PolicyDocument', {
      sources: [s3deploy.Source.bucket(source.bucket, source.s3ObjectKey)],
      destinationBucket: this.postPacks,
      destinationKeyPrefix: folder,
      prune: false,
      retainOnDelete: true,
      role: role.withoutPolicyUpdates(),
      logGroup,
      memoryLimit: 256,
    });
    deployment.node.addDependency(role);
    // The deployment's handler is a CDK-provided singleton at stack level.
    const stack = Stack.of(this);
    for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib (upgraded with it), and it runs only during deployments.",
      });
    }
  }
}

/** A folder holding the office's PDF under the policy key's file name, as the deployment copies folders. */
function stagePolicyPdf(pdf: string, policyDocumentKey: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-pdf-'));
  copyFileSync(pdf, join(dir, policyDocumentKey.split('/').pop() || 'contact-policy.pdf'));
  return dir;
}
