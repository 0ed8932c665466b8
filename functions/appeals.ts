import { actorOf } from '../lib/auth.js';
import { decideAppeal, listAppealsByStatus, listAppealsOfStrategy, readAppeal, recordAppeal } from '../lib/app/appeals.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { AppealDecision, AppealListQuery, RecordAppeal } from '../lib/schemas/appeals.js';
import { PageQuery } from '../lib/schemas/common.js';
import { buildAtColdStart, mailer, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments, workflowEngine);

/** Appeals against contact strategies: recorded by staff, decided by someone who took no part in the strategy. */
export const handler = api({
  'POST /strategies/{id}/appeals': route({
    permission: 'record',
    body: RecordAppeal,
    run: async (req) => created(await recordAppeal(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /strategies/{id}/appeals': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await listAppealsOfStrategy(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /appeals': route({
    permission: 'read',
    query: AppealListQuery,
    run: async ({ query }) => ok(await listAppealsByStatus(query.status, query.limit, query.cursor)),
  }),

  'GET /appeals/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readAppeal(req.params.id as string, readerOf(req))),
  }),

  'POST /appeals/{id}/decision': route({
    permission: 'decide-appeal',
    body: AppealDecision,
    run: async (req) => ok(await decideAppeal(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),
});
