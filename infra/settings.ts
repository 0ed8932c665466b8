import type { Node } from 'constructs';

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
  /** The SES domain identity to create and verify (DKIM). Defaults to fromEmail's domain. */
  sesDomain: string;
  /** Operators' mailbox for alarms; no subscription when absent. */
  alarmEmail?: string;
  reviewReminderDays: number;
  reviewEscalationDays: number;
  maxReviewMonths: number;
  decisionReminderHours: number;
  retentionYears: number;
  /** Days CloudWatch keeps Lambda, API and state-machine logs. */
  logRetentionDays: number;
  /** Stage-wide API Gateway throttling. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Names that had no value and fell back to an example default (synth works, deploy should not). */
  defaulted: string[];
}

interface SettingSource {
  tryGetContext(key: string): unknown;
}

const EXAMPLE_FROM = 'no-reply@contact-strategy.example.org';
const EXAMPLE_SOM = 'som@contact-strategy.example.org';
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
  const sesDomain = (raw('sesDomain', 'SES_DOMAIN') ?? fromEmail.split('@')[1] ?? '').toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(sesDomain)) throw new Error(`Setting sesDomain (SES_DOMAIN) is not a domain: ${sesDomain}`);
  if (!fromEmail.endsWith(`@${sesDomain}`) && !fromEmail.endsWith(`.${sesDomain}`)) {
    throw new Error(`fromEmail ${fromEmail} is not in the SES domain ${sesDomain}: SES would refuse to send from it`);
  }
  const alarmEmailRaw = raw('alarmEmail', 'ALARM_EMAIL');
  if (alarmEmailRaw !== undefined && !EMAIL.test(alarmEmailRaw)) throw new Error(`Setting alarmEmail (ALARM_EMAIL) is not an email address: ${alarmEmailRaw}`);

  return {
    fromEmail,
    somEmail,
    sesDomain,
    ...(alarmEmailRaw ? { alarmEmail: alarmEmailRaw.toLowerCase() } : {}),
    reviewReminderDays: int('reviewReminderDays', 'REVIEW_REMINDER_DAYS', 14, 0, 365),
    reviewEscalationDays: int('reviewEscalationDays', 'REVIEW_ESCALATION_DAYS', 7, 0, 365),
    maxReviewMonths: int('maxReviewMonths', 'MAX_REVIEW_MONTHS', 12, 1, 60),
    decisionReminderHours: int('decisionReminderHours', 'DECISION_REMINDER_HOURS', 72, 1, 24 * 30),
    retentionYears: int('retentionYears', 'RETENTION_YEARS', 6, 1, 100),
    logRetentionDays: retention(int('logRetentionDays', 'LOG_RETENTION_DAYS', 90, 1, 3653)),
    apiRateLimit: int('apiRateLimit', 'API_RATE_LIMIT', 50, 1, 10_000),
    apiBurstLimit: int('apiBurstLimit', 'API_BURST_LIMIT', 100, 1, 5_000),
    defaulted,
  };
}

/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function retention(days: number): number {
  if (!RETENTION_DAYS.includes(days)) throw new Error(`Setting logRetentionDays must be one of ${RETENTION_DAYS.join(', ')}, got ${days}`);
  return days;
}
