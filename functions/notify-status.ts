import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { followNotifyLetters } from '../lib/app/post.js';
import { logger } from '../lib/observability.js';
import { buildAtColdStart, mailer, printAndPost } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(printAndPost, mailer);

/**
 * The scheduled follow-up of GOV.UK Notify's letter statuses (hourly; `POST
 * /local/scheduled/notify-status` locally, and every few seconds while the local
 * stack runs with POST_PROVIDER=NOTIFY): letters Notify posted become POSTED, those
 * it failed become FAILED with its reason. Nothing to do in-house.
 */
export const follow = () => followNotifyLetters();

export const handler = middy(follow).use(injectLambdaContext(logger, { resetKeys: true }));
