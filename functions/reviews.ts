import { actorOf } from '../lib/auth.js';
import { listReviewsDue, reviewStrategy } from '../lib/app/reviews.js';
import { api, ok, route, scopeOf } from '../lib/http.js';
import { ReviewDecision, ReviewsDueQuery } from '../lib/schemas/reviews.js';
import { buildAtColdStart, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments, workflowEngine);

/** Reviews of contact strategies: the SOM's review outcomes and the list of reviews due. */
export const handler = api({
  'POST /strategies/{id}/review': route({
    permission: 'decide',
    body: ReviewDecision,
    run: async (req) => ok(await reviewStrategy(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),

  'GET /reviews/due': route({
    permission: 'read',
    query: ReviewsDueQuery,
    run: async ({ query }) => ok(await listReviewsDue(query.by, query.limit, query.cursor)),
  }),
});
