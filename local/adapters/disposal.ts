import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ulid } from 'ulid';
import type { DisposableObjects, DisposalQueue } from '../../lib/ports/disposal.js';
import { manifestKeyOf } from '../../lib/ports/post-packs.js';
import { folderQueueDrainer } from '../folder-queue.js';

/**
 * The disposal job, locally: the queue is the folder `<data>/disposal-queue/`,
 * drained into functions/disposal.ts with SQS-shaped events as the event source
 * mapping does in AWS (partial batch failures, a message retried after a back-off,
 * dead-lettered after five receives). It survives a restart: what was queued and
 * not done is drained when the stack starts again.
 */
const folders = (dataDir: string) => ({ queue: join(dataDir, 'disposal-queue'), dead: join(dataDir, 'disposal-queue', 'dead') });

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

/** The disposal queue's consumer, functions/disposal.ts, one person a message (local/folder-queue.ts). */
export function disposalQueueDrainer(dataDir: string) {
  return folderQueueDrainer({
    name: 'disposal-queue',
    folders: folders(dataDir),
    batchSize: 5,
    maxReceives: 5,
    loadHandler: async () => {
      const [m, s] = await Promise.all([import('../../functions/disposal.js'), import('../server.js')]);
      return (event) => m.handler(event, s.lambdaContext('disposal'));
    },
  });
}
