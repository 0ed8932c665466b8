import { Annotations, ArnFormat, type CfnElement, CfnOutput, Duration, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INBOUND_EMAIL_PREFIX, wiringSettingsOf, type WiringSetting } from '../lib/adapters/settings.js';
import { FUNCTIONS, type FunctionSpec, type StaffMailbox } from '../lib/functions-manifest.js';
import { DELETABLE_PARTITIONS } from '../lib/store/table.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { StaffConsole } from './constructs/console.js';
import { Data } from './constructs/data.js';
import { DisposalJob } from './constructs/disposal.js';
import { InboundEmail } from './constructs/inbound-email.js';
import { AppFunction } from './constructs/lambda-function.js';
import { Messaging } from './constructs/messaging.js';
import { Monitoring } from './constructs/monitoring.js';
import { Schedules } from './constructs/schedules.js';
import { Switchboard } from './constructs/switchboard.js';
import { lifecycleStateMachineArn, Workflow } from './constructs/workflow.js';
import { type DeploySettings, validateDomainPrefix } from './settings.js';
import { pascalCase } from './state-machine/substitutions.js';

export interface ContactStrategyStackProps extends StackProps {
  settings: DeploySettings;
  /** Defaults to lib/functions-manifest.ts. */
  functions?: readonly FunctionSpec[];
  /** Defaults to `<repo>/functions`. */
  functionsDir?: string;
  /** The built staff console; defaults to `<repo>/console/dist` (`npm run build:console`). */
  consoleDir?: string;
}

/** Where the policy PDF lives in the post-pack bucket (the policy-document adapter reads POLICY_DOCUMENT_KEY). */
const POLICY_DOCUMENT_KEY = 'policy/contact-policy.pdf';

/** The function that receives SES bounce, complaint and reject events, when the manifest has it. */
const SES_EVENTS_FUNCTION = 'ses-events';

/**
 * The whole service: data, staff sign-in, the API built from ROUTES, one Lambda
 * per manifest entry with grants derived from its `access`, the lifecycle state
 * machine, post and email, the daily review sweep, and the alarms.
 */
export class ContactStrategyStack extends Stack {
  readonly functions = new Map<string, AppFunction>();
  readonly data: Data;
  readonly auth: Auth;
  readonly messaging: Messaging;
  readonly workflow: Workflow;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;
  readonly api: Api;
  readonly console: StaffConsole;
  readonly inboundEmail: InboundEmail;
  /** Calls screened at the switchboard: only with an Amazon Connect instance (setting connectInstanceArn). */
  readonly switchboard?: Switchboard;
  readonly disposal: DisposalJob;

  constructor(scope: Construct, id: string, props: ContactStrategyStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const specs = props.functions ?? FUNCTIONS;
    const logRetention = settings.logRetentionDays as logs.RetentionDays;

    if (settings.demo && !settings.policyPdf) {
      Annotations.of(this).addWarningV2('contact-strategy:demo-policy', 'A demonstration deployment: letters enclose the sample policy, not the office\'s own (give -c policyPdf=...).');
    }
    if (settings.defaulted.length > 0) {
      Annotations.of(this).addWarningV2(
        'contact-strategy:example-settings',
        `No value for ${settings.defaulted.join(', ')}: using example addresses. Give ${settings.defaulted.map((d) => `-c ${d}=...`).join(' ')} before deploying.`,
      );
    }
    const names = specs.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`lib/functions-manifest.ts lists '${duplicate}' twice`);

    this.data = new Data(this, 'Data');
    this.auth = new Auth(this, 'Auth');
    this.monitoring = new Monitoring(this, 'Monitoring', { ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}) });

    const consumers = specs.filter((s) => s.kind === 'queue-consumer');
    if (consumers.length > 1) throw new Error(`Only one queue consumer can drain the post queue; the manifest has ${consumers.map((c) => c.name).join(', ')}`);
    this.messaging = new Messaging(this, 'Messaging', {
      key: this.data.key,
      sesDomain: settings.sesDomain,
      consumerTimeoutSeconds: consumers[0]?.timeoutSeconds ?? 60,
      policyDocumentKey: POLICY_DOCUMENT_KEY,
      ...(settings.policyPdf ? { policyPdf: settings.policyPdf } : {}),
      logRetention,
    });

    // SES email receiving: its bucket and dead-letter queue (the function is connected below).
    this.inboundEmail = new InboundEmail(this, 'InboundEmail', {
      recipients: settings.inboundRecipients,
      retentionDays: settings.inboundRetentionDays,
      accessLogs: this.messaging.accessLogs,
    });

    const disposers = specs.filter((s) => s.kind === 'disposal');
    if (disposers.length > 1) throw new Error(`Only one function can carry out disposals; the manifest has ${disposers.map((c) => c.name).join(', ')}`);
    this.disposal = new DisposalJob(this, 'Disposal', { consumerTimeoutSeconds: disposers[0]?.timeoutSeconds ?? 300 });

    const stateMachineArn = lifecycleStateMachineArn(this);
    // Settings every function reads (lib/config.ts).
    const environment: Record<string, string> = {
      TABLE_NAME: this.data.table.tableName,
      SOM_EMAIL: settings.somEmail,
      REVIEW_REMINDER_DAYS: String(settings.reviewReminderDays),
      REVIEW_ESCALATION_DAYS: String(settings.reviewEscalationDays),
      MAX_REVIEW_MONTHS: String(settings.maxReviewMonths),
      DECISION_REMINDER_HOURS: String(settings.decisionReminderHours),
      RETENTION_YEARS: String(settings.retentionYears),
      UNANSWERED_CHECK_DAYS: String(settings.unansweredCheckDays),
      APPEAL_DAYS: String(settings.appealDays),
      APPEAL_DECISION_DAYS: String(settings.appealDecisionDays),
      QUEUE_CHASE_DAYS: String(settings.queueChaseDays),
      ORG_NAME: settings.orgName,
      ORG_POSTAL_ADDRESS: settings.orgPostalAddress.join('|'),
      ORG_EMAIL: settings.orgEmail,
      POLICE_FORCE_NAME: settings.policeForceName,
      TERMINATED_CALLS_PROMPT: String(settings.terminatedCallsPrompt),
      UNMATCHED_CONTACT_DAYS: String(settings.unmatchedContactDays),
      POST_PROVIDER: settings.postProvider,
    };
    // Staff mailboxes (lib/config.ts), for the functions that send email: incidents
    // entering a queue are announced to its mailbox; screened inbound email is forwarded to the office.
    const mailboxes: Record<string, string> = {
      LINE_MANAGER_EMAIL: settings.lineManagerEmail,
      HEAD_OF_ASSURANCE_EMAIL: settings.headOfAssuranceEmail,
      OFFICE_MAILBOX: settings.officeMailbox,
    };
    // The settings that wire a port to its resource: each function gets those of the ports its access grants.
    const wiring: Record<WiringSetting, string> = {
      FROM_EMAIL: settings.fromEmail,
      SES_CONFIGURATION_SET: this.messaging.configurationSet.configurationSetName,
      POST_QUEUE_URL: this.messaging.postQueue.queueUrl,
      POST_PACK_BUCKET: this.messaging.postPacks.bucketName,
      POLICY_DOCUMENT_KEY,
      STATE_MACHINE_ARN: stateMachineArn,
      INBOUND_EMAIL_BUCKET: this.inboundEmail.bucket.bucketName,
      DISPOSAL_QUEUE_URL: this.disposal.queue.queueUrl,
    };

    // The switchboard's functions are deployed only with a Connect instance to serve.
    const switchboardKinds: FunctionSpec['kind'][] = ['connect-flow', 'connect-events'];
    for (const spec of specs) {
      if (switchboardKinds.includes(spec.kind) && !settings.connect) continue;
      const fn = new AppFunction(this, `Fn${pascalCase(spec.name)}`, {
        spec,
        environment: {
          ...environment,
          ...(spec.access.sendEmail ? mailboxes : spec.access.namesOfficeMailbox ? { OFFICE_MAILBOX: settings.officeMailbox } : {}),
          ...Object.fromEntries(wiringSettingsOf(spec.access).map((name) => [name, wiring[name]])),
          // GOV.UK Notify's key: only where letters are handed to it, and only when it is the provider.
          ...(spec.access.printAndPost && settings.postProvider === 'NOTIFY' ? { NOTIFY_API_KEY_SECRET: settings.notifyApiKeySecret, NOTIFY_POSTAGE: settings.notifyPostage } : {}),
        },
        logRetention,
        ...(props.functionsDir ? { functionsDir: props.functionsDir } : {}),
      });
      this.grant(fn, spec, stateMachineArn, settings);
      this.acknowledgeFunctionFindings(fn);
      this.monitoring.watchFunction(pascalCase(spec.name), fn);
      this.functions.set(spec.name, fn);
    }

    const byKind = (kind: FunctionSpec['kind']) => new Map([...this.functions].filter(([, fn]) => fn.spec.kind === kind) as Array<[string, lambda.IFunction]>);

    // The post queue's consumer reports partial batch failures so one bad letter
    // is retried (then dead-lettered) without resending the rest.
    for (const [, fn] of byKind('queue-consumer')) {
      fn.addEventSource(new SqsEventSource(this.messaging.postQueue, { batchSize: 10, reportBatchItemFailures: true, maxBatchingWindow: Duration.seconds(5) }));
    }

    // SES events: to the ses-events function when there is one, else straight to operators.
    const eventDeadLetters = new sqs.Queue(this, 'EventDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(eventDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is itself the dead-letter queue of EventBridge deliveries; operators are alarmed on its depth.',
    });
    for (const [name] of byKind('event')) {
      if (name !== SES_EVENTS_FUNCTION) throw new Error(`Function '${name}' is of kind 'event' but nothing in infra/ sends it events`);
    }
    const sesEvents = this.functions.get(SES_EVENTS_FUNCTION);
    if (sesEvents) {
      // EventBridge invokes asynchronously: an event the function still fails on after
      // Lambda's own retries goes to the same dead-letter queue, not into the void.
      sesEvents.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(eventDeadLetters) });
    }
    this.messaging.sesEventsRule.addTarget(
      sesEvents
        ? new eventTargets.LambdaFunction(sesEvents, { deadLetterQueue: eventDeadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })
        : new eventTargets.SnsTopic(this.monitoring.topic, { deadLetterQueue: eventDeadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) }),
    );

    for (const [, fn] of byKind('disposal')) this.disposal.connect(fn);

    const inbound = [...byKind('inbound-email')];
    if (inbound.length > 1) throw new Error(`Only one function can receive inbound email; the manifest has ${inbound.map(([n]) => n).join(', ')}`);
    if (inbound[0]) this.inboundEmail.connect(inbound[0][1]);

    if (settings.connect) {
      const [flow, contactEvents] = switchboardKinds.map((kind) => {
        const found = [...byKind(kind)];
        if (found.length !== 1) throw new Error(`The switchboard needs exactly one function of kind '${kind}'; the manifest has ${found.length}`);
        return this.functions.get(found[0]![0])!;
      });
      this.switchboard = new Switchboard(this, 'Switchboard', { ...settings.connect, screen: flow!, contactEvents: contactEvents! });
      this.monitoring.watchDeadLetterQueue('SwitchboardDeadLetters', this.switchboard.deadLetters);
    }

    this.workflow = new Workflow(this, 'Workflow', { taskFunctions: byKind('task'), logRetention });
    // Following GOV.UK Notify's letters runs only when Notify posts them. The function
    // itself stays (every function of the manifest is deployed), never invoked.
    const schedules = byKind('schedule');
    if (settings.postProvider !== 'NOTIFY') schedules.delete('notify-status');
    this.schedules = new Schedules(this, 'Schedules', {
      functions: schedules,
      every: new Map(specs.filter((s) => s.kind === 'schedule').map((s) => [s.name, s.schedule ?? 'DAILY'])),
    });

    this.api = new Api(this, 'Api', {
      userPool: this.auth.userPool,
      functions: byKind('api'),
      logRetention,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
    });

    // The staff console, with the API on its own origin through the same distribution.
    this.console = new StaffConsole(this, 'Console', {
      userPool: this.auth.userPool,
      domainPrefix: settings.consoleDomainPrefix ?? this.defaultDomainPrefix(),
      api: this.api.restApi,
      logRetention,
      office: { orgName: settings.orgName, policeForceName: settings.policeForceName },
      ...(props.consoleDir ? { consoleDir: props.consoleDir } : {}),
      ...(settings.consoleDomainName && settings.consoleCertificateArn
        ? { customDomain: { domainName: settings.consoleDomainName, certificateArn: settings.consoleCertificateArn } }
        : {}),
      ...(settings.consoleWebAclArn ? { webAclArn: settings.consoleWebAclArn } : {}),
    });

    this.monitoring.watchDeadLetterQueue('PostDeadLetters', this.messaging.postDeadLetters);
    this.monitoring.watchDeadLetterQueue('ScheduleDeadLetters', this.schedules.deadLetters);
    this.monitoring.watchDeadLetterQueue('EventDeadLetters', eventDeadLetters);
    this.monitoring.watchDeadLetterQueue('InboundEmailDeadLetters', this.inboundEmail.deadLetters);
    this.monitoring.watchDeadLetterQueue('DisposalDeadLetters', this.disposal.deadLetters);
    this.monitoring.watchStateMachine(this.workflow.stateMachine);
    this.monitoring.watchApi(this.api.restApi);
    this.monitoring.watchSesReputation();

    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PostQueueUrl', { value: this.messaging.postQueue.queueUrl });
    new CfnOutput(this, 'PostPackBucket', { value: this.messaging.postPacks.bucketName });
    new CfnOutput(this, 'InboundEmailRuleSet', { value: this.inboundEmail.ruleSet.receiptRuleSetName, description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>' });
    new CfnOutput(this, 'OperatorsTopicArn', { value: this.monitoring.topic.topicArn });
  }

  /**
   * `<stack name>-<account>`: unique per account and stack, so a second copy
   * (staging) gets its own managed-login domain. Deploy-time when the account is.
   */
  private defaultDomainPrefix(): string {
    const name = this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
    if (Token.isUnresolved(this.account)) return `${name}-${this.account}`;
    return validateDomainPrefix(`${name}-${this.account}`);
  }

  /** Turns a manifest entry's `access` into grants; nothing else is granted. */
  private grant(fn: AppFunction, spec: FunctionSpec, stateMachineArn: string, settings: DeploySettings): void {
    const { access } = spec;
    if (access.table) fn.bindTable(this.data.table, this.data.key, access.table, this.data.indexNames, (access.deletes ?? []).map((d) => DELETABLE_PARTITIONS[d]));
    if (access.sendEmail) {
      const staffMailboxes: Record<StaffMailbox, string> = {
        OFFICE_MAILBOX: settings.officeMailbox,
        SOM_EMAIL: settings.somEmail,
        LINE_MANAGER_EMAIL: settings.lineManagerEmail,
        HEAD_OF_ASSURANCE_EMAIL: settings.headOfAssuranceEmail,
      };
      fn.allowSendEmail({
        identityArn: this.messaging.identity.emailIdentityArn,
        configurationSetArn: this.messaging.configurationSetArn,
        fromAddress: settings.fromEmail,
        ...(access.emailOnlyTo ? { onlyTo: [...new Set(access.emailOnlyTo.map((m) => staffMailboxes[m]))] } : {}),
      });
    }
    if (access.sendPost) fn.allowSendPost(this.messaging.postQueue);
    if (access.postPacks) {
      fn.bindPostPacks(this.messaging.postPacks, this.data.key, access.postPacks);
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.messaging.postPacks.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: 'Post packs are keyed by letter id, unknown at deploy time; access is limited to this one bucket (and its key through S3 only).',
      });
    }
    if (access.disposal === 'start') fn.allowStartDisposal(this.disposal.queue);
    if (access.disposal === 'carry-out') {
      fn.allowDisposal(this.data.table, this.messaging.postPacks);
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.messaging.postPacks.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: "A disposal deletes the post packs of the letters it deletes, keyed by letter id, unknown at deploy time; DeleteObject on this one bucket only.",
      });
    }
    if (access.printAndPost && settings.postProvider === 'NOTIFY') {
      // The secret's ARN ends in six random characters Secrets Manager adds: the name and exactly that suffix.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadNotifyApiKey',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${settings.notifyApiKeySecret}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      );
    }
    if (access.policyDocument) fn.readPolicyDocument(this.messaging.postPacks, this.data.key, POLICY_DOCUMENT_KEY);
    if (access.workflow?.includes('start')) fn.allowStartExecution(stateMachineArn);
    if (access.workflow?.includes('callback')) fn.allowTaskCallback(stateMachineArn);
    if (access.inboundEmail) {
      fn.readInboundEmail(this.inboundEmail.bucket, INBOUND_EMAIL_PREFIX);
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.inboundEmail.bucket.node.defaultChild as CfnElement)}.Arn>/${INBOUND_EMAIL_PREFIX}*]`,
        reason: 'Received messages are keyed by the SES message id, unknown at deploy time; the grant is GetObject on this one bucket\'s inbound/ prefix only.',
      });
    }
  }

  private acknowledgeFunctionFindings(fn: AppFunction): void {
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions; the statement holds only those actions (active tracing).',
    });
  }
}
