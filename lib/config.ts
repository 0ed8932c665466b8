import * as z from 'zod';
import type { WiringSetting } from './adapters/settings.js';

/**
 * Settings, read from the environment once and validated at import so that a
 * misconfigured function fails at cold start rather than halfway through a request.
 * Policy settings have defaults (see the contract's *Settings*); the settings that
 * wire a port to its AWS resource have none (see `wiringSetting`).
 */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1).default('contact-strategy'),
  SOM_EMAIL: z.email().default('som@opcc.localhost'),
  REVIEW_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  REVIEW_ESCALATION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  MAX_REVIEW_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Hours the Statutory Operations Manager has to decide before a reminder, then an escalation. */
  DECISION_REMINDER_HOURS: z.coerce.number().int().min(1).default(72),
  /** Years a closed record is kept before its TTL removes it (UK GDPR storage limitation). */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(6),
  /**
   * Days a screened contact that matched nobody (no person, no case) is kept before
   * DynamoDB's TTL removes it: it is on no one's record.
   */
  UNMATCHED_CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  AWS_REGION: z.string().default('eu-west-2'),
});

export type Config = z.infer<typeof ConfigSchema>;

function load(): Config {
  const parsed = ConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return parsed.data;
}

export const config: Config = load();

const WIRING_FORMAT: Partial<Record<WiringSetting, z.ZodType<string>>> = {
  FROM_EMAIL: z.email(),
};

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
