import { API_FUNCTIONS, type ApiFunction } from './routes.js';

/**
 * Every Lambda the stack deploys and what it may touch. CDK turns `access` into
 * least-privilege grants (never `*`); the benchmark bundles each entry.
 * Each entry is `functions/<name>.ts` exporting `handler`.
 */
export interface FunctionSpec {
  name: string;
  kind: 'api' | 'task' | 'queue-consumer' | 'schedule' | 'event';
  access: {
    table: 'RO' | 'RW';
    /** Sends email through SES (the FROM_EMAIL identity). */
    sendEmail?: boolean;
    /** Sends to the post queue. */
    sendPost?: boolean;
    /** Post-pack bucket access. */
    postPacks?: 'RO' | 'RW';
    /** Step Functions: start executions of the lifecycle, or resume a task token. */
    workflow?: Array<'start' | 'callback'>;
    /** Reads the KMS-encrypted policy document / settings (none yet). */
  };
  memoryMB?: number;
  timeoutSeconds?: number;
}

const apiAccess: Record<ApiFunction, FunctionSpec['access']> = {
  'service-users': { table: 'RW' },
  cases: { table: 'RW' },
  contacts: { table: 'RW' },
  'screen-contact': { table: 'RW' },
  incidents: { table: 'RW' },
  strategies: { table: 'RW', workflow: ['start', 'callback'] },
  reviews: { table: 'RW', workflow: ['start'] },
  breaches: { table: 'RW', sendEmail: true, workflow: ['start'] },
  openapi: { table: 'RO' },
};

export const FUNCTIONS: FunctionSpec[] = [
  ...API_FUNCTIONS.map((name): FunctionSpec => ({ name, kind: 'api', access: apiAccess[name] })),
  // Workflow task functions, the post-queue consumer and the review sweep are added
  // by the issues that build them.
];
