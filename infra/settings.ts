import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';
import { OFFICE_DEFAULTS } from '../lib/config.js';

/**
 * What a deployer decides, given as CDK context (`-c fromEmail=...`) or, failing
 * that, as an environment variable (`FROM_EMAIL=...`). Context wins so a command
 * line is never silently overridden by a stray variable in the shell.
 */
export interface DeploySettings {
  /** The sender of every email; its domain becomes the SES identity unless `sesDomain` is given. */
  fromEmail: string;
  /** The Statutory Operations Manager's mailbox. */
  somEmail: string;
  /** Staff mailboxes: line managers (incidents awaiting them), the Head of Assurance (incidents escalated), the office (screened inbound email is forwarded there). */
  lineManagerEmail: string;
  headOfAssuranceEmail: string;
  officeMailbox: string;
  /** The SES domain identity to create and verify (DKIM). Defaults to fromEmail's domain. */
  sesDomain: string;
  /** Operators' mailbox for alarms; no subscription when absent. */
  alarmEmail?: string;
  reviewReminderDays: number;
  reviewEscalationDays: number;
  /** Calls terminated after a warning within 90 days that prompt staff to consider NO_TELEPHONE. */
  terminatedCallsPrompt: number;
  /** Days a screened contact that matched nobody is kept (TTL). */
  unmatchedContactDays: number;
  maxReviewMonths: number;
  decisionReminderHours: number;
  retentionYears: number;
  /** Days a contact logged without a reply may wait for its second read (UNANSWERED_CHECK_DAYS). */
  unansweredCheckDays: number;
  /** Appeals: days after the implementation letter an appeal is on time (APPEAL_DAYS), and days to decide one (APPEAL_DECISION_DAYS). */
  appealDays: number;
  appealDecisionDays: number;
  /** Working days something may wait in a queue before it is chased (QUEUE_CHASE_DAYS). */
  queueChaseDays: number;
  /** Days CloudWatch keeps Lambda, API and state-machine logs. */
  logRetentionDays: number;
  /** Stage-wide API Gateway throttling. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /**
   * Prefix of the console's Cognito managed-login domain
   * (`<prefix>.auth.<region>.amazoncognito.com`), unique per region across AWS.
   * When absent the stack uses `<stack name>-<account>`.
   */
  consoleDomainPrefix?: string;
  /** A custom domain for the console (e.g. `console.opcc.example.gov.uk`); needs `consoleCertificateArn`. */
  consoleDomainName?: string;
  /** The ACM certificate (in us-east-1, as CloudFront requires) for `consoleDomainName`. */
  consoleCertificateArn?: string;
  /** A WAF web ACL of scope CLOUDFRONT (created in us-east-1) to put in front of the console's distribution. */
  consoleWebAclArn?: string;
  /**
   * The office's own policy PDF (a file path), enclosed with every letter (policy
   * 1.5). Absent only in a demonstration deployment, which encloses the sample.
   */
  policyPdf?: string;
  /** A demonstration deployment: the sample policy, which says on its face that it is a sample, is enclosed. */
  demo: boolean;
  /** The office (ORG_NAME), its postal address lines (ORG_POSTAL_ADDRESS, `|`-separated) and police force (POLICE_FORCE_NAME). */
  orgName: string;
  orgPostalAddress: string[];
  /** The office's mailbox for the public, which letters give (ORG_EMAIL; default: one the inbound email receives). */
  orgEmail: string;
  policeForceName: string;
  /** Inbound email: the addresses or domains SES receives for (default: the SES domain), and the days a stored message is kept. */
  inboundRecipients: string[];
  inboundRetentionDays: number;
  /**
   * The switchboard: the Amazon Connect instance whose calls are screened before a
   * person picks up (CONNECT_INSTANCE_ARN), and the queue the screened calls go to
   * (CONNECT_QUEUE_ARN, required with it). Absent: nothing of the switchboard is deployed.
   */
  connect?: { instanceArn: string; queueArn: string; provisionedConcurrency: number };
  /** How posted letters leave the building (POST_PROVIDER): the office's print queue, or GOV.UK Notify. */
  postProvider: 'IN_HOUSE' | 'NOTIFY';
  /** With NOTIFY: the name of the Secrets Manager secret holding Notify's API key (created by the operator, docs/deploying.md). */
  notifyApiKeySecret: string;
  /** With NOTIFY: the postage of every letter Notify sends (NOTIFY_POSTAGE). */
  notifyPostage: 'first' | 'second' | 'economy';
  /** Names that had no value and fell back to an example default (synth works, deploy should not). */
  defaulted: string[];
}

interface SettingSource {
  tryGetContext(key: string): unknown;
}

const EXAMPLE_FROM = 'no-reply@contact-strategy.example.org';
const EXAMPLE_SOM = 'som@contact-strategy.example.org';
const EXAMPLE_LINE_MANAGERS = 'line-managers@contact-strategy.example.org';
const EXAMPLE_ASSURANCE = 'assurance@contact-strategy.example.org';
const EXAMPLE_OFFICE = 'office@contact-strategy.example.org';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Reads settings from CDK context then the environment; validates them and fails fast on nonsense. */
export function readSettings(node: SettingSource | Node, env: NodeJS.ProcessEnv = process.env): DeploySettings {
  const defaulted: string[] = [];
  const raw = (ctx: string, envName: string): string | undefined => {
    const fromContext = node.tryGetContext(ctx);
    if (fromContext !== undefined && fromContext !== null && String(fromContext) !== '') return String(fromContext);
    const fromEnv = env[envName];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const email = (ctx: string, envName: string, example: string): string => {
    const value = raw(ctx, envName);
    if (value === undefined) {
      defaulted.push(ctx);
      return example;
    }
    if (!EMAIL.test(value)) throw new Error(`Setting ${ctx} (${envName}) is not an email address: ${value}`);
    return value.toLowerCase();
  };
  const int = (ctx: string, envName: string, fallback: number, min: number, max: number): number => {
    const value = raw(ctx, envName);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Setting ${ctx} (${envName}) must be an integer in [${min}, ${max}], got ${value}`);
    return n;
  };

  const fromEmail = email('fromEmail', 'FROM_EMAIL', EXAMPLE_FROM);
  const somEmail = email('somEmail', 'SOM_EMAIL', EXAMPLE_SOM);
  const lineManagerEmail = email('lineManagerEmail', 'LINE_MANAGER_EMAIL', EXAMPLE_LINE_MANAGERS);
  const headOfAssuranceEmail = email('headOfAssuranceEmail', 'HEAD_OF_ASSURANCE_EMAIL', EXAMPLE_ASSURANCE);
  const officeMailbox = email('officeMailbox', 'OFFICE_MAILBOX', EXAMPLE_OFFICE);
  const sesDomain = (raw('sesDomain', 'SES_DOMAIN') ?? fromEmail.split('@')[1] ?? '').toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(sesDomain)) throw new Error(`Setting sesDomain (SES_DOMAIN) is not a domain: ${sesDomain}`);
  if (!fromEmail.endsWith(`@${sesDomain}`) && !fromEmail.endsWith(`.${sesDomain}`)) {
    throw new Error(`fromEmail ${fromEmail} is not in the SES domain ${sesDomain}: SES would refuse to send from it`);
  }
  const alarmEmailRaw = raw('alarmEmail', 'ALARM_EMAIL');
  if (alarmEmailRaw !== undefined && !EMAIL.test(alarmEmailRaw)) throw new Error(`Setting alarmEmail (ALARM_EMAIL) is not an email address: ${alarmEmailRaw}`);

  const consoleDomainPrefix = raw('consoleDomainPrefix', 'CONSOLE_DOMAIN_PREFIX');
  if (consoleDomainPrefix !== undefined) validateDomainPrefix(consoleDomainPrefix);
  const consoleDomainName = raw('consoleDomainName', 'CONSOLE_DOMAIN_NAME')?.toLowerCase();
  const consoleCertificateArn = raw('consoleCertificateArn', 'CONSOLE_CERTIFICATE_ARN');
  if ((consoleDomainName === undefined) !== (consoleCertificateArn === undefined)) {
    throw new Error('Settings consoleDomainName (CONSOLE_DOMAIN_NAME) and consoleCertificateArn (CONSOLE_CERTIFICATE_ARN) go together: give both or neither');
  }
  if (consoleDomainName !== undefined && !/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(consoleDomainName)) {
    throw new Error(`Setting consoleDomainName (CONSOLE_DOMAIN_NAME) is not a domain name: ${consoleDomainName}`);
  }
  if (consoleCertificateArn !== undefined && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(consoleCertificateArn)) {
    throw new Error(`Setting consoleCertificateArn (CONSOLE_CERTIFICATE_ARN) must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there): ${consoleCertificateArn}`);
  }
  const consoleWebAclArn = raw('consoleWebAclArn', 'CONSOLE_WEB_ACL_ARN');
  if (consoleWebAclArn !== undefined && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[0-9a-f-]+$/.test(consoleWebAclArn)) {
    throw new Error(`Setting consoleWebAclArn (CONSOLE_WEB_ACL_ARN) must be the ARN of a WAFv2 web ACL of scope CLOUDFRONT (us-east-1, .../global/webacl/<name>/<id>): ${consoleWebAclArn}`);
  }

  const policyPdf = raw('policyPdf', 'POLICY_PDF');
  const demo = raw('demo', 'DEMO');
  if (demo !== undefined && demo !== 'true' && demo !== 'false') throw new Error(`Setting demo (DEMO) is true or false, got ${demo}`);
  if (policyPdf !== undefined) checkPolicyPdf(policyPdf);
  else if (demo !== 'true') {
    throw new Error(
      "Setting policyPdf (POLICY_PDF) is required: every letter encloses a copy of the office's own policy (policy 1.5). " +
        'Give -c policyPdf=path/to/policy.pdf, or -c demo=true for a demonstration deployment that encloses the sample policy.',
    );
  }

  const text = (ctx: string, envName: string, fallback: string, max: number): string => {
    const value = (raw(ctx, envName) ?? fallback).trim();
    if (!value || value.length > max || hasControl(value)) throw new Error(`Setting ${ctx} (${envName}) must be 1-${max} printable characters, got ${JSON.stringify(value)}`);
    return value;
  };
  const orgPostalAddress = (raw('orgPostalAddress', 'ORG_POSTAL_ADDRESS') ?? '').split('|').map((l) => l.trim()).filter(Boolean);
  if (orgPostalAddress.length > 8 || orgPostalAddress.some((l) => l.length > 100 || hasControl(l))) {
    throw new Error('Setting orgPostalAddress (ORG_POSTAL_ADDRESS) is up to 8 lines of up to 100 printable characters, separated by |');
  }
  // Inbound email: comma-separated addresses or domains; each must be one.
  const inboundRecipients = (raw('inboundRecipients', 'INBOUND_RECIPIENTS') ?? sesDomain).split(',').map((r) => r.trim().toLowerCase()).filter(Boolean);
  for (const r of inboundRecipients) {
    if (!EMAIL.test(r) && !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(r)) throw new Error(`Setting inboundRecipients (INBOUND_RECIPIENTS) lists ${r}, which is neither an email address nor a domain`);
  }

  const connect = connectSettings(raw, int);
  const retentionYears = int('retentionYears', 'RETENTION_YEARS', 6, 1, 100);
  const inboundRetentionDays = int('inboundRetentionDays', 'INBOUND_RETENTION_DAYS', 30, 1, 3650);
  // A disposal cannot reach a received message in its bucket: it must have expired before anyone can be due.
  if (inboundRetentionDays >= 365 * retentionYears) {
    throw new Error(`Setting inboundRetentionDays (INBOUND_RETENTION_DAYS) must be shorter than retentionYears (RETENTION_YEARS): ${inboundRetentionDays} days against ${retentionYears} years`);
  }
  // Letters tell the person to write here, so by default it is an address inbound email receives (and screens).
  const firstInbound = inboundRecipients[0] ?? sesDomain;
  const orgEmailRaw = raw('orgEmail', 'ORG_EMAIL');
  if (orgEmailRaw !== undefined && !EMAIL.test(orgEmailRaw)) throw new Error(`Setting orgEmail (ORG_EMAIL) is not an email address: ${orgEmailRaw}`);
  const orgEmail = (orgEmailRaw ?? (EMAIL.test(firstInbound) ? firstInbound : `enquiries@${firstInbound}`)).toLowerCase();
  const postProvider = raw('postProvider', 'POST_PROVIDER') ?? 'IN_HOUSE';
  if (postProvider !== 'IN_HOUSE' && postProvider !== 'NOTIFY') throw new Error(`Setting postProvider (POST_PROVIDER) is IN_HOUSE or NOTIFY, got ${postProvider}`);
  const notifyApiKeySecret = raw('notifyApiKeySecret', 'NOTIFY_API_KEY_SECRET') ?? 'contact-strategy/notify-api-key';
  if (!/^[\w/+=.@-]{1,512}$/.test(notifyApiKeySecret)) throw new Error(`Setting notifyApiKeySecret (NOTIFY_API_KEY_SECRET) is not a secret name: ${notifyApiKeySecret}`);
  const notifyPostage = raw('notifyPostage', 'NOTIFY_POSTAGE') ?? 'second';
  if (notifyPostage !== 'first' && notifyPostage !== 'second' && notifyPostage !== 'economy') throw new Error(`Setting notifyPostage (NOTIFY_POSTAGE) is first, second or economy, got ${notifyPostage}`);

  return {
    postProvider,
    notifyApiKeySecret,
    notifyPostage,
    fromEmail,
    somEmail,
    lineManagerEmail,
    headOfAssuranceEmail,
    officeMailbox,
    sesDomain,
    ...(alarmEmailRaw ? { alarmEmail: alarmEmailRaw.toLowerCase() } : {}),
    reviewReminderDays: int('reviewReminderDays', 'REVIEW_REMINDER_DAYS', 14, 0, 365),
    reviewEscalationDays: int('reviewEscalationDays', 'REVIEW_ESCALATION_DAYS', 7, 0, 365),
    terminatedCallsPrompt: int('terminatedCallsPrompt', 'TERMINATED_CALLS_PROMPT', 2, 1, 100),
    unmatchedContactDays: int('unmatchedContactDays', 'UNMATCHED_CONTACT_DAYS', 90, 1, 3650),
    maxReviewMonths: int('maxReviewMonths', 'MAX_REVIEW_MONTHS', 12, 1, 60),
    decisionReminderHours: int('decisionReminderHours', 'DECISION_REMINDER_HOURS', 72, 1, 24 * 30),
    retentionYears,
    unansweredCheckDays: int('unansweredCheckDays', 'UNANSWERED_CHECK_DAYS', 7, 1, 365),
    appealDays: int('appealDays', 'APPEAL_DAYS', 28, 1, 365),
    appealDecisionDays: int('appealDecisionDays', 'APPEAL_DECISION_DAYS', 20, 1, 365),
    queueChaseDays: int('queueChaseDays', 'QUEUE_CHASE_DAYS', 3, 1, 60),
    logRetentionDays: retention(int('logRetentionDays', 'LOG_RETENTION_DAYS', 90, 1, 3653)),
    apiRateLimit: int('apiRateLimit', 'API_RATE_LIMIT', 50, 1, 10_000),
    apiBurstLimit: int('apiBurstLimit', 'API_BURST_LIMIT', 100, 1, 5_000),
    ...(consoleDomainPrefix ? { consoleDomainPrefix } : {}),
    ...(consoleDomainName && consoleCertificateArn ? { consoleDomainName, consoleCertificateArn } : {}),
    ...(consoleWebAclArn ? { consoleWebAclArn } : {}),
    ...(policyPdf !== undefined ? { policyPdf: resolve(policyPdf) } : {}),
    inboundRecipients,
    inboundRetentionDays,
    demo: demo === 'true',
    orgName: text('orgName', 'ORG_NAME', OFFICE_DEFAULTS.orgName, 200),
    orgPostalAddress,
    orgEmail,
    policeForceName: text('policeForceName', 'POLICE_FORCE_NAME', OFFICE_DEFAULTS.policeForceName, 200),
    ...(connect ? { connect } : {}),
    defaulted,
  };
}

/**
 * The switchboard's settings: none, or an instance with a queue of that instance.
 * `connectProvisionedConcurrency` keeps that many screening environments warm (0: none).
 */
function connectSettings(
  raw: (ctx: string, envName: string) => string | undefined,
  int: (ctx: string, envName: string, fallback: number, min: number, max: number) => number,
): DeploySettings['connect'] {
  const instanceArn = raw('connectInstanceArn', 'CONNECT_INSTANCE_ARN');
  const queueArn = raw('connectQueueArn', 'CONNECT_QUEUE_ARN');
  if (instanceArn === undefined) {
    if (queueArn !== undefined) throw new Error('Setting connectQueueArn (CONNECT_QUEUE_ARN) needs connectInstanceArn (CONNECT_INSTANCE_ARN): the queue belongs to an instance');
    return undefined;
  }
  if (!/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/.test(instanceArn)) {
    throw new Error(`Setting connectInstanceArn (CONNECT_INSTANCE_ARN) must be an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>): ${instanceArn}`);
  }
  if (queueArn === undefined) throw new Error('Setting connectQueueArn (CONNECT_QUEUE_ARN) is required with connectInstanceArn: the contact flow passes screened calls to that queue');
  if (!queueArn.startsWith(`${instanceArn}/queue/`) || !/\/queue\/[0-9a-f-]{36}$/.test(queueArn)) {
    throw new Error(`Setting connectQueueArn (CONNECT_QUEUE_ARN) must be a queue of the instance connectInstanceArn names (${instanceArn}/queue/<id>): ${queueArn}`);
  }
  return { instanceArn, queueArn, provisionedConcurrency: int('connectProvisionedConcurrency', 'CONNECT_PROVISIONED_CONCURRENCY', 0, 0, 100) };
}

/** The office's policy must be a PDF that is there: a letter without its enclosure breaks policy 1.5. */
function checkPolicyPdf(path: string): void {
  if (!existsSync(path)) throw new Error(`Setting policyPdf (POLICY_PDF) names ${path}, which does not exist`);
  const head = Buffer.alloc(5);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== '%PDF-') throw new Error(`Setting policyPdf (POLICY_PDF) names ${path}, which is not a PDF`);
}

/** A control character (a line break, say) in a name or address line. */
const hasControl = (value: string): boolean => Array.from(value).some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function retention(days: number): number {
  if (!RETENTION_DAYS.includes(days)) throw new Error(`Setting logRetentionDays must be one of ${RETENTION_DAYS.join(', ')}, got ${days}`);
  return days;
}

/**
 * Cognito's rules for a managed-login domain prefix: lowercase letters, digits and
 * hyphens, 1-63 characters, no leading or trailing hyphen, and none of the
 * reserved words `aws`, `amazon` or `cognito`.
 */
export function validateDomainPrefix(prefix: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    throw new Error(`Setting consoleDomainPrefix (CONSOLE_DOMAIN_PREFIX) must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen: ${prefix}`);
  }
  const reserved = ['aws', 'amazon', 'cognito'].find((w) => prefix.includes(w));
  if (reserved) throw new Error(`Setting consoleDomainPrefix (CONSOLE_DOMAIN_PREFIX) may not contain the reserved word '${reserved}': ${prefix}`);
  return prefix;
}
