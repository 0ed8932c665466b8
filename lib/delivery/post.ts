import type { PackManifest } from '../ports/post-packs.js';
import type { PostMessage } from '../ports/post-queue.js';
import { postPacks, postQueue } from '../wiring.js';

export { packKeyOf, type PackManifest } from '../ports/post-packs.js';
export { parsePostMessage, type PostMessage } from '../ports/post-queue.js';

/**
 * The post route: a pack (the letter followed by the policy, one print-ready PDF)
 * is stored with a manifest beside it, and a message that points to it goes on the
 * post queue; the queue's consumer (functions/post-dispatch) hands it to print and
 * post and records the letter as DISPATCHED.
 */

/** Stores the pack and its manifest; returns the pack's key. Idempotent for the same letter (same key). */
export async function storePostPack(pdf: Uint8Array, manifest: Omit<PackManifest, 'packKey'>): Promise<string> {
  return postPacks().store(pdf, manifest);
}

/** Puts a message on the post queue. At least once: the consumer is idempotent per letter. */
export async function queuePostMessage(message: PostMessage): Promise<void> {
  return postQueue().queue(message);
}
