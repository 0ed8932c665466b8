import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../lib/observability.js';

/**
 * An SQS queue and its event source mapping, locally: a folder of `<ulid>.json`
 * messages drained into a handler with SQS-shaped events, as AWS does it (batches,
 * partial batch failures, a failed message tried again after a growing visibility
 * timeout and dead-lettered after `maxReceives`). Messages outlive a restart: what was
 * queued and not done is drained when the stack starts again. The post queue and the
 * disposal queue are each one of these.
 */
export interface FolderQueue {
  /** Its name in logs and in the records' queue ARN. */
  name: string;
  /** Where messages wait, where dead ones go, and where done ones go (deleted when absent). */
  folders: { queue: string; dead: string; done?: string };
  batchSize: number;
  maxReceives: number;
  /** The consumer, loaded when the first batch is due. */
  loadHandler: () => Promise<(event: SQSEvent) => Promise<SQSBatchResponse | void>>;
}

const POLL_MS = 250;

export function folderQueueDrainer(q: FolderQueue): { start: () => Promise<void>; stop: () => Promise<void> } {
  const receives = new Map<string, { count: number; notBefore: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let handler: ReturnType<FolderQueue['loadHandler']> | undefined;

  async function drainOnce(): Promise<void> {
    const files = (await readdir(q.folders.queue).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
    const due = files.filter((f) => (receives.get(f)?.notBefore ?? 0) <= Date.now()).slice(0, q.batchSize);
    const records: SQSEvent['Records'] = [];
    for (const file of due) {
      const body = await readFile(join(q.folders.queue, file), 'utf8').catch(() => undefined);
      if (body === undefined) continue;
      const r = receives.get(file) ?? { count: 0, notBefore: 0 };
      r.count += 1;
      receives.set(file, r);
      records.push({
        messageId: file.replace(/\.json$/, ''),
        receiptHandle: file,
        body,
        attributes: { ApproximateReceiveCount: String(r.count), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:eu-west-2:000000000000:${q.name}`,
        awsRegion: 'eu-west-2',
      });
    }
    if (records.length === 0) return;
    handler ??= q.loadHandler();
    let failed: Set<string>;
    try {
      const res = await (await handler)({ Records: records });
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // The whole batch failed (Powertools throws when every record fails).
      failed = new Set(records.map((r) => r.messageId));
    }
    for (const r of records) {
      const file = r.receiptHandle;
      const from = join(q.folders.queue, file);
      const state = receives.get(file)!;
      if (!failed.has(r.messageId)) {
        if (q.folders.done) {
          await mkdir(q.folders.done, { recursive: true });
          await rename(from, join(q.folders.done, file)).catch(() => undefined);
        } else {
          await rm(from, { force: true });
        }
        receives.delete(file);
      } else if (state.count >= q.maxReceives) {
        await mkdir(q.folders.dead, { recursive: true });
        await rename(from, join(q.folders.dead, file)).catch(() => undefined);
        receives.delete(file);
        logger.error(`${q.name} message dead-lettered`, { messageId: r.messageId });
      } else {
        // The visibility timeout, growing with each receive.
        state.notBefore = Date.now() + 1_000 * 2 ** state.count;
      }
    }
  }

  const tick = () => {
    if (stopped) return;
    running = drainOnce()
      .catch((err: unknown) => logger.error(`local ${q.name} drain failed`, { error: (err as Error)?.name }))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, POLL_MS);
      });
  };

  return {
    start: async () => {
      await mkdir(q.folders.queue, { recursive: true });
      timer = setTimeout(tick, POLL_MS);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
