import { actorOf } from '../lib/auth.js';
import { decidingAppeal, listAppealsByStatus, prepareAppealDecision, resumeAppealOutcome, listAppealsOfStrategy, readAppeal, recordAppeal, resumeAppealReceived } from '../lib/app/appeals.js';
import { idempotent } from '../lib/app/idempotency.js';
import { api, created, ok, readerOf, route } from '../lib/http.js';
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
    // The request that recorded the appeal emails the managers; a replay does so only if that request crashed before it could.
    run: async (req) =>
      idempotent(
        req,
        async () => {
          const receipt = await recordAppeal(req.params.id as string, req.body, actorOf(req.staff));
          return { response: created(receipt.appeal), writes: receipt.writes, followUp: receipt.tellManagers };
        },
        (first) => resumeAppealReceived((first.body as { id: string }).id),
      ),
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
    // With an Idempotency-Key, a retry after a crash between the decision and its letter starts the letter, once.
    run: async (req) =>
      decidingAppeal(req.params.id as string, () =>
        idempotent(
          req,
          async () => {
            const decision = await prepareAppealDecision(req.params.id as string, req.body, actorOf(req.staff));
            return { response: ok(decision.appeal), writes: decision.writes, followUp: decision.sendLetter };
          },
          (first) => resumeAppealOutcome((first.body as { id: string }).id),
        ),
      ),
  }),
});
