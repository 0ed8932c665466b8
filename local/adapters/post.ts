import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ulid } from 'ulid';
import { manifestKeyOf, packKeyOf, type PackManifest, type PostPackStore } from '../../lib/ports/post-packs.js';
import { parsePostMessage, type PostQueue } from '../../lib/ports/post-queue.js';

/**
 * The post route, locally: the bucket is the folder `<data>/post-packs/` and the
 * queue the folder `<data>/post-queue/`, which the local stack drains into the same
 * consumer with an SQS-shaped event (local/services.ts). Both survive restarts.
 */
export const postFolders = (dataDir: string) => ({
  root: dataDir,
  packs: join(dataDir, 'post-packs'),
  queue: join(dataDir, 'post-queue'),
  /** Messages the consumer has processed (kept: the local outbox lists them). */
  done: join(dataDir, 'post-queue', 'done'),
  /** Messages that failed too often (a dead-letter queue). */
  dead: join(dataDir, 'post-queue', 'dead'),
});

async function writeAtomically(path: string, body: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${ulid()}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, path);
}

/** Packs under `<data>/`, at the same keys as in the bucket. */
export function folderPostPacks(dataDir: string): PostPackStore {
  return {
    async store(pdf, manifest) {
      const packKey = packKeyOf(manifest);
      const full: PackManifest = { ...manifest, packKey };
      await writeAtomically(join(dataDir, packKey), pdf);
      await writeAtomically(join(dataDir, manifestKeyOf(packKey)), JSON.stringify(full, null, 2));
      return packKey;
    },
    async read(packKey) {
      return new Uint8Array(await readFile(join(dataDir, packKey)));
    },
  };
}

/** One file per message in `<data>/post-queue/`. */
export function folderPostQueue(dataDir: string): PostQueue {
  return {
    async queue(message) {
      // ULIDs sort by time, so the local consumer drains the folder in order.
      await writeAtomically(join(postFolders(dataDir).queue, `${ulid()}.json`), JSON.stringify(message));
    },
  };
}

/** A letter on the local post queue, as `GET /local/outbox/post` lists it. */
export type LocalOutboxPost = Omit<PackManifest, 'packKey' | 'createdAt'> & {
  queuedAt: string;
  status: 'QUEUED' | 'DISPATCHED' | 'DEAD';
};

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
}

/** Every letter ever put on the local post queue (pending, processed or dead-lettered), oldest first, one entry per letter. */
export async function localOutboxPost(dataDir: string): Promise<LocalOutboxPost[]> {
  const f = postFolders(dataDir);
  const out = new Map<string, LocalOutboxPost>();
  const sources: Array<[string, LocalOutboxPost['status']]> = [
    [f.done, 'DISPATCHED'],
    [f.dead, 'DEAD'],
    [f.queue, 'QUEUED'],
  ];
  const entries: Array<{ file: string; dir: string; status: LocalOutboxPost['status'] }> = [];
  for (const [dir, status] of sources) for (const file of await jsonFiles(dir)) entries.push({ file, dir, status });
  entries.sort((a, b) => a.file.localeCompare(b.file));
  const rank = { QUEUED: 0, DEAD: 1, DISPATCHED: 2 } as const;
  for (const e of entries) {
    try {
      const msg = parsePostMessage(await readFile(join(e.dir, e.file), 'utf8'));
      const seen = out.get(msg.letterId);
      if (seen) {
        // The same letter queued again (a retried task): one entry, its furthest status.
        if (rank[e.status] > rank[seen.status]) seen.status = e.status;
        continue;
      }
      const manifest = JSON.parse(await readFile(join(f.root, manifestKeyOf(msg.packKey)), 'utf8')) as PackManifest;
      out.set(msg.letterId, {
        letterId: msg.letterId,
        ...(msg.strategyId ? { strategyId: msg.strategyId } : {}),
        ...(msg.warningId ? { warningId: msg.warningId } : {}),
        recipientName: manifest.recipientName,
        postalAddress: manifest.postalAddress,
        subject: manifest.subject,
        text: manifest.text,
        enclosures: manifest.enclosures,
        queuedAt: msg.queuedAt || manifest.createdAt,
        status: e.status,
      });
    } catch {
      // A message or manifest that cannot be read is skipped, not fatal to the listing.
    }
  }
  return [...out.values()].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}
