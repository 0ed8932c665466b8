import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { disposeOfPerson } from '../lib/app/disposals.js';
import { logger } from '../lib/observability.js';
import { buildAtColdStart, disposableObjects } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(disposableObjects);

const processor = new BatchProcessor(EventType.SQS);

/** One queue message: one person of an approved disposal, decided again and, if still due, deleted. */
const recordHandler = async (record: SQSRecord): Promise<void> => {
  await disposeOfPerson(record.body);
};

/**
 * The disposal queue's consumer. Partial batch failures: a person that fails is
 * retried (and in the end dead-lettered) without redoing the others.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};
