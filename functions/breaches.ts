import { actorOf } from '../lib/auth.js';
import { api, created, ok, PageQuery, route } from '../lib/http.js';
import { BreachDecision, BreachListQuery, ReportBreach } from '../lib/schemas/breaches.js';
import { decideBreach, emailBreachReported, listBreachesByStatus, listBreachesOfStrategy, reportBreachWrites, requireBreach, type Breach } from '../lib/store/breaches.js';
import { idempotent } from '../lib/app/idempotency.js';
import { requireStrategy } from '../lib/store/strategies.js';
import { buildAtColdStart, mailer, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, workflowEngine);

/** Breaches of contact strategies (policy 1.6): reported by staff, decided by the Statutory Operations Manager. */
export const handler = api({
  'POST /strategies/{id}/breaches': route({
    permission: 'record',
    body: ReportBreach,
    run: async (req) => {
      let fresh: Breach | undefined;
      const res = await idempotent(req, async () => {
        const { breach, writes } = await reportBreachWrites(req.params.id as string, req.body, actorOf(req.staff));
        fresh = breach;
        return { response: created(breach), writes };
      });
      // Only the request that created the breach emails the SOM (not a replay, not a race's loser).
      if (fresh && (res.body as Breach | undefined)?.id === fresh.id) await emailBreachReported(fresh);
      return res;
    },
  }),

  'GET /strategies/{id}/breaches': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => {
      await requireStrategy(params.id as string);
      return ok(await listBreachesOfStrategy(params.id as string, query.limit, query.cursor));
    },
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
