import { escalateIncident, incidentQueue, incidentsOfCase, recordIncident, readIncident, referIncidentToPolice } from '../lib/app/incidents.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { CreateIncident, EscalateIncident, IncidentQueueQuery, PoliceReferral } from '../lib/schemas/incidents.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer);

/** Incidents of unreasonable or unacceptable behaviour (policy 1.2) and their escalation to the police (1.3). */
export const handler = api({
  'POST /cases/{id}/incidents': route({
    permission: 'record',
    body: CreateIncident,
    run: async (req) => created(await recordIncident(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /incidents': route({
    permission: 'read',
    query: IncidentQueueQuery,
    run: async ({ query }) => ok(await incidentQueue(query.escalation, query.limit, query.cursor)),
  }),

  'GET /cases/{id}/incidents': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await incidentsOfCase(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /incidents/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readIncident(req.params.id as string, readerOf(req))),
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
