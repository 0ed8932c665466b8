import { ulid } from 'ulid';
import { logger } from '../lib/observability.js';
import { listStrategies } from '../lib/store/strategies.js';
import type { WorkflowEngine } from '../lib/ports/workflow-engine.js';
import type { StrategyStatus } from '../lib/schemas/restrictions.js';
import { localOutboxPost, postFolders } from './adapters/post.js';
import { LocalWorkflowEngine } from './adapters/workflow.js';
import { folderQueueDrainer } from './folder-queue.js';
import type { LocalRoute } from './server.js';

/**
 * The local stand-ins for AWS services the handlers call (the state machine, the
 * post queue, the post-pack bucket) and the local-only routes that expose them.
 */
export interface LocalServices {
  /** The in-process state machine, to install as the workflow engine (the same object across a simulated restart). */
  workflowEngine: WorkflowEngine;
  routes: Record<string, LocalRoute>;
  afterStart?: () => Promise<void>;
  stop?: () => Promise<void>;
}

/**
 * The post queue, locally: a folder drained into functions/post-dispatch.ts in batches
 * of up to ten (local/folder-queue.ts). Processed messages move to `done/` (the local
 * outbox lists them).
 */
function postQueueDrainer(dataDir: string) {
  const folders = postFolders(dataDir);
  return folderQueueDrainer({
    name: 'post-queue',
    folders: { queue: folders.queue, dead: folders.dead, done: folders.done },
    batchSize: 10,
    maxReceives: 5,
    loadHandler: async () => {
      const [m, s] = await Promise.all([import('../functions/post-dispatch.js'), import('./server.js')]);
      return (event) => m.handler(event, s.lambdaContext('post-dispatch'));
    },
  });
}

async function strategiesIn(status: StrategyStatus): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listStrategies(status, 100, cursor);
    ids.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

export async function localServices(opts: { dataDir: string }): Promise<LocalServices> {
  const timeout = Number(process.env.LOCAL_DECISION_TIMEOUT_SECONDS);
  // Milliseconds between a failed task's retries instead of the definition's back-off
  // (tests, and demos of POST /local/faults, which would otherwise wait minutes).
  const retryMs = Number(process.env.LOCAL_RETRY_INTERVAL_MS);
  const newEngine = () =>
    new LocalWorkflowEngine({
      ...(Number.isInteger(timeout) && timeout > 0 ? { decisionTimeoutSeconds: timeout } : {}),
      ...(Number.isInteger(retryMs) && retryMs >= 0 ? { retryIntervalMs: retryMs } : {}),
    });
  let engine = newEngine();
  // What the handlers hold: it always reaches the current engine.
  const workflowEngine: WorkflowEngine = {
    start: (input) => engine.start(input),
    sendDecision: (token, output) => engine.sendDecision(token, output),
  };
  const post = postQueueDrainer(opts.dataDir);

  /**
   * Executions live in this process: after a restart, strategies left waiting have
   * none. A strategy PENDING_APPROVAL gets a new APPROVAL execution that stores a
   * fresh task token, its decision timeouts starting again from now; it does not
   * email the Statutory Operations Manager again, who was asked once for this
   * submission (the request is recorded on the strategy). A strategy APPROVED but
   * not yet ACTIVE (stopped while its letters were going out) gets a NOTIFY
   * execution; the letters are idempotent per strategy and channel, so nothing
   * already sent is sent twice.
   */
  async function redrive(): Promise<void> {
    const runId = ulid();
    const pending = await strategiesIn('PENDING_APPROVAL');
    for (const strategyId of pending) await engine.start({ phase: 'APPROVAL', strategyId, requestId: `redrive-${runId}` });
    const approved = await strategiesIn('APPROVED');
    for (const strategyId of approved) await engine.start({ phase: 'NOTIFY', strategyId, letterKind: 'IMPLEMENTED', requestId: `redrive-${runId}` });
    if (pending.length + approved.length > 0) logger.info('local lifecycle executions re-driven', { pendingApproval: pending.length, approved: approved.length });
  }

  const routes: Record<string, LocalRoute> = {
    'GET /local/outbox/post': async () => ({
      status: 200,
      body: {
        items: (await localOutboxPost(opts.dataDir)).map((p) => ({
          letterId: p.letterId,
          ...(p.strategyId ? { strategyId: p.strategyId } : {}),
          ...(p.warningId ? { warningId: p.warningId } : {}),
          recipientName: p.recipientName,
          postalAddress: p.postalAddress,
          subject: p.subject,
          text: p.text,
          enclosures: p.enclosures,
          queuedAt: p.queuedAt,
          status: p.status,
        })),
      },
    }),
    /**
     * Simulates a restart of `npm start` as far as the state machine is concerned:
     * every running execution is lost (aborted, its task tokens dead), then the
     * start-up re-drive runs. Lets a test check the re-drive without a second stack.
     */
    'POST /local/workflow/restart': async () => {
      const lost = engine.running().length;
      await engine.stop();
      engine = newEngine();
      await redrive();
      return { status: 200, body: { lost, redriven: engine.running().map((e) => ({ phase: e.input.phase, strategyId: e.input.strategyId })) } };
    },
    /**
     * Local stand-in for EventBridge delivering an SES configuration-set event: the
     * body is the event's `detail` (SES's event-publishing format), wrapped as the
     * EventBridge event the deployed rule sends to functions/ses-events.ts.
     */
    'POST /local/ses/events': async (req) => {
      let detail: unknown;
      try {
        detail = JSON.parse(req.body || 'null');
      } catch {
        detail = undefined;
      }
      if (!detail || typeof detail !== 'object' || Array.isArray(detail)) {
        return { status: 400, body: { type: 'https://contact-strategy.opcc/problems/400', title: 'Bad Request', status: 400, detail: 'The body must be an SES event detail object.', errors: [{ path: '(body)', message: 'not a JSON object' }] } };
      }
      const eventType = (detail as { eventType?: unknown }).eventType;
      const detailType = eventType === 'Complaint' ? 'Email Complaint Received' : eventType === 'Reject' ? 'Email Rejected' : 'Email Bounced';
      const [{ handler }, { lambdaContext }] = await Promise.all([import('../functions/ses-events.js'), import('./server.js')]);
      const result = await handler(
        { version: '0', id: ulid(), 'detail-type': detailType, source: 'aws.ses', account: '000000000000', time: new Date().toISOString(), region: 'eu-west-2', resources: [], detail },
        lambdaContext('ses-events'),
      );
      return { status: 200, body: result };
    },
    /** The local state machine's executions (ids, status, error names; never inputs' personal data or tokens). */
    'GET /local/workflow/executions': async () => ({
      status: 200,
      body: {
        items: engine.list().map((e) => ({
          name: e.name,
          executionId: e.executionId,
          phase: e.input.phase,
          strategyId: e.input.strategyId,
          status: e.status,
          startedAt: e.startedAt,
          ...(e.stoppedAt ? { stoppedAt: e.stoppedAt } : {}),
          ...(e.error ? { error: e.error } : {}),
        })),
      },
    }),
  };

  return {
    workflowEngine,
    routes,
    afterStart: async () => {
      await post.start();
      await redrive();
    },
    stop: async () => {
      await engine.stop();
      await post.stop();
    },
  };
}
