import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { handOverLetter } from '../lib/app/post.js';
import { logger } from '../lib/observability.js';
import { buildAtColdStart, mailer, postPacks, printAndPost } from '../lib/wiring.js';

// Built at cold start, so a missing setting (POST_PROVIDER=NOTIFY without its key) fails here, naming it.
buildAtColdStart(printAndPost, postPacks, mailer);

const processor = new BatchProcessor(EventType.SQS);

/** One queue message: the letter it names is handed to print and post (the print queue, or GOV.UK Notify). */
const recordHandler = async (record: SQSRecord): Promise<void> => {
  await handOverLetter(record.body);
};

/**
 * The post queue's consumer. Partial batch failures: a message that fails (GOV.UK
 * Notify unreachable) is retried with the queue's backoff and in the end
 * dead-lettered, without re-processing the others.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};
