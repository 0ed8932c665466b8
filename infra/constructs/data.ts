import { RemovalPolicy } from 'aws-cdk-lib';
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
