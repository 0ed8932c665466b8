import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { FunctionSpec } from '../../lib/functions-manifest.js';

/** The repository root: `functions/`, `lib/` and `package-lock.json` live here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (the AWS SDK's
 * smithy packages, for one); this banner gives them one.
 */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * How every function is bundled. Exported so that `npm run bench` bundles exactly
 * what deploys (bench/cold-start.ts turns these into esbuild options).
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  // Bundle the SDK rather than use the runtime's copy: pinned, tree-shaken, tested.
  externalModules: [],
} satisfies BundlingOptions;

/** Node options of every function; the bench starts its cold `node` with them too. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

export interface AppFunctionProps {
  /** The manifest entry; its handler module is `functions/<name>.ts`. */
  spec: FunctionSpec;
  /** Its settings (lib/config.ts) and the wiring settings of its ports (lib/adapters/settings.ts). */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** Where the handler modules live; tests may point elsewhere. Default `<repo>/functions`. */
  functionsDir?: string;
}

/**
 * One Lambda with the project's defaults baked in, after Powertools'
 * `FunctionWithLogGroup`: nodejs24.x on ARM64, X-Ray active tracing, source maps
 * on, its own log group with a retention, an ESM bundle with the AWS SDK inside it
 * (the version we test is the version we run), and an execution role that holds
 * only what the grant helpers below add: no AWS managed policies, no `*` actions.
 *
 * A missing handler module is a defect in the manifest or a forgotten file, so it
 * throws at synth rather than deploying a function that fails at its first call.
 */
export class AppFunction extends NodejsFunction {
  readonly spec: FunctionSpec;
  /** The function's own log group (the base class's `logGroup` is the same group as an ILogGroup). */
  readonly functionLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const functionsDir = props.functionsDir ?? join(PROJECT_ROOT, 'functions');
    const entry = join(functionsDir, `${props.spec.name}.ts`);
    if (!existsSync(entry)) {
      throw new Error(
        `lib/functions-manifest.ts lists '${props.spec.name}' (kind ${props.spec.kind}) but its handler module ${entry} does not exist. ` +
          'Create it or remove the manifest entry.',
      );
    }
    // Built before super() so the function can be given it; scoped by `id` to stay unique.
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: props.logRetention });
    // An explicit role with no managed policy: the basic execution policy would
    // let it write to every log group in the account.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.spec.name} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      memorySize: props.spec.memoryMB ?? (props.spec.kind === 'api' ? 512 : 256),
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? defaultTimeout(props.spec.kind)),
      description: `contact-strategy ${props.spec.kind} function ${props.spec.name}`,
      role,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: 'contact-strategy',
        POWERTOOLS_METRICS_NAMESPACE: 'ContactStrategy',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: LAMBDA_BUNDLING,
    });
    this.spec = props.spec;
    this.functionLogGroup = logGroup;
  }

  /**
   * DynamoDB on the single table and its indexes, RO or RW, and the table key's use
   * through DynamoDB only. RW puts and updates; deleting is granted apart, and only
   * for items whose partition key starts with one of `deletablePrefixes`
   * (a `dynamodb:LeadingKeys` condition), so that no function can delete a profile,
   * a timeline entry, a history entry or a letter, whatever its code does.
   */
  bindTable(table: dynamodb.ITable, key: kms.IKey, mode: 'RO' | 'RW', indexNames: readonly string[], deletablePrefixes: readonly string[] = []): void {
    // No Scan (every read is a Query on a key or an index) and no BatchWriteItem (nothing batches writes).
    const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
    // Every index named: no `index/*`.
    const indexArns = indexNames.map((name) => `${table.tableArn}/index/${name}`);
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'TableItems', actions: mode === 'RW' ? [...read, ...write] : read, resources: [table.tableArn] }));
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'TableIndexes', actions: ['dynamodb:Query'], resources: indexArns }));
    if (deletablePrefixes.length > 0) {
      if (mode !== 'RW') throw new Error(`Function '${this.spec.name}' may delete items but its table access is ${mode}`);
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'TableDeletes',
          actions: ['dynamodb:DeleteItem'],
          resources: [table.tableArn],
          conditions: {
            // Every partition key the request names starts with an allowed prefix, and it names one.
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': deletablePrefixes.map((p) => `${p}*`) },
            Null: { 'dynamodb:LeadingKeys': 'false' },
          },
        }),
      );
    }
    // Spelled out rather than table.grantReadWriteData(), whose KMS part carries
    // `kms:ReEncrypt*` and `kms:GenerateDataKey*`.
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'TableKey',
        actions: mode === 'RW' ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /**
   * SES v2 SendEmail (simple content with attachments is still SendEmail; raw MIME
   * is never sent), only through the configuration set and only from FROM_EMAIL.
   */
  allowSendEmail(opts: { identityArn: string; configurationSetArn: string; fromAddress: string; onlyTo?: string[] }): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendEmail'],
        resources: [opts.identityArn, opts.configurationSetArn],
        conditions: {
          StringEquals: { 'ses:FromAddress': opts.fromAddress },
          // Every recipient (To, Cc, Bcc) one of these; the Null test stops a request without recipients passing ForAllValues.
          ...(opts.onlyTo ? { 'ForAllValues:StringEquals': { 'ses:Recipients': opts.onlyTo }, Null: { 'ses:Recipients': 'false' } } : {}),
        },
      }),
    );
  }

  /** Puts the people of an approved disposal on the disposal queue. */
  allowStartDisposal(queue: sqs.IQueue): void {
    queue.grantSendMessages(this);
  }

  /**
   * The disposal job's deletes: any item of the table (with `bindTable` RW for the
   * reads that find them) and the post packs in their bucket. Only the function of
   * kind `disposal` gets this; every other delete is held to `DELETABLE_PARTITIONS`.
   */
  allowDisposal(table: dynamodb.ITable, postPacks: s3.IBucket): void {
    if (this.spec.kind !== 'disposal') throw new Error(`Function '${this.spec.name}' may not carry out disposals: only the disposal job may delete records`);
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'DisposalDeletes', actions: ['dynamodb:DeleteItem'], resources: [table.tableArn] }));
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'DisposalPostPacks', actions: ['s3:DeleteObject'], resources: [postPacks.arnForObjects('*')] }));
  }

  /** Puts letters on the post queue. */
  allowSendPost(queue: sqs.IQueue): void {
    queue.grantSendMessages(this);
  }

  /** Reads the messages SES email receiving stored (objects under `prefix` only; SSE-S3, so no key grant). */
  readInboundEmail(bucket: s3.IBucket, prefix: string): void {
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'InboundEmail', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
  }

  /** The post-pack bucket's objects, RO or RW, and its key's use through S3 only. */
  bindPostPacks(bucket: s3.IBucket, key: kms.IKey, mode: 'RO' | 'RW'): void {
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'PostPackList', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PostPackObjects',
        actions: mode === 'RW' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PostPackKey',
        actions: mode === 'RW' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /** Reads the one policy document object in the post-pack bucket, and its key through S3 only. */
  readPolicyDocument(bucket: s3.IBucket, key: kms.IKey, objectKey: string): void {
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'PolicyDocument', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(objectKey)] }));
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PolicyDocumentKey',
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /** StartExecution on the lifecycle state machine. */
  allowStartExecution(stateMachineArn: string): void {
    this.addToRolePolicy(new iam.PolicyStatement({ sid: 'StartLifecycle', actions: ['states:StartExecution'], resources: [stateMachineArn] }));
  }

  /** Resumes a task token of the lifecycle state machine. */
  allowTaskCallback(stateMachineArn: string): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ResumeLifecycle',
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [stateMachineArn],
      }),
    );
  }
}

function defaultTimeout(kind: FunctionSpec['kind']): number {
  switch (kind) {
    case 'api':
      return 15; // under API Gateway's 29 s integration limit
    case 'queue-consumer':
      return 60;
    case 'schedule':
      return 300; // the sweep pages through every strategy due for review
    default:
      return 30;
  }
}
