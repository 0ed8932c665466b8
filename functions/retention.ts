import { idempotent } from '../lib/app/idempotency.js';
import { decideDisposal, disposals, liftLegalHold, peopleDue, proposeDisposal, requireDisposal, resumeDisposal, setLegalHold } from '../lib/app/retention.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, route } from '../lib/http.js';
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
    run: (req) =>
      idempotent(req, async () => {
        const { disposal, writes } = await proposeDisposal(req.body, actorOf(req.staff));
        return { response: created(disposal), writes };
      }),
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

  // An approval puts the people on the disposal queue after the commit; a replay with the same key finishes that if it did not.
  'POST /disposals/{id}/decision': route({
    permission: 'decide-disposal',
    body: DecideDisposal,
    run: (req) =>
      idempotent(
        req,
        async () => {
          const { disposal, writes, followUp } = await decideDisposal(req.params.id as string, req.body, actorOf(req.staff));
          return { response: ok(disposal), writes, ...(followUp ? { followUp } : {}) };
        },
        resumeDisposal,
      ),
  }),
});
