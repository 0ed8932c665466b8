import { idempotent } from '../lib/app/idempotency.js';
import { prepareWarning, warningsOfServiceUser, type PreparedWarning } from '../lib/app/warnings.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, route } from '../lib/http.js';
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
    run: async (req) => {
      let prepared: PreparedWarning | undefined;
      const res = await idempotent(req, async () => {
        prepared = await prepareWarning(req.params.id as string, req.body, actorOf(req.staff));
        return { response: created(prepared.warning), writes: prepared.writes };
      });
      // Only the request that recorded the warning sends its letters (not a replay, not a race's loser).
      if (prepared && (res.body as { id?: string } | undefined)?.id === prepared.warning.id) await prepared.sendLetters();
      return res;
    },
  }),

  'GET /service-users/{id}/warnings': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await warningsOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
