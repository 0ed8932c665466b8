import { actorOf } from '../lib/auth.js';
import { letterAsSent, lettersOfServiceUser, postedLetterPdf } from '../lib/app/letters-as-sent.js';
import { lettersInQueue, markPosted, recordReturned } from '../lib/app/post.js';
import { resendLetter } from '../lib/app/resend.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { LetterQueueQuery, MarkPosted, RecordReturned } from '../lib/schemas/letters.js';
import { buildAtColdStart, mailer, policyDocuments, postPacks, postQueue } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments, mailer, postPacks, postQueue);

/** Letters to the person, kept exactly as sent (policy 1.5: a copy of the correspondence is recorded), and the post followed to the letterbox. */
export const handler = api({
  'GET /letters': route({
    permission: 'record',
    query: LetterQueueQuery,
    run: async ({ query }) => ok(await lettersInQueue(query.status, query.limit, query.cursor)),
  }),

  'GET /letters/{id}': route({
    permission: 'read',
    run: async (req) => ok(await letterAsSent(req.params.id as string, readerOf(req))),
  }),

  'GET /letters/{id}/pdf': route({
    permission: 'read',
    run: async (req) => ({ status: 200, binary: await postedLetterPdf(req.params.id as string, readerOf(req)), headers: { 'content-type': 'application/pdf' } }),
  }),

  'POST /letters/{id}/posted': route({
    permission: 'record',
    body: MarkPosted,
    run: async (req) => ok(await markPosted(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'POST /letters/{id}/returned': route({
    permission: 'record',
    body: RecordReturned,
    run: async (req) => ok(await recordReturned(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'POST /letters/{id}/resend': route({
    permission: 'record',
    run: async (req) => created(await resendLetter(req.params.id as string, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /service-users/{id}/letters': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await lettersOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
