import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { logger } from '../../lib/observability.js';
import type { DisposableObjects, DisposalQueue } from '../../lib/ports/disposal.js';
import { manifestKeyOf } from '../../lib/ports/post-packs.js';

/**
 * The disposal job, locally: the queue is the folder `<data>/disposal-queue/`,
 * drained into functions/disposal.ts with SQS-shaped events as the event source
 * mapping does in AWS (partial batch failures, a message retried after a back-off,
 * dead-lettered after five receives). It survives a restart: what was queued and
 * not done is drained when the stack starts again.
 */
const folders = (dataDir: string) => ({ queue: join(dataDir, 'disposal-queue'), dead: join(dataDir, 'disposal-queue', 'dead') });
const POLL_MS = 250;
const MAX_RECEIVES = 5;

export function folderDisposalQueue(dataDir: string): DisposalQueue {
  return {
    async queue(messages) {
      const dir = folders(dataDir).queue;
      await mkdir(dir, { recursive: true });
      for (const m of messages) {
        const file = join(dir, `${ulid()}.json`);
        await writeFile(`${file}.tmp`, JSON.stringify(m));
        await rename(`${file}.tmp`, file);
      }
    },
  };
}

/** Post packs under `<data>/`, at the same keys as in the bucket (local/adapters/post.ts). */
export function folderDisposableObjects(dataDir: string): DisposableObjects {
  return {
    async removePostPacks(packKeys) {
      await Promise.all(packKeys.flatMap((k) => [k, manifestKeyOf(k)]).map((k) => rm(join(dataDir, k), { force: true })));
    },
  };
}

export function disposalQueueDrainer(dataDir: string) {
  const f = folders(dataDir);
  const receives = new Map<string, { count: number; notBefore: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function drainOnce(): Promise<void> {
    const files = (await readdir(f.queue).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    const due = files.filter((n) => (receives.get(n)?.notBefore ?? 0) <= Date.now()).slice(0, 5);
    if (due.length === 0) return;
    const records: SQSEvent['Records'] = [];
    for (const file of due) {
      const body = await readFile(join(f.queue, file), 'utf8').catch(() => undefined);
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
        eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:disposal-queue',
        awsRegion: 'eu-west-2',
      });
    }
    const [{ handler }, { lambdaContext }] = await Promise.all([import('../../functions/disposal.js'), import('../server.js')]);
    let failed: Set<string>;
    try {
      const res = await handler({ Records: records }, lambdaContext('disposal'));
      failed = new Set((res?.batchItemFailures ?? []).map((x) => x.itemIdentifier));
    } catch {
      failed = new Set(records.map((r) => r.messageId));
    }
    for (const r of records) {
      const file = r.receiptHandle;
      const state = receives.get(file)!;
      if (!failed.has(r.messageId)) {
        await rm(join(f.queue, file), { force: true });
        receives.delete(file);
      } else if (state.count >= MAX_RECEIVES) {
        await mkdir(f.dead, { recursive: true });
        await rename(join(f.queue, file), join(f.dead, file)).catch(() => undefined);
        receives.delete(file);
        logger.error('disposal-queue message dead-lettered', { messageId: r.messageId });
      } else {
        state.notBefore = Date.now() + 1_000 * 2 ** state.count;
      }
    }
  }

  const tick = () => {
    if (stopped) return;
    running = drainOnce()
      .catch((err: unknown) => logger.error('local disposal queue drain failed', { error: (err as Error)?.name }))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, POLL_MS);
      });
  };

  return {
    start: () => {
      timer = setTimeout(tick, POLL_MS);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
