import { letterAsSent, lettersOfServiceUser, postedLetterPdf } from '../lib/app/letters-as-sent.js';
import { api, ok, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { buildAtColdStart, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments);

/** Letters to the person, kept exactly as sent (policy 1.5: a copy of the correspondence is recorded). */
export const handler = api({
  'GET /letters/{id}': route({
    permission: 'read',
    run: async ({ params }) => ok(await letterAsSent(params.id as string)),
  }),

  'GET /letters/{id}/pdf': route({
    permission: 'read',
    run: async ({ params }) => ({ status: 200, binary: await postedLetterPdf(params.id as string), headers: { 'content-type': 'application/pdf' } }),
  }),

  'GET /service-users/{id}/letters': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => ok(await lettersOfServiceUser(params.id as string, query.limit, query.cursor)),
  }),
});
