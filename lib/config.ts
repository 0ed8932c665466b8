import * as z from 'zod';

/**
 * Settings, read from the environment once and validated at import so that a
 * misconfigured function fails at cold start rather than halfway through a request.
 * Defaults serve the local stack (see the contract's *Settings*).
 */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1).default('contact-strategy'),
  SOM_EMAIL: z.email().default('som@opcc.localhost'),
  FROM_EMAIL: z.email().default('no-reply@opcc.localhost'),
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
  POST_QUEUE_URL: z.string().default(''),
  POST_PACK_BUCKET: z.string().default(''),
  STATE_MACHINE_ARN: z.string().default(''),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Where the policy PDF enclosed with every letter lives (a file path locally, an S3 key in AWS). */
  POLICY_DOCUMENT_KEY: z.string().default('policy/contact-policy.pdf'),
  // Local stack only: endpoints of the emulators.
  DYNAMODB_ENDPOINT: z.string().optional(),
  SES_ENDPOINT: z.string().optional(),
  LOCAL_STACK: z.enum(['true', 'false']).default('false'),
  LOCAL_DATA_DIR: z.string().default('.data'),
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
export const isLocal = config.LOCAL_STACK === 'true';
