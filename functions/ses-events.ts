import type { Context, EventBridgeEvent } from 'aws-lambda';
import { recordSesFeedback, type FeedbackOutcome } from '../lib/app/bounces.js';
import { logger } from '../lib/observability.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer);

/**
 * SES configuration-set events (bounces, complaints, rejects) from EventBridge.
 * Nothing from the event is logged here: it carries email addresses. A failure
 * throws, so the event is retried (and, in the end, dead-lettered).
 */
export const handler = async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<{ outcome: FeedbackOutcome }> => {
  if (context) logger.addContext(context);
  return { outcome: await recordSesFeedback(event) };
};
