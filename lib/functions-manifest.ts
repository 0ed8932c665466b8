import { API_FUNCTIONS, type ApiFunction } from './routes.js';
import type { DeletableItems } from './store/table.js';

/**
 * Every Lambda the stack deploys and what it may touch. CDK turns `access` into
 * least-privilege grants (never `*`); the benchmark bundles each entry.
 * Each entry is `functions/<name>.ts` exporting `handler`.
 */
/** The settings that name a staff mailbox. */
export type StaffMailbox = 'OFFICE_MAILBOX' | 'SOM_EMAIL' | 'LINE_MANAGER_EMAIL' | 'HEAD_OF_ASSURANCE_EMAIL';

export interface FunctionSpec {
  name: string;
  kind: 'api' | 'task' | 'queue-consumer' | 'schedule' | 'event' | 'inbound-email' | 'connect-flow' | 'connect-events' | 'disposal';
  access: {
    /** The single table; absent for a function that needs no records (the public OpenAPI document). */
    table?: 'RO' | 'RW';
    /**
     * The items it may delete (with `table: 'RW'`): DeleteItem is granted only on
     * their partitions (`DELETABLE_PARTITIONS` in lib/store/table.ts, by a
     * `dynamodb:LeadingKeys` condition); nothing else is ever deleted.
     */
    deletes?: DeletableItems[];
    /** Sends email through SES (the FROM_EMAIL identity). */
    sendEmail?: boolean;
    /**
     * With `sendEmail`: the only staff mailboxes (by setting) it may send to, enforced
     * by an `ses:Recipients` condition. Absent: any recipient (letters go to the people).
     */
    emailOnlyTo?: StaffMailbox[];
    /** Sends to the post queue. */
    sendPost?: boolean;
    /** Post-pack bucket access. */
    postPacks?: 'RO' | 'RW';
    /** Reads only the policy document in the post-pack bucket (the PDF enclosed with every letter). */
    policyDocument?: boolean;
    /** Step Functions: start executions of the lifecycle, or resume a task token. */
    workflow?: Array<'start' | 'callback'>;
    /** Reads the objects (only) of the bucket SES email receiving stores messages in. */
    inboundEmail?: boolean;
    /** Tells people how to write to the office (OFFICE_MAILBOX) without sending email itself: the switchboard's message. */
    namesOfficeMailbox?: boolean;
    /**
     * Disposal of records past their retention: `start` puts an approved disposal's
     * people on the disposal queue; `carry-out` (the queue's consumer, and only it)
     * may delete any item of the table and the post packs in their bucket.
     */
    disposal?: 'start' | 'carry-out';
    /** Hands letters to print and post: with POST_PROVIDER=NOTIFY, reads GOV.UK Notify's API key secret. */
    printAndPost?: boolean;
  };
  /** For kind 'schedule': how often it runs (daily at 07:00 UK time unless said). */
  schedule?: 'DAILY' | 'HOURLY';
  memoryMB?: number;
  timeoutSeconds?: number;
}

const apiAccess: Record<ApiFunction, FunctionSpec['access']> = {
  // PATCH deletes the contact points a person no longer has.
  'service-users': { table: 'RW', deletes: ['contactPoints'] },
  cases: { table: 'RW' },
  // A second read that finds a safeguarding concern emails the Statutory Operations Manager.
  contacts: { table: 'RW', sendEmail: true },
  'screen-contact': { table: 'RW' },
  incidents: { table: 'RW', sendEmail: true },
  // GET /strategies/{id}/letter names the enclosed policy by its own title.
  strategies: { table: 'RW', workflow: ['start', 'callback'], policyDocument: true },
  // Letters name the enclosed policy by its own title: whoever renders one reads that document.
  reviews: { table: 'RW', workflow: ['start'], policyDocument: true },
  breaches: { table: 'RW', sendEmail: true, workflow: ['start'], policyDocument: true },
  // Emails the managers of a new appeal; an outcome starts the NOTIFY phase (its letter names the enclosed policy).
  appeals: { table: 'RW', sendEmail: true, workflow: ['start'], policyDocument: true },
  openapi: {},
  governance: { table: 'RO' },
  // Reads letters and the print queue; records letters posted and returned; sends a letter again (by email, or by post: its pack and the queue).
  letters: { table: 'RW', policyDocument: true, sendEmail: true, sendPost: true, postPacks: 'RW' },
  // Starts the WARN phase (the letters); renders the letter to record it as failed if that cannot start.
  warnings: { table: 'RW', workflow: ['start'], policyDocument: true },
  // Proposes and decides disposals; an approved one goes to the disposal queue, whose consumer deletes.
  retention: { table: 'RW', disposal: 'start' },
};

export const FUNCTIONS: FunctionSpec[] = [
  ...API_FUNCTIONS.map((name): FunctionSpec => ({ name, kind: 'api', access: apiAccess[name] })),
  // Workflow task functions, the post-queue consumer and the review sweep are added
  // by the issues that build them.
  /** The daily review trigger (reminders, REVIEW_DUE, escalations): reads the table, updates strategies, emails staff. */
  { name: 'review-sweep', kind: 'schedule', access: { table: 'RW', sendEmail: true, deletes: ['reviewClaims'] }, timeoutSeconds: 900 },
  // The strategy lifecycle state machine's tasks (infra/state-machine/strategy-lifecycle.asl.json).
  /** Emails the Statutory Operations Manager for a decision; returns the decision-wait timeouts. */
  { name: 'lifecycle-request-decision', kind: 'task', access: { table: 'RO', sendEmail: true } },
  /** Each decision wait (.waitForTaskToken): stores the task token on the strategy, conditionally. */
  { name: 'lifecycle-await-decision', kind: 'task', access: { table: 'RW' } },
  /** Reminder, escalation and "no decision was made": emails staff, records on the strategy and each case. */
  { name: 'lifecycle-decision-overdue', kind: 'task', access: { table: 'RW', sendEmail: true } },
  /** The letter by email, the policy PDF (from the post-pack bucket) attached; records the letter. */
  { name: 'lifecycle-send-email-letter', kind: 'task', access: { table: 'RW', sendEmail: true, policyDocument: true }, memoryMB: 512, timeoutSeconds: 60 },
  /** The post pack (letter + policy PDF) to the bucket, a message to the post queue; records the letter. */
  { name: 'lifecycle-queue-post-letter', kind: 'task', access: { table: 'RW', sendPost: true, postPacks: 'RW' }, memoryMB: 512, timeoutSeconds: 60 },
  /** A delivery that failed every retry, recorded as a FAILED letter on the strategy and each case. */
  { name: 'lifecycle-record-delivery-failure', kind: 'task', access: { table: 'RW', policyDocument: true } },
  /** After the letters: activates an IMPLEMENTED strategy (or, when no letter got through, marks it NOT_NOTIFIED and emails the SOM), or records that the person was told. */
  { name: 'lifecycle-complete', kind: 'task', access: { table: 'RW', sendEmail: true, policyDocument: true } },
  /** The post queue's consumer: hands each posted letter to print and post (the print queue, or GOV.UK Notify), partial batch failures. */
  { name: 'post-dispatch', kind: 'queue-consumer', access: { table: 'RW', postPacks: 'RO', printAndPost: true, sendEmail: true, emailOnlyTo: ['SOM_EMAIL'] } },
  /** Follows GOV.UK Notify's status of the letters it accepted (hourly): posted, or failed with its reason. */
  { name: 'notify-status', kind: 'schedule', schedule: 'HOURLY', access: { table: 'RW', printAndPost: true, sendEmail: true, emailOnlyTo: ['SOM_EMAIL'] } },
  /** SES bounce, complaint and reject events (EventBridge): marks the emailed letter, flags the strategy, emails the SOM when no posted copy exists. */
  { name: 'ses-events', kind: 'event', access: { table: 'RW', sendEmail: true } },
  /** SES email receiving's Lambda action: reads the stored message, screens and records it, forwards it to the office mailbox. */
  // It mails only the office mailbox: a message it is handed can never make it mail anyone else.
  { name: 'inbound-email', kind: 'inbound-email', access: { table: 'RW', sendEmail: true, emailOnlyTo: ['OFFICE_MAILBOX'], inboundEmail: true }, memoryMB: 1024, timeoutSeconds: 120 },
  // Deployed only with an Amazon Connect instance (CONNECT_INSTANCE_ARN): infra/constructs/switchboard.ts.
  /** Amazon Connect's contact flow, before a person picks up: screens and records the call; Connect waits at most 8 s, so it may take no longer. */
  { name: 'connect-screen', kind: 'connect-flow', access: { table: 'RW', namesOfficeMailbox: true }, memoryMB: 1024, timeoutSeconds: 8 },
  /** Connect's contact events (EventBridge): a call's length, once it ended. */
  { name: 'connect-contact-events', kind: 'connect-events', access: { table: 'RW' } },
  /** The disposal queue's consumer: re-checks each person and deletes everything held about them. The only function that may delete records. */
  { name: 'disposal', kind: 'disposal', access: { table: 'RW', disposal: 'carry-out' }, timeoutSeconds: 300 },
];
