import { caseTimeline, concludeCase, findCases, openCase, readCase } from '../lib/app/cases.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { CaseLookupQuery, ConcludeCase, CreateCase } from '../lib/schemas/cases.js';

/** Cases: open (with the next reference of the year), find by reference, read, conclude, and the timeline. */
export const handler = api({
  'POST /cases': route({
    permission: 'record',
    body: CreateCase,
    run: async (req) => created(await openCase(req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /cases': route({
    permission: 'read',
    query: CaseLookupQuery,
    run: async ({ query }) => ok(await findCases(query.reference)),
  }),

  'GET /cases/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readCase(req.params.id as string, readerOf(req))),
  }),

  'POST /cases/{id}/conclude': route({
    permission: 'record',
    body: ConcludeCase,
    run: async (req) => ok(await concludeCase(req.params.id as string, req.body, actorOf(req.staff), req.ifMatch)),
  }),

  'GET /cases/{id}/timeline': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await caseTimeline(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
