import { actorOf } from '../lib/auth.js';
import { decideBreach, listBreachesByStatus, listBreachesOfStrategy, readBreach, recordLegalAdvice, reportBreach } from '../lib/app/breaches.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { BreachDecision, BreachListQuery, LegalAdvice, ReportBreach } from '../lib/schemas/breaches.js';
import { buildAtColdStart, mailer, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments, workflowEngine);

/** Breaches of contact strategies (policy 1.6): reported by staff, decided by the Statutory Operations Manager. */
export const handler = api({
  'POST /strategies/{id}/breaches': route({
    permission: 'record',
    body: ReportBreach,
    run: async (req) => created(await reportBreach(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /strategies/{id}/breaches': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await listBreachesOfStrategy(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /breaches': route({
    permission: 'read',
    query: BreachListQuery,
    run: async ({ query }) => ok(await listBreachesByStatus(query.status, query.limit, query.cursor)),
  }),

  'GET /breaches/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readBreach(req.params.id as string, readerOf(req))),
  }),

  'POST /breaches/{id}/decision': route({
    permission: 'decide',
    body: BreachDecision,
    run: async (req) => ok(await decideBreach(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),

  'POST /breaches/{id}/legal-advice': route({
    permission: 'decide',
    body: LegalAdvice,
    run: async (req) => ok(await recordLegalAdvice(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),
});
