import { letterAsSent, lettersOfServiceUser, postedLetterPdf } from '../lib/app/letters-as-sent.js';
import { api, ok, readerOf, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { buildAtColdStart, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments);

/** Letters to the person, kept exactly as sent (policy 1.5: a copy of the correspondence is recorded). */
export const handler = api({
  'GET /letters/{id}': route({
    permission: 'read',
    run: async (req) => ok(await letterAsSent(req.params.id as string, readerOf(req))),
  }),

  'GET /letters/{id}/pdf': route({
    permission: 'read',
    run: async (req) => ({ status: 200, binary: await postedLetterPdf(req.params.id as string, readerOf(req)), headers: { 'content-type': 'application/pdf' } }),
  }),

  'GET /service-users/{id}/letters': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await lettersOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
