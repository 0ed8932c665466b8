import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { s3 } from '../clients/s3.js';
import { sqs } from '../clients/sqs.js';
import { config, isLocal } from '../config.js';
import type { PostalAddress } from './pdf.js';

/**
 * The post route: a pack (the letter followed by the policy, one print-ready PDF)
 * is stored in the post-pack bucket with a manifest beside it, and a message that
 * points to it goes on the post queue; the queue's consumer (functions/post-dispatch)
 * hands it to print and post and records the letter as DISPATCHED.
 *
 * Locally the bucket is the folder `${LOCAL_DATA_DIR}/post-packs/` and the queue the
 * folder `${LOCAL_DATA_DIR}/post-queue/`, which the local stack drains into the same
 * consumer with an SQS-shaped event (local/services.ts). Both survive restarts.
 *
 * The queue message carries ids and the pack's key only: the name and address
 * travel inside the (encrypted) bucket, not through the queue.
 */

/** What the queue carries. */
export interface PostMessage {
  letterId: string;
  strategyId: string;
  packKey: string;
  /** When it was queued (the stack's clock). */
  queuedAt: string;
}

/** Stored beside each pack: what the print service (and `GET /local/outbox/post`) needs. */
export interface PackManifest {
  letterId: string;
  strategyId: string;
  recipientName: string;
  postalAddress: PostalAddress;
  subject: string;
  text: string;
  /** What is in the envelope besides the letter, e.g. the policy PDF's file name. */
  enclosures: string[];
  packKey: string;
  createdAt: string;
}

export const packKeyOf = (strategyId: string, letterId: string) => `post-packs/${strategyId}/${letterId}.pdf`;
const manifestKeyOf = (packKey: string) => packKey.replace(/\.pdf$/, '.json');

/** Local stack folders (under LOCAL_DATA_DIR). */
export const localPostFolders = () => ({
  root: config.LOCAL_DATA_DIR,
  packs: join(config.LOCAL_DATA_DIR, 'post-packs'),
  queue: join(config.LOCAL_DATA_DIR, 'post-queue'),
  /** Messages the consumer has processed (kept: the local outbox lists them). */
  done: join(config.LOCAL_DATA_DIR, 'post-queue', 'done'),
  /** Messages that failed too often (a dead-letter queue). */
  dead: join(config.LOCAL_DATA_DIR, 'post-queue', 'dead'),
});

async function writeAtomically(path: string, body: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${ulid()}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, path);
}

/** Stores the pack and its manifest. Idempotent for the same letter (same keys). */
export async function storePostPack(pdf: Uint8Array, manifest: Omit<PackManifest, 'packKey'>): Promise<string> {
  const packKey = packKeyOf(manifest.strategyId, manifest.letterId);
  const full: PackManifest = { ...manifest, packKey };
  if (isLocal) {
    await writeAtomically(join(config.LOCAL_DATA_DIR, packKey), pdf);
    await writeAtomically(join(config.LOCAL_DATA_DIR, manifestKeyOf(packKey)), JSON.stringify(full, null, 2));
    return packKey;
  }
  await s3.send(new PutObjectCommand({ Bucket: config.POST_PACK_BUCKET, Key: packKey, Body: pdf, ContentType: 'application/pdf' }));
  await s3.send(
    new PutObjectCommand({ Bucket: config.POST_PACK_BUCKET, Key: manifestKeyOf(packKey), Body: JSON.stringify(full), ContentType: 'application/json' }),
  );
  return packKey;
}

/** Puts a message on the post queue. At least once: the consumer is idempotent per letter. */
export async function queuePostMessage(message: PostMessage): Promise<void> {
  if (isLocal) {
    // ULIDs sort by time, so the local consumer drains the folder in order.
    await writeAtomically(join(localPostFolders().queue, `${ulid()}.json`), JSON.stringify(message));
    return;
  }
  await sqs.send(new SendMessageCommand({ QueueUrl: config.POST_QUEUE_URL, MessageBody: JSON.stringify(message) }));
}

/** Parses and checks a queue message body. */
export function parsePostMessage(body: string): PostMessage {
  const m = JSON.parse(body) as Partial<PostMessage>;
  if (typeof m.letterId !== 'string' || typeof m.strategyId !== 'string' || typeof m.packKey !== 'string') {
    throw new Error('Not a post-queue message');
  }
  return { letterId: m.letterId, strategyId: m.strategyId, packKey: m.packKey, queuedAt: typeof m.queuedAt === 'string' ? m.queuedAt : '' };
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

/**
 * Local stack only: every letter ever put on the local post queue (pending,
 * processed or dead-lettered), oldest first, one entry per letter.
 */
export async function localOutboxPost(): Promise<LocalOutboxPost[]> {
  const f = localPostFolders();
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
        strategyId: msg.strategyId,
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
