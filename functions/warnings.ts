import { sendWarning, warningsOfServiceUser } from '../lib/app/warnings.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { SendWarning } from '../lib/schemas/warnings.js';
import { buildAtColdStart, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments, workflowEngine);

/** Warnings in writing (policy 1.4: told that their behaviour is unacceptable, and why), before any restriction. */
export const handler = api({
  'POST /service-users/{id}/warnings': route({
    permission: 'record',
    body: SendWarning,
    run: async (req) => created(await sendWarning(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /service-users/{id}/warnings': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await warningsOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
