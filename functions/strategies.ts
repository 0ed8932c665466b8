import { copyStrategy } from '../lib/app/strategy-copy.js';
import { actorOf } from '../lib/auth.js';
import { createStrategy, decideStrategy, listStrategies, readStrategy, recordNotified, strategyLetter, submitStrategy, updateStrategy } from '../lib/app/strategies.js';
import { api, created, ok, readerOf, requireIfMatch, route, scopeOf } from '../lib/http.js';
import { CreateStrategy, Decision, Notified, SpocCoverInput, SpocHandover, StrategyListQuery, UpdateStrategy } from '../lib/schemas/strategies.js';
import { coverSpoc, handOverSpoc, listStrategiesOfSpoc } from '../lib/app/spoc.js';
import { buildAtColdStart, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments, workflowEngine);

/** Contact strategies (policy 1.4 and 1.5): draft, submit, decide, record how the person was told, read, the letter, and the single point of contact's handover and cover. */
export const handler = api({
  'POST /strategies': route({
    permission: 'record',
    body: CreateStrategy,
    run: async (req) => created(await createStrategy(req.body, actorOf(req.staff), req.staff.email || undefined, scopeOf(req, 201))),
  }),

  'POST /strategies/{id}/copy': route({
    permission: 'record',
    run: async (req) => created(await copyStrategy(req.params.id as string, actorOf(req.staff), req.staff.email || undefined, scopeOf(req, 201))),
  }),

  'GET /strategies': route({
    permission: 'read',
    query: StrategyListQuery,
    run: async ({ query }) => ok(query.spoc !== undefined ? await listStrategiesOfSpoc(query.spoc) : await listStrategies(query.status!, query.limit, query.cursor)),
  }),

  'GET /strategies/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readStrategy(req.params.id as string, readerOf(req))),
  }),

  'PATCH /strategies/{id}': route({
    permission: 'record',
    body: UpdateStrategy,
    run: async (req) => ok(await updateStrategy(req.params.id as string, req.body, requireIfMatch(req), actorOf(req.staff))),
  }),

  'POST /strategies/{id}/submit': route({
    permission: 'record',
    run: async (req) => ok(await submitStrategy(req.params.id as string, actorOf(req.staff))),
  }),

  'POST /strategies/{id}/decision': route({
    permission: 'decide',
    body: Decision,
    run: async (req) => ok(await decideStrategy(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'POST /strategies/{id}/notified': route({
    permission: 'record',
    body: Notified,
    run: async (req) => ok(await recordNotified(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'POST /strategies/{id}/spoc': route({
    permission: 'decide',
    body: SpocHandover,
    run: async (req) => ok(await handOverSpoc(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'POST /strategies/{id}/spoc-cover': route({
    permission: 'record',
    body: SpocCoverInput,
    run: async (req) => ok(await coverSpoc(req.params.id as string, req.body, actorOf(req.staff))),
  }),

  'GET /strategies/{id}/letter': route({
    permission: 'read',
    run: async (req) => {
      const { subject, text, html } = await strategyLetter(req.params.id as string, readerOf(req));
      return ok({ subject, text, html });
    },
  }),
});
