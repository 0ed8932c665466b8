import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { logger } from '../lib/observability.js';
import { listStrategies } from '../lib/store/strategies.js';
import type { WorkflowEngine } from '../lib/ports/workflow-engine.js';
import type { StrategyStatus } from '../lib/schemas/restrictions.js';
import { localOutboxPost, postFolders } from './adapters/post.js';
import { LocalWorkflowEngine } from './adapters/workflow.js';
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

/** How often the local post queue is drained, and how often a message is tried before it is dead-lettered. */
const POST_POLL_MS = 250;
const POST_MAX_RECEIVES = 5;
const POST_BATCH_SIZE = 10;

type PostDispatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The post queue, locally: a folder drained into functions/post-dispatch.ts with
 * SQS-shaped events, as the event source mapping does in AWS (batches of up to ten,
 * partial batch failures, a message retried after a back-off and dead-lettered after
 * five receives). Processed messages move to `done/` (the local outbox lists them).
 */
function postQueueDrainer(dataDir: string) {
  const folders = postFolders(dataDir);
  const receives = new Map<string, { count: number; notBefore: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let handler: Promise<PostDispatchHandler> | undefined;

  async function drainOnce(): Promise<void> {
    let files: string[];
    try {
      files = (await readdir(folders.queue)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return;
    }
    const due = files.filter((f) => (receives.get(f)?.notBefore ?? 0) <= Date.now()).slice(0, POST_BATCH_SIZE);
    if (due.length === 0) return;
    const records: SQSEvent['Records'] = [];
    for (const file of due) {
      const body = await readFile(join(folders.queue, file), 'utf8').catch(() => undefined);
      if (body === undefined) continue;
      const r = receives.get(file) ?? { count: 0, notBefore: 0 };
      r.count += 1;
      receives.set(file, r);
      records.push({
        messageId: file.replace(/\.json$/, ''),
        receiptHandle: file,
        body,
        attributes: {
          ApproximateReceiveCount: String(r.count),
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:post-queue',
        awsRegion: 'eu-west-2',
      });
    }
    if (records.length === 0) return;
    handler ??= Promise.all([import('../functions/post-dispatch.js'), import('./server.js')]).then(([m, s]) => (event: SQSEvent) => m.handler(event, s.lambdaContext('post-dispatch')));
    let failed: Set<string>;
    try {
      const res = await (await handler)({ Records: records }, undefined as never);
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // The whole batch failed (Powertools throws when every record fails).
      failed = new Set(records.map((r) => r.messageId));
    }
    await mkdir(folders.done, { recursive: true });
    await mkdir(folders.dead, { recursive: true });
    for (const r of records) {
      const file = r.receiptHandle;
      const state = receives.get(file)!;
      if (!failed.has(r.messageId)) {
        await rename(join(folders.queue, file), join(folders.done, file)).catch(() => undefined);
        receives.delete(file);
      } else if (state.count >= POST_MAX_RECEIVES) {
        await rename(join(folders.queue, file), join(folders.dead, file)).catch(() => undefined);
        receives.delete(file);
        logger.error('post-queue message dead-lettered', { messageId: r.messageId });
      } else {
        // The visibility timeout, growing with each receive.
        state.notBefore = Date.now() + 1_000 * 2 ** state.count;
      }
    }
  }

  const tick = () => {
    if (stopped) return;
    running = drainOnce()
      .catch((err: unknown) => logger.error('local post queue drain failed', { error: (err as Error)?.name }))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, POST_POLL_MS);
      });
  };

  return {
    start: async () => {
      await mkdir(folders.queue, { recursive: true });
      timer = setTimeout(tick, POST_POLL_MS);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
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
