import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordDispatched } from '../lib/app/post-dispatch.js';
import { logger } from '../lib/observability.js';

const processor = new BatchProcessor(EventType.SQS);

/** One queue message: the letter it names is handed to print and post and recorded as DISPATCHED. */
const recordHandler = async (record: SQSRecord): Promise<void> => {
  await recordDispatched(record.body);
};

/**
 * The post queue's consumer. Partial batch failures: a message that fails is
 * retried (and in the end dead-lettered) without re-processing the others.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};
