import { idempotent } from '../lib/app/idempotency.js';
import { prepareWarning, resumeWarningLetters, warningsOfServiceUser } from '../lib/app/warnings.js';
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
    // The request that recorded the warning sends its letters; a replay sends them only if that request crashed before it could.
    run: async (req) =>
      idempotent(
        req,
        async () => {
          const prepared = await prepareWarning(req.params.id as string, req.body, actorOf(req.staff));
          return { response: created(prepared.warning), writes: prepared.writes, followUp: prepared.sendLetters };
        },
        (first) => resumeWarningLetters((first.body as { id: string }).id),
      ),
  }),

  'GET /service-users/{id}/warnings': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await warningsOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
