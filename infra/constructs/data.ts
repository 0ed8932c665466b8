import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../lib/store/table.js';

/**
 * The single table, built from TABLE_DEFINITION (the local stack builds the same
 * one), encrypted with a customer-managed key the service owner controls and can
 * audit. Records about people are kept: the table and key are retained if the
 * stack is deleted, and deletion protection must be lifted by hand first.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  readonly indexNames: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'contact-strategy data at rest: the table and the post-pack bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: dataKeyPolicy(Stack.of(this)),
    });

    const attr = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attr(TABLE_DEFINITION.partitionKey),
      sortKey: attr(TABLE_DEFINITION.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
    });
    for (const gsi of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: attr(gsi.partitionKey),
        sortKey: attr(gsi.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.indexNames = TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName);
  }
}

/**
 * The data key's own policy, instead of the default that gives the account root
 * `kms:*`: administrators of the account may manage the key but not use it, and
 * the key is used only through DynamoDB and S3 by principals of this account
 * whose IAM policies allow it (the functions' roles say which, and for which service).
 */
export function dataKeyPolicy(stack: Stack): iam.PolicyDocument {
  const account = new iam.AccountRootPrincipal();
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'KeyAdministration',
        principals: [account],
        actions: [
          'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
          'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'UseThroughDynamoDbAndS3',
        principals: [account],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': stack.account,
            'kms:ViaService': [`dynamodb.${stack.region}.amazonaws.com`, `s3.${stack.region}.amazonaws.com`],
          },
        },
      }),
    ],
  });
}
