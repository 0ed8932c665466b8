/**
 * What the post queue carries: ids and the pack's key only, so the name and
 * address travel inside the (encrypted) pack store, never through the queue.
 */
export interface PostMessage {
  letterId: string;
  /** What the letter is about: a strategy, or (a WARNING letter) a warning. */
  strategyId?: string;
  warningId?: string;
  packKey: string;
  /** When it was queued (the service's clock). */
  queuedAt: string;
}

/** Hands letters to the post queue's consumer. At least once: the consumer is idempotent per letter. */
export interface PostQueue {
  queue(message: PostMessage): Promise<void>;
}

/** Parses and checks a queue message body. */
export function parsePostMessage(body: string): PostMessage {
  const m = JSON.parse(body) as Partial<PostMessage>;
  if (typeof m.letterId !== 'string' || (typeof m.strategyId !== 'string' && typeof m.warningId !== 'string') || typeof m.packKey !== 'string') {
    throw new Error('Not a post-queue message');
  }
  return {
    letterId: m.letterId,
    ...(typeof m.strategyId === 'string' ? { strategyId: m.strategyId } : { warningId: m.warningId as string }),
    packKey: m.packKey,
    queuedAt: typeof m.queuedAt === 'string' ? m.queuedAt : '',
  };
}
