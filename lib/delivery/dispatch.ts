import { logger } from '../observability.js';
import { markDispatched } from '../store/letters.js';
import { parsePostMessage } from './post.js';

/**
 * One post-queue message: hands the pack to print and post (in this service the
 * pack is print-ready in the bucket; the print provider's pick-up is out of scope)
 * and records the letter as DISPATCHED on the strategy and each case. Idempotent:
 * a redelivered message changes nothing. An unknown letter is an error, so the
 * message is retried and, in the end, dead-lettered where it is seen.
 */
export async function recordDispatched(body: string): Promise<'DISPATCHED' | 'ALREADY'> {
  const message = parsePostMessage(body);
  const outcome = await markDispatched(message.letterId);
  if (outcome === 'UNKNOWN') throw new Error(`No letter ${message.letterId}`);
  logger.info('letter dispatched', { strategyId: message.strategyId, letterId: message.letterId, outcome });
  return outcome;
}
