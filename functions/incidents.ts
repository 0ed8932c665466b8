import { idempotent } from '../lib/app/idempotency.js';
import { escalateIncident, incidentsOfCase, recordIncident, referIncidentToPolice, requireIncident } from '../lib/app/incidents.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { CreateIncident, EscalateIncident, PoliceReferral } from '../lib/schemas/incidents.js';

/** Incidents of unreasonable or unacceptable behaviour (policy 1.2) and their escalation to the police (1.3). */
export const handler = api({
  'POST /cases/{id}/incidents': route({
    permission: 'record',
    body: CreateIncident,
    run: (req) =>
      idempotent(req, async () => {
        const { incident, writes } = await recordIncident(req.params.id as string, req.body, actorOf(req.staff));
        return { response: created(incident), writes };
      }),
  }),

  'GET /cases/{id}/incidents': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => ok(await incidentsOfCase(params.id as string, query.limit, query.cursor)),
  }),

  'GET /incidents/{id}': route({
    permission: 'read',
    run: async ({ params }) => ok(await requireIncident(params.id as string)),
  }),

  'POST /incidents/{id}/escalate': route({
    permission: 'escalate',
    body: EscalateIncident,
    run: async (req) => ok(await escalateIncident(req.params.id as string, req.body, actorOf(req.staff), req.ifMatch)),
  }),

  'POST /incidents/{id}/police-referral': route({
    permission: 'refer-to-police',
    body: PoliceReferral,
    run: async (req) => ok(await referIncidentToPolice(req.params.id as string, req.body, actorOf(req.staff), req.ifMatch)),
  }),
});
