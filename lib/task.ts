import type { Context } from 'aws-lambda';
import { logger } from './observability.js';

/**
 * Wraps a state-machine task: the Lambda context on every log entry, nothing
 * from the event logged (it can carry a task token), and errors left to propagate
 * with their `name`, which becomes the error Step Functions retries and catches on.
 */
export function task<E, R>(name: string, run: (event: E) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    logger.appendKeys({ task: name });
    try {
      return await run(event);
    } catch (err) {
      logger.warn('task failed', { error: (err as Error)?.name ?? 'Error' });
      throw err;
    } finally {
      logger.removeKeys(['task']);
    }
  };
}
