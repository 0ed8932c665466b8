import * as z from 'zod';
import type { WiringSetting } from './adapters/settings.js';
import { POST_PROVIDERS } from './domain/post.js';

/**
 * Settings, read from the environment once and validated at import so that a
 * misconfigured function fails at cold start rather than halfway through a request.
 * Policy settings have defaults (docs/architecture.md, Settings); the settings that
 * wire a port to its AWS resource have none (see `wiringSetting`).
 */
/** The only place an office is named: the defaults of ORG_NAME and POLICE_FORCE_NAME (infra/settings.ts uses them too). */
export const OFFICE_DEFAULTS = { orgName: 'Office of the Police and Crime Commissioner for Humberside', policeForceName: 'Humberside Police' } as const;

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1).default('contact-strategy'),
  SOM_EMAIL: z.email().default('som@opcc.localhost'),
  REVIEW_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  REVIEW_ESCALATION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  MAX_REVIEW_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Hours the Statutory Operations Manager has to decide before a reminder, then an escalation. */
  DECISION_REMINDER_HOURS: z.coerce.number().int().min(1).default(72),
  /** Years after a case concluded before it is due for a disposal review (UK GDPR storage limitation). */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(6),
  /**
   * Days a screened contact that matched nobody (no person, no case) is kept before
   * DynamoDB's TTL removes it: it is on no one's record.
   */
  UNMATCHED_CONTACT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // Inbound email (docs/inbound-email.md): where screened email is forwarded.
  OFFICE_MAILBOX: z.email().default('office@opcc.localhost'),
  AWS_REGION: z.string().default('eu-west-2'),
  /** The office: named in letters, staff emails, PDFs and the console (docs/deploying.md, Settings). */
  ORG_NAME: z.string().trim().min(1).max(200).default(OFFICE_DEFAULTS.orgName),
  /** The office's postal address, lines separated by `|` (the letter's sender block). */
  ORG_POSTAL_ADDRESS: z.string().default('').transform((v) => v.split('|').map((l) => l.trim()).filter(Boolean)).pipe(z.array(z.string().max(100)).max(8)),
  /** The office's mailbox for the public, which letters give (a single point of contact is reached through it). */
  ORG_EMAIL: z.email().default('enquiries@opcc.localhost'),
  POLICE_FORCE_NAME: z.string().trim().min(1).max(200).default(OFFICE_DEFAULTS.policeForceName),
  // --- the working day: staff mailboxes for the incident queues, the terminated-calls prompt ---
  /** Where an incident entering AWAITING_LINE_MANAGER is announced. */
  LINE_MANAGER_EMAIL: z.email().default('line-managers@opcc.localhost'),
  /** Where an incident entering AWAITING_HEAD_OF_ASSURANCE is announced. */
  HEAD_OF_ASSURANCE_EMAIL: z.email().default('assurance@opcc.localhost'),
  /** Calls terminated after a warning within 90 days that prompt staff to consider NO_TELEPHONE (policy 1.3). */
  TERMINATED_CALLS_PROMPT: z.coerce.number().int().min(1).max(100).default(2),
  /** Days a contact logged without a reply may wait for its second read before it is overdue (docs/screening.md). */
  UNANSWERED_CHECK_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // --- appeals: the person may ask for the decision to be looked at again ---
  /** Days after the implementation letter within which an appeal is on time (later needs a reason). */
  APPEAL_DAYS: z.coerce.number().int().min(1).max(365).default(28),
  /** Days after its receipt within which an appeal should be decided (later: overdue). */
  APPEAL_DECISION_DAYS: z.coerce.number().int().min(1).max(365).default(20),
  /** Working days something may wait in a queue before its mailbox is reminded (twice that: the Statutory Operations Manager is told). */
  QUEUE_CHASE_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  // --- the post (docs/lifecycle.md, The post): how posted letters leave the building ---
  /** IN_HOUSE: staff print the print queue and mark letters posted; NOTIFY: GOV.UK Notify prints and posts them. */
  POST_PROVIDER: z.enum(POST_PROVIDERS).default('IN_HOUSE'),
  /** GOV.UK Notify's API (the local stack points it at its stand-in). */
  NOTIFY_BASE_URL: z.url().default('https://api.notifications.service.gov.uk'),
  /** The postage Notify posts letters with. */
  NOTIFY_POSTAGE: z.enum(['first', 'second', 'economy']).default('second'),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return parsed.data;
}

export const config: Config = loadConfig();

/** The office as letters, emails, PDFs and the console name it. */
export const office = (c: Config = config) => ({ name: c.ORG_NAME, postalAddress: c.ORG_POSTAL_ADDRESS, email: c.ORG_EMAIL, policeForce: c.POLICE_FORCE_NAME });

const WIRING_FORMAT: Partial<Record<WiringSetting, z.ZodType<string>>> = {
  FROM_EMAIL: z.email(),
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
  if (format && !format.safeParse(value).success) throw new Error(`Invalid setting ${name}: ${value}`);
  return value;
}
