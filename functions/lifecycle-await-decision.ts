import { awaitDecision } from '../lib/app/lifecycle.js';
import { task } from '../lib/task.js';

/**
 * APPROVAL, each decision wait (`.waitForTaskToken`): stores the task token on the
 * strategy, conditional on PENDING_APPROVAL. The event carries the token: never log it.
 */
export const handler = task('lifecycle-await-decision', async (event: { strategyId: string; taskToken: string }) => {
  await awaitDecision({ strategyId: event.strategyId, taskToken: event.taskToken });
  return { waiting: true };
});
