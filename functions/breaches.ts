import { actorOf } from '../lib/auth.js';
import {
  decidingBreach,
  listBreachesByStatus,
  listBreachesOfStrategy,
  prepareBreachDecision,
  prepareLegalAdvice,
  readBreach,
  reportBreach,
  resumeBreachReported,
  resumeDecisionLetter,
  resumeLegalAdviceLetter,
} from '../lib/app/breaches.js';
import { api, created, ok, readerOf, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { BreachDecision, BreachListQuery, LegalAdvice, ReportBreach } from '../lib/schemas/breaches.js';
import { idempotent } from '../lib/app/idempotency.js';
import type { Breach } from '../lib/store/breaches.js';
import { buildAtColdStart, mailer, policyDocuments, workflowEngine } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments, workflowEngine);

/** Breaches of contact strategies (policy 1.6): reported by staff, decided by the Statutory Operations Manager. */
export const handler = api({
  'POST /strategies/{id}/breaches': route({
    permission: 'record',
    body: ReportBreach,
    // The request that created the breach emails the SOM; a replay does so only if that request crashed before it could.
    run: async (req) =>
      idempotent(
        req,
        async () => {
          const report = await reportBreach(req.params.id as string, req.body, actorOf(req.staff));
          return { response: created(report.breach), writes: report.writes, followUp: report.tellManager };
        },
        (first) => resumeBreachReported((first.body as { id: string }).id),
      ),
  }),

  'GET /strategies/{id}/breaches': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await listBreachesOfStrategy(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /breaches': route({
    permission: 'read',
    query: BreachListQuery,
    run: async ({ query }) => ok(await listBreachesByStatus(query.status, query.limit, query.cursor)),
  }),

  'GET /breaches/{id}': route({
    permission: 'read',
    run: async (req) => ok(await readBreach(req.params.id as string, readerOf(req))),
  }),

  'POST /breaches/{id}/decision': route({
    permission: 'decide',
    body: BreachDecision,
    // With an Idempotency-Key, a retry after a crash between an adjusting decision and its VARIED letter starts the letter, once.
    run: async (req) =>
      decidingBreach(req.params.id as string, 'decided', () =>
        idempotent(
          req,
          async () => {
            const step = await prepareBreachDecision(req.params.id as string, req.body, actorOf(req.staff));
            return { response: ok(step.breach), writes: step.writes, ...(step.sendLetter ? { followUp: step.sendLetter } : {}) };
          },
          (first) => resumeDecisionLetter(first.body as Breach),
        ),
      ),
  }),

  'POST /breaches/{id}/legal-advice': route({
    permission: 'decide',
    body: LegalAdvice,
    // As a decision: a retry after a crash before the advice's VARIED letter starts it, once.
    run: async (req) =>
      decidingBreach(req.params.id as string, 'given its legal advice outcome', () =>
        idempotent(
          req,
          async () => {
            const step = await prepareLegalAdvice(req.params.id as string, req.body, actorOf(req.staff));
            return { response: ok(step.breach), writes: step.writes, ...(step.sendLetter ? { followUp: step.sendLetter } : {}) };
          },
          (first) => resumeLegalAdviceLetter(first.body as Breach),
        ),
      ),
  }),
});
