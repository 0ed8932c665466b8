import type { Context } from 'aws-lambda';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { metrics } from '../lib/metrics.js';
import { logger } from '../lib/observability.js';
import { runReviewSweep, type SweepSummary } from '../lib/app/review-sweep.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer);

/** What the schedule sends: nothing needed; `cursor` resumes a run that ran out of time. */
export interface ReviewSweepEvent {
  cursor?: string;
}

/** Stop taking new pages with this much time left, so a page in hand always finishes. */
const SAFETY_MS = 60_000;

/**
 * The daily review trigger, which also sends the chasers (an EventBridge schedule in AWS; `POST
 * /local/scheduled/review-sweep` locally). Reads "today" from the one clock, in UK
 * time, so the local stack can walk a strategy through its review dates. Idempotent:
 * running it twice in a day sends nothing twice.
 */
export const sweep = async (event: ReviewSweepEvent | undefined, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SweepSummary> => {
  const summary = await runReviewSweep({
    ...(event?.cursor ? { cursor: event.cursor } : {}),
    outOfTime: () => (context ? context.getRemainingTimeInMillis() < SAFETY_MS : false),
  });
  // Counts and dates only: no names, no ids of people.
  logger.info('review sweep finished', { ...summary });
  if (!summary.complete) logger.warn('review sweep stopped early; the next run continues from the start of the index', { examined: summary.examined });
  metrics.addMetric('ReviewRemindersSent', 'Count', summary.reminded);
  metrics.addMetric('ReviewsMarkedDue', 'Count', summary.markedDue);
  metrics.addMetric('ReviewsEscalated', 'Count', summary.escalated);
  metrics.addMetric('ChasersSent', 'Count', summary.chased);
  metrics.addMetric('ChasersEscalatedToSom', 'Count', summary.escalatedToSom);
  metrics.addMetric('ReviewSweepFailures', 'Count', summary.failed);
  metrics.publishStoredMetrics();
  return summary;
};

export const handler = middy(sweep).use(injectLambdaContext(logger, { resetKeys: true }));
