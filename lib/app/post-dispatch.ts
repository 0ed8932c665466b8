import { nowIso } from '../clock.js';
import { parsePostMessage } from '../delivery/post.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed } from '../store/db.js';
import { dispatchedWrites, getLetter, LETTER_WRITE } from '../store/letters.js';

/**
 * One post-queue message: hands the pack to print and post (in this service the
 * pack is print-ready in the bucket; the print provider's pick-up is out of scope)
 * and records the letter as DISPATCHED on the strategy and each case. Idempotent:
 * a letter already dispatched (or no longer QUEUED) is left as it is, so a
 * redelivered message changes nothing. An unknown letter is an error, so the
 * message is retried and, in the end, dead-lettered where it is seen.
 */
export async function recordDispatched(body: string): Promise<'DISPATCHED' | 'ALREADY'> {
  const message = parsePostMessage(body);
  const letter = await getLetter(message.letterId);
  if (!letter) throw new Error(`No letter ${message.letterId}`);
  let outcome: 'DISPATCHED' | 'ALREADY' = 'ALREADY';
  if (letter.status !== 'DISPATCHED') {
    try {
      await commit(dispatchedWrites(letter, nowIso()));
      outcome = 'DISPATCHED';
    } catch (err) {
      // Another delivery of the message got there first (or the letter is not QUEUED).
      if (!(err instanceof ConditionFailed && err.write === LETTER_WRITE)) throw err;
    }
  }
  logger.info('letter dispatched', { strategyId: message.strategyId, warningId: message.warningId, letterId: message.letterId, outcome });
  return outcome;
}
