import { decideDisposal, disposals, liftLegalHold, peopleDue, proposeDisposal, requireDisposal, setLegalHold } from '../lib/app/retention.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { DecideDisposal, ProposeDisposal, SetLegalHold } from '../lib/schemas/retention.js';
import { buildAtColdStart, disposalQueue } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(disposalQueue);

/** Retention and disposal: the people due, legal holds, and disposals with four eyes. */
export const handler = api({
  'GET /retention/due': route({
    permission: 'read-retention',
    query: PageQuery,
    run: async ({ query }) => ok(await peopleDue(query.limit, query.cursor)),
  }),

  'POST /service-users/{id}/legal-hold': route({
    permission: 'legal-hold',
    body: SetLegalHold,
    run: async (req) => ok(await setLegalHold(req.params.id as string, req.body.reason, actorOf(req.staff))),
  }),

  'DELETE /service-users/{id}/legal-hold': route({
    permission: 'legal-hold',
    run: async (req) => ok(await liftLegalHold(req.params.id as string, actorOf(req.staff))),
  }),

  'POST /disposals': route({
    permission: 'propose-disposal',
    body: ProposeDisposal,
    run: async (req) => created(await proposeDisposal(req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /disposals': route({
    permission: 'read-disposals',
    query: PageQuery,
    run: async ({ query }) => ok(await disposals(query.limit, query.cursor)),
  }),

  'GET /disposals/{id}': route({
    permission: 'read-disposals',
    run: async (req) => ok(await requireDisposal(req.params.id as string)),
  }),

  'POST /disposals/{id}/decision': route({
    permission: 'decide-disposal',
    body: DecideDisposal,
    run: async (req) => ok(await decideDisposal(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),
});
