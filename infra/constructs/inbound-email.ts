import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INBOUND_EMAIL_PREFIX } from '../../lib/adapters/settings.js';

/** The receipt rule's name, fixed so its ARN is known before it is created (see `ruleArn`). */
const RULE_NAME = 'screen-inbound-email';

export interface InboundEmailProps {
  /** The addresses or domains the receipt rule matches (setting `inboundRecipients`). */
  recipients: string[];
  /** Days a stored message is kept (setting `inboundRetentionDays`); the contact log keeps the record. */
  retentionDays: number;
  /** Where the bucket's server access logs go. */
  accessLogs: s3.IBucket;
}

/**
 * SES email receiving: a receipt rule set with one rule
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

  /**
   * The ARN of the one receipt rule. Its name is fixed here, not generated, so the
   * bucket policy and the Lambda permission can name the rule before it exists: SES
   * checks both when the rule is created, so they must be in place first.
   */
  get ruleArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${this.ruleSet.receiptRuleSetName}:receipt-rule/${RULE_NAME}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * The rule: store, then invoke `fn` (which retries twice, then dead-letters).
   * SES may write to the bucket and invoke the function only for this rule of this
   * account (`aws:SourceArn` and `aws:SourceAccount`): another account's SES, or
   * another rule of ours, can neither plant a message nor invoke the function.
   */
  connect(fn: lambda.IFunction): void {
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetters) });
    const fromThisRule = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': this.ruleArn } };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesReceiptRuleStoresMessages',
        actions: ['s3:PutObject'],
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        resources: [this.bucket.arnForObjects(`${INBOUND_EMAIL_PREFIX}*`)],
        conditions: fromThisRule,
      }),
    );
    fn.addPermission('AllowSesReceiptRule', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.ruleArn,
    });
    const bucketName = this.bucket.bucketName;
    const functionArn = fn.functionArn;
    const rule = this.ruleSet.addRule('Screen', {
      receiptRuleName: RULE_NAME,
      recipients: this.props.recipients,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        { bind: () => ({ s3Action: { bucketName, objectKeyPrefix: INBOUND_EMAIL_PREFIX } }) },
        { bind: () => ({ lambdaAction: { functionArn, invocationType: 'Event' } }) },
      ],
    });
    // SES checks at creation that it may write to the bucket and invoke the function.
    rule.node.addDependency(this.bucket.policy!);
    rule.node.addDependency(fn.permissionsNode.findChild('AllowSesReceiptRule'));
  }
}

