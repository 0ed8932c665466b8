import { actorOf } from '../lib/auth.js';
import { idempotent } from '../lib/app/idempotency.js';
import { decidingReview, listReviewsDue, prepareReview, resumeReviewLetter } from '../lib/app/reviews.js';
import { ukToday } from '../lib/clock.js';
import { api, ok, route } from '../lib/http.js';
import { ReviewDecision, ReviewsDueQuery } from '../lib/schemas/reviews.js';
import type { Strategy } from '../lib/store/strategies.js';
import { buildAtColdStart, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments, workflowEngine);

/** Reviews of contact strategies: the SOM's review outcomes and the list of reviews due. */
export const handler = api({
  'POST /strategies/{id}/review': route({
    permission: 'decide',
    body: ReviewDecision,
    // With an Idempotency-Key, a retry after a crash between the decision and its letter starts the letter, once.
    run: async (req) =>
      decidingReview(req.params.id as string, () =>
        idempotent(
          req,
          async () => {
            const review = await prepareReview(req.params.id as string, req.body, actorOf(req.staff));
            return { response: ok(review.strategy), writes: review.writes, followUp: review.sendLetter };
          },
          (first) => resumeReviewLetter(first.body as Strategy),
        ),
      ),
  }),

  'GET /reviews/due': route({
    permission: 'read',
    query: ReviewsDueQuery,
    run: async ({ query }) => ok(await listReviewsDue(query.by ?? ukToday(), query.limit, query.cursor)),
  }),
});
