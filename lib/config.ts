import type { WiringSetting } from './adapters/settings.js';
import { POST_PROVIDERS } from './domain/post.js';

/**
 * Settings, read from the environment once and validated at import so that a
 * misconfigured function fails at cold start rather than halfway through a request.
 * Policy settings have defaults (docs/architecture.md, Settings); the settings that
 * wire a port to its AWS resource have none (see `wiringSetting`).
 *
 * Checked by the small readers below rather than a zod schema: every function imports
 * this module, and building a schema of this size at import was 12-20 ms of each cold
 * start (docs/benchmark.md). The rules are the ones the zod schema had: an unset setting
 * takes its default, numbers are read with `Number()`, emails match zod's `z.email()`.
 */
/** The only place an office is named: the defaults of ORG_NAME and POLICE_FORCE_NAME (infra/settings.ts uses them too). */
export const OFFICE_DEFAULTS = { orgName: 'Office of the Police and Crime Commissioner for Humberside', policeForceName: 'Humberside Police' } as const;

/** Reads one setting's raw value (undefined when unset), or throws what is wrong with it. */
type Reader<T> = (raw: string | undefined) => T;

/** zod's `z.email()` pattern, so an address accepted before is accepted now. */
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

const text =
  (fallback: string, { trim = false, min = 0, max = Infinity }: { trim?: boolean; min?: number; max?: number } = {}): Reader<string> =>
  (raw) => {
    if (raw === undefined) return fallback;
    const value = trim ? raw.trim() : raw;
    if (value.length < min) throw new Error(min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (value.length > max) throw new Error(`must be at most ${max} characters`);
    return value;
  };

const email =
  (fallback: string): Reader<string> =>
  (raw) => {
    if (raw === undefined) return fallback;
    if (!EMAIL.test(raw)) throw new Error('must be an email address');
    return raw;
  };

const wholeNumber =
  (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): Reader<number> =>
  (raw) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new Error('must be a whole number');
    if (n < min || n > max) throw new Error(max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be from ${min} to ${max}`);
    return n;
  };

const oneOf =
  <const T extends string>(values: readonly T[], fallback: T): Reader<T> =>
  (raw) => {
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };

const url =
  (fallback: string): Reader<string> =>
  (raw) => {
    if (raw === undefined) return fallback;
    const value = raw.trim();
    if (!URL.canParse(value)) throw new Error('must be a URL');
    return value.replace(/[\t\n\r]/g, '');
  };

/** Lines separated by `|`, each trimmed, empty ones dropped. */
const lines =
  ({ maxLines, maxLength }: { maxLines: number; maxLength: number }): Reader<string[]> =>
  (raw) => {
    const value = (raw ?? '').split('|').map((l) => l.trim()).filter(Boolean);
    if (value.length > maxLines) throw new Error(`must have at most ${maxLines} lines`);
    if (value.some((l) => l.length > maxLength)) throw new Error(`lines must be at most ${maxLength} characters`);
    return value;
  };

const SETTINGS = {
  TABLE_NAME: text('contact-strategy', { min: 1 }),
  SOM_EMAIL: email('som@opcc.localhost'),
  REVIEW_REMINDER_DAYS: wholeNumber(14, 0, 365),
  REVIEW_ESCALATION_DAYS: wholeNumber(7, 0, 365),
  MAX_REVIEW_MONTHS: wholeNumber(12, 1, 60),
  /** Hours the Statutory Operations Manager has to decide before a reminder, then an escalation. */
  DECISION_REMINDER_HOURS: wholeNumber(72, 1),
  /** Years after a case concluded before it is due for a disposal review (UK GDPR storage limitation). */
  RETENTION_YEARS: wholeNumber(6, 1, 100),
  /**
   * Days a screened contact that matched nobody (no person, no case) is kept before
   * DynamoDB's TTL removes it: it is on no one's record.
   */
  UNMATCHED_CONTACT_DAYS: wholeNumber(90, 1, 3650),
  // Inbound email (docs/inbound-email.md): where screened email is forwarded.
  OFFICE_MAILBOX: email('office@opcc.localhost'),
  AWS_REGION: text('eu-west-2'),
  /** The office: named in letters, staff emails, PDFs and the console (docs/deploying.md, Settings). */
  ORG_NAME: text(OFFICE_DEFAULTS.orgName, { trim: true, min: 1, max: 200 }),
  /** The office's postal address, lines separated by `|` (the letter's sender block). */
  ORG_POSTAL_ADDRESS: lines({ maxLines: 8, maxLength: 100 }),
  /** The office's mailbox for the public, which letters give (a single point of contact is reached through it). */
  ORG_EMAIL: email('enquiries@opcc.localhost'),
  POLICE_FORCE_NAME: text(OFFICE_DEFAULTS.policeForceName, { trim: true, min: 1, max: 200 }),
  // --- the working day: staff mailboxes for the incident queues, the terminated-calls prompt ---
  /** Where an incident entering AWAITING_LINE_MANAGER is announced. */
  LINE_MANAGER_EMAIL: email('line-managers@opcc.localhost'),
  /** Where an incident entering AWAITING_HEAD_OF_ASSURANCE is announced. */
  HEAD_OF_ASSURANCE_EMAIL: email('assurance@opcc.localhost'),
  /** Calls terminated after a warning within 90 days that prompt staff to consider NO_TELEPHONE (policy 1.3). */
  TERMINATED_CALLS_PROMPT: wholeNumber(2, 1, 100),
  /** Days a contact logged without a reply may wait for its second read before it is overdue (docs/screening.md). */
  UNANSWERED_CHECK_DAYS: wholeNumber(7, 1, 365),
  // --- appeals: the person may ask for the decision to be looked at again ---
  /** Days after the implementation letter within which an appeal is on time (later needs a reason). */
  APPEAL_DAYS: wholeNumber(28, 1, 365),
  /** Days after its receipt within which an appeal should be decided (later: overdue). */
  APPEAL_DECISION_DAYS: wholeNumber(20, 1, 365),
  /** Working days something may wait in a queue before its mailbox is reminded (twice that: the Statutory Operations Manager is told). */
  QUEUE_CHASE_DAYS: wholeNumber(3, 1, 60),
  // --- the post (docs/lifecycle.md, The post): how posted letters leave the building ---
  /** IN_HOUSE: staff print the print queue and mark letters posted; NOTIFY: GOV.UK Notify prints and posts them. */
  POST_PROVIDER: oneOf(POST_PROVIDERS, 'IN_HOUSE'),
  /** GOV.UK Notify's API (the local stack points it at its stand-in). */
  NOTIFY_BASE_URL: url('https://api.notifications.service.gov.uk'),
  /** The postage Notify posts letters with. */
  NOTIFY_POSTAGE: oneOf(['first', 'second', 'economy'], 'second'),
} satisfies Record<string, Reader<unknown>>;

export type Config = { [K in keyof typeof SETTINGS]: ReturnType<(typeof SETTINGS)[K]> };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of Object.entries(SETTINGS) as [string, Reader<unknown>][]) {
    try {
      values[name] = read(env[name]);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return values as Config;
}

export const config: Config = loadConfig();

/** The office as letters, emails, PDFs and the console name it. */
export const office = (c: Config = config) => ({ name: c.ORG_NAME, postalAddress: c.ORG_POSTAL_ADDRESS, email: c.ORG_EMAIL, policeForce: c.POLICE_FORCE_NAME });

const WIRING_FORMAT: Partial<Record<WiringSetting, RegExp>> = {
  FROM_EMAIL: EMAIL,
};

/**
 * Where GOV.UK Notify's API key comes from: `NOTIFY_API_KEY` itself (the local
 * stack), else the Secrets Manager secret `NOTIFY_API_KEY_SECRET` names (deployed;
 * infra gives it only to the functions that talk to Notify). Neither: fails naming it.
 */
export function notifyApiKeySource(env: NodeJS.ProcessEnv = process.env): { key: string } | { secretName: string } {
  const key = env.NOTIFY_API_KEY?.trim();
  if (key) return { key };
  const secretName = env.NOTIFY_API_KEY_SECRET?.trim();
  if (secretName) return { secretName };
  throw new Error('Missing setting NOTIFY_API_KEY_SECRET (or NOTIFY_API_KEY): POST_PROVIDER is NOTIFY');
}

/**
 * A setting that wires a port to its AWS resource (the queue's URL, the bucket,
 * the state machine), read when lib/wiring.ts builds the adapter. There is no
 * default: a missing one fails with its name.
 */
export function wiringSetting(name: WiringSetting): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`Missing setting ${name}`);
  const format = WIRING_FORMAT[name];
  if (format && !format.test(value)) throw new Error(`Invalid setting ${name}: ${value}`);
  return value;
}
