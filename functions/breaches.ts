import { actorOf } from '../lib/auth.js';
import { decideBreach, listBreachesByStatus, listBreachesOfStrategy, reportBreach, requireBreach, resumeBreachReported } from '../lib/app/breaches.js';
import { api, created, ok, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { BreachDecision, BreachListQuery, ReportBreach } from '../lib/schemas/breaches.js';
import { idempotent } from '../lib/app/idempotency.js';
import { buildAtColdStart, mailer, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments, workflowEngine);

/** Breaches of contact strategies (policy 1.6): reported by staff, decided by the Statutory Operations Manager. */
export const handler = api({
  'POST /strategies/{id}/breaches': route({
    permission: 'record',
    body: ReportBreach,
    // The request that created the breach emails the SOM; a replay does so only if that request crashed before it could.
    run: async (req) =>
      idempotent(
        req,
        async () => {
          const report = await reportBreach(req.params.id as string, req.body, actorOf(req.staff));
          return { response: created(report.breach), writes: report.writes, followUp: report.tellManager };
        },
        (first) => resumeBreachReported((first.body as { id: string }).id),
      ),
  }),

  'GET /strategies/{id}/breaches': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => ok(await listBreachesOfStrategy(params.id as string, query.limit, query.cursor)),
  }),

  'GET /breaches': route({
    permission: 'read',
    query: BreachListQuery,
    run: async ({ query }) => ok(await listBreachesByStatus(query.status, query.limit, query.cursor)),
  }),

  'GET /breaches/{id}': route({
    permission: 'read',
    run: async ({ params }) => ok(await requireBreach(params.id as string)),
  }),

  'POST /breaches/{id}/decision': route({
    permission: 'decide',
    body: BreachDecision,
    run: async (req) => ok(await decideBreach(req.params.id as string, req.body, actorOf(req.staff))),
  }),
});
