import { actorOf } from '../lib/auth.js';
import { now } from '../lib/clock.js';
import { callTerminationErrors, notInFuture } from '../lib/domain/records.js';
import { unprocessable } from '../lib/errors.js';
import { api, created, ok, PageQuery, route } from '../lib/http.js';
import { CreateIncident, EscalateIncident, PoliceReferral } from '../lib/schemas/incidents.js';
import { requireCase } from '../lib/store/cases.js';
import { idempotent } from '../lib/store/db.js';
import { createIncidentWrites, escalateIncident, listIncidentsOfCase, referIncidentToPolice, requireIncident } from '../lib/store/incidents.js';

/** Incidents of unreasonable or unacceptable behaviour (policy 1.2) and their escalation to the police (1.3). */
export const handler = api({
  'POST /cases/{id}/incidents': route({
    permission: 'record',
    body: CreateIncident,
    run: (req) =>
      idempotent(req, async () => {
        const kase = await requireCase(req.params.id as string);
        const errors = [...notInFuture('occurredAt', req.body.occurredAt, now()), ...callTerminationErrors(req.body)];
        if (errors.length) throw unprocessable(`The incident breaks a rule: ${errors.map((e) => e.path).join(', ')}.`, errors);
        const { incident, writes } = createIncidentWrites(kase, req.body, actorOf(req.staff));
        return { response: created(incident), writes };
      }),
  }),

  'GET /cases/{id}/incidents': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => {
      await requireCase(params.id as string);
      return ok(await listIncidentsOfCase(params.id as string, query.limit, query.cursor));
    },
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
