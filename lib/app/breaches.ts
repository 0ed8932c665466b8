/**
 * Breaches of contact strategies (policy 1.6): reported by staff to the Statutory
 * Operations Manager, who decides what to do. A report and a decision each land in
 * one transaction with their timeline entries on every case of the strategy; a
 * decision that adjusts the strategy carries the very writes a review VARY makes
 * (lib/app/reviews.ts `prepareOutcome`), so the breach, the strategy, its history,
 * the timelines and the screening snapshot change together or not at all.
 */
import { loggedRead, type Reader, recordRead } from './access-log.js';
import type { TimelineFact } from '../domain/timeline-words.js';
import { formatDate } from '../domain/words.js';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { now, nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import {
  adjustedReviewDate,
  breachDecisionErrors,
  canReportBreachOf,
  FIRST_BREACH_STATUS,
  linkedRecords,
  linkErrors,
  legalAdviceErrors,
  occurredAtErrors,
  statusAfterDecision,
  statusAfterLegalAdvice,
  type BreachAction,
  type BreachStatus,
} from '../domain/breach.js';
import { breachReported, NOT_ON_RECORD } from '../domain/staff-emails.js';
import { LETTER_OF_OUTCOME } from '../domain/review.js';
import { ACTION_WORDS as STRATEGY_ACTION_WORDS, ALLOWED_FROM } from '../domain/strategy-rules.js';
import { mayDecideBreach } from '../domain/approval.js';
import { POLICE_REFERRAL_TALLY } from '../domain/governance.js';
import { breachAdjustmentOnlyTightens } from '../domain/tightening.js';
import { conflict, forbidden, notFound, unprocessable, wrongState, type FieldError } from '../errors.js';
import { logger } from '../observability.js';
import type { Restriction } from '../schemas/restrictions.js';
import type { BreachDecision, LegalAdvice, ReportBreach } from '../schemas/breaches.js';
import { ConditionFailed, timelineWrite, type Page, type Write } from '../store/db.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import {
  BREACH_WRITE,
  breachUpdateWrite,
  getBreach,
  linkedRecordCheck,
  listBreachesByStatus as listBreachesInStatus,
  listBreachesOfStrategy as listBreachesOfStrategyIndex,
  newBreachWrite,
  ownersOf,
  type Breach,
} from '../store/breaches.js';
import { figuresWrites } from '../store/governance.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences, STRATEGY_WRITE, strategyStatusCheck, strategyTimelineWrites, type Strategy } from '../store/strategies.js';
import { notifyOutcome, prepareOutcome, strategyMovedOn, type PreparedOutcome } from './reviews.js';
import { emailStaff } from './staff-email.js';
import { requireStrategy } from './strategies.js';
import { statusAfter } from './strategy-status.js';

// --- reading ----------------------------------------------------------------------

export async function requireBreach(id: string): Promise<Breach> {
  const b = await getBreach(id);
  if (!b) throw notFound('There is no such breach.');
  return b;
}

/** `GET /strategies/{id}/breaches`: the breaches of a strategy (404 for no such strategy), newest first. */
export async function listBreachesOfStrategy(strategyId: string, limit: number, cursor: string | undefined, reader: Reader): Promise<Page<Breach>> {
  const strategy = await requireStrategy(strategyId);
  const page = await listBreachesOfStrategyIndex(strategyId, limit, cursor);
  await recordRead(strategy.serviceUserId, reader);
  return page;
}

/** `GET /breaches/{id}`: the breach; the read is logged against its person. */
export const readBreach = loggedRead(requireBreach);

/** `GET /breaches?status=`: the managers' inbox, oldest first (the longest waiting at the top). */
export function listBreachesByStatus(status: BreachStatus, limit: number, cursor?: string): Promise<Page<Breach>> {
  return listBreachesInStatus(status, limit, cursor);
}

// --- reporting ----------------------------------------------------------------------

/**
 * `POST /strategies/{id}/breaches`: a breach of a strategy in force, recorded once per
 * `Idempotency-Key` and reported to the Statutory Operations Manager by email (by a
 * replay when the first attempt crashed before it could).
 */
export function reportBreach(strategyId: string, input: ReportBreach, actor: Actor, idempotency?: IdempotencyScope): Promise<Breach> {
  return once(idempotency, () => recordBreach(strategyId, input, actor), async (first) => emailBreachReported(await requireBreach(first.id)));
}

/**
 * The breach and its writes, which carry a ConditionCheck on the strategy (still in
 * force) and on each linked contact and incident (still there, still this person's),
 * so what was checked is what is committed.
 */
async function recordBreach(strategyId: string, input: ReportBreach, actor: Actor): Promise<Produced<Breach>> {
  const strategy = await requireStrategy(strategyId);
  if (!canReportBreachOf(strategy.status)) throw wrongState('strategy', strategy.status, STRATEGY_ACTION_WORDS['report-breach']);
  const linked = linkedRecords(input);
  const errors = [...occurredAtErrors(input.occurredAt, now()), ...linkErrors(linked, await ownersOf(linked), strategy.serviceUserId)];
  if (errors.length > 0) throw unprocessable(`The breach report breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${errors.map((e) => e.path).join(', ')}.`, errors);

  const at = nowIso();
  const breach: Breach = {
    id: ulid(),
    strategyId,
    serviceUserId: strategy.serviceUserId,
    caseIds: strategy.caseIds,
    status: FIRST_BREACH_STATUS,
    occurredAt: new Date(input.occurredAt).toISOString(),
    description: input.description,
    contactIds: input.contactIds ?? [],
    incidentIds: input.incidentIds ?? [],
    reportedBy: actor,
    reportedAt: at,
    updatedAt: at,
    version: 1,
  };
  const linkChecks: Write[] = linkedRecords(breach).map((r) => ({
    ...linkedRecordCheck(r, breach.serviceUserId),
    onConditionFailed: () => unprocessable(`${r.path}: there is no such ${r.kind} of this person.`, [{ path: r.path, message: `there is no such ${r.kind} of this person` }]),
  }));
  const writes: Write[] = [
    newBreachWrite(breach),
    {
      ...strategyStatusCheck(strategyId, ALLOWED_FROM['report-breach']),
      onConditionFailed: () => conflict('The strategy stopped being in force while the breach was being reported; read it again.'),
    },
    ...linkChecks,
    ...strategyTimelineWrites(strategy, {
      at,
      actor,
      kind: 'BREACH_REPORTED',
      fields: { occurredAt: breach.occurredAt, description: breach.description },
      ref: { breachId: breach.id },
    }),
  ];
  return { result: breach, writes, followUp: () => emailBreachReported(breach) };
}

/** Emails the Statutory Operations Manager about a new breach, naming the person and the strategy. */
async function emailBreachReported(breach: Breach): Promise<void> {
  try {
    const [person, caseRefs] = await Promise.all([getServiceUserItem(breach.serviceUserId), caseReferences(breach.caseIds)]);
    await emailStaff([config.SOM_EMAIL], breachReported(breach, person?.name ?? NOT_ON_RECORD.person, caseRefs));
  } catch (err) {
    // The breach is recorded and waits in the managers' inbox (GET /breaches?status=REPORTED) either way.
    logger.error('breach email to the SOM not sent', { breachId: breach.id, errorName: (err as Error)?.name });
  }
}

// --- deciding -------------------------------------------------------------------------

const DECISION_TIMELINE: Partial<Record<BreachAction, (actor: Actor, d: ActionFields) => TimelineFact>> = {
  LEGAL_ADVICE: (a) => ({ kind: 'BREACH_LEGAL_ADVICE', fields: { decidedBy: a.name } }),
  POLICE_REFERRAL: (a, d) => ({ kind: 'POLICE_REFERRAL', fields: { about: 'BREACH', reportedAt: d.reportedAt, policeReference: d.policeReference, decidedBy: a.name } }),
};

/** What a decision, or legal advice's outcome, does: its actions and the fields they need. */
interface ActionFields {
  actions: BreachAction[];
  notes: string;
  restrictions?: Restriction[] | undefined;
  nextReviewDate?: string | undefined;
  policeReference?: string | undefined;
  reportedAt?: string | undefined;
}

/** A breach moving on (a decision, or legal advice's outcome): the breach as it will stand and the entry that words the step on each case. */
interface BreachStep {
  /** Names the VARIED letter's execution: a decision and its legal advice may each adjust the strategy, and each is told. */
  letterRequest: string;
  next: (done: { restrictions?: Restriction[]; nextReviewDate?: string; policeReference?: string; reportedAt?: string }, at: string) => Breach;
  entry: (caseId: string, at: string) => Write;
}

/**
 * Prepares a step's actions, the same way for a decision and for legal advice's
 * outcome: ADJUST_STRATEGY varies the strategy as a review VARY would (only
 * tightening, policy 1.6) in the same transaction, and once committed the follow-up
 * sends the VARIED letter; POLICE_REFERRAL is counted in the governance figures;
 * each action with an entry of its own is written on every case.
 */
async function prepareStep(breach: Breach, strategy: Strategy, fields: ActionFields, step: BreachStep, actor: Actor): Promise<Produced<Breach>> {
  const at = nowIso();
  let variation: PreparedOutcome | undefined;
  if (fields.actions.includes('ADJUST_STRATEGY')) {
    const restrictions = fields.restrictions as Restriction[];
    // An adjustment is a review VARY: only of a strategy in force.
    statusAfter(strategy, 'review', 'VARY', 'adjusted');
    // Policy 1.6: an adjustment only increases restriction (relaxing is a review's job).
    const looser = breachAdjustmentOnlyTightens(strategy.restrictions, restrictions);
    if (looser.length > 0) throw unprocessable(`The adjustment does not only tighten the strategy: ${looser[0]!.message}.`, looser);
    const nextReviewDate = adjustedReviewDate(fields.nextReviewDate, strategy.reviewDate, ukToday());
    if (nextReviewDate === undefined) {
      throw unprocessable('nextReviewDate is required: the strategy\'s review date has been reached.', [{ path: 'nextReviewDate', message: `is required: the current review date, ${formatDate(strategy.reviewDate)}, is not after today` }]);
    }
    variation = await prepareOutcome(strategy, { outcome: 'VARY', nextReviewDate, restrictions, notes: fields.notes }, actor, { breachId: breach.id, verb: 'adjusted', letterRequest: step.letterRequest });
  }
  const refers = fields.actions.includes('POLICE_REFERRAL') && fields.policeReference && fields.reportedAt;
  const next = step.next(
    {
      ...(variation ? { restrictions: variation.next.restrictions, nextReviewDate: variation.next.reviewDate } : {}),
      ...(refers ? { policeReference: fields.policeReference as string, reportedAt: fields.reportedAt as string } : {}),
    },
    at,
  );
  let caseEntries: Write[] = breach.caseIds.flatMap((caseId) => [
    step.entry(caseId, at),
    ...fields.actions.flatMap((a) => {
      const t = DECISION_TIMELINE[a];
      const ref = { breachId: breach.id, strategyId: breach.strategyId, ...(a === 'POLICE_REFERRAL' && fields.policeReference ? { policeReference: fields.policeReference } : {}) };
      return t ? [timelineWrite(caseId, { at, actor, ...t(actor, fields), ref })] : [];
    }),
  ]);
  const counted = fields.actions.includes('POLICE_REFERRAL') ? figuresWrites(at, breach.id, POLICE_REFERRAL_TALLY) : [];
  // A transaction holds at most 100 writes: for a strategy with very many cases the
  // step's own entry (which names every action) stands for the per-action ones.
  if (1 + (variation?.writes.length ?? 0) + counted.length + caseEntries.length > 100) caseEntries = breach.caseIds.map((caseId) => step.entry(caseId, at));
  const writes: Write[] = [breachUpdateWrite(next, breach.status, breach.version), ...(variation?.writes ?? []), ...counted, ...caseEntries];
  const adjusted = variation;
  return { result: next, writes, ...(adjusted ? { followUp: () => notifyOutcome(adjusted) } : {}) };
}

/**
 * Runs `decide` (which prepares a step of breach `id` — its decision, or its legal
 * advice's outcome — and commits it), mapping a lost race to the 409 naming the state
 * that won; when only the person's screening snapshot changed meanwhile, prepares and
 * commits again. `verb` words the step for a 409 ("decided").
 */
async function deciding<T>(id: string, verb: string, decide: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await decide();
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const latest = await requireBreach(id);
      if (err.write === BREACH_WRITE) throw wrongState('breach', latest.status, verb);
      if (err.write === STRATEGY_WRITE) throw await strategyMovedOn(latest.strategyId, 'adjusted');
      if (attempt >= 3) throw conflict('The service user changed while the decision was being recorded; please retry.');
    }
  }
}

/**
 * A replay of a breach decision whose first attempt crashed after the commit, before
 * its VARIED letter was started: starts it now, from the breach the first attempt
 * answered. The letter's execution is named after the decision (`breach-<id>`), so
 * it is never sent twice.
 */
async function resumeDecisionLetter(decided: Pick<Breach, 'id' | 'strategyId' | 'decision'>): Promise<void> {
  if (!decided.decision?.actions.includes('ADJUST_STRATEGY')) return;
  await notifyOutcome({ next: { id: decided.strategyId }, letterKind: LETTER_OF_OUTCOME.VARY, requestId: decisionLetterRequest(decided.id) });
}

/** As `resumeDecisionLetter`, for legal advice's outcome (its letter is `breach-<id>-advice`). */
async function resumeLegalAdviceLetter(recorded: Pick<Breach, 'id' | 'strategyId' | 'legalAdvice'>): Promise<void> {
  if (recorded.legalAdvice?.outcome !== 'ADJUST_STRATEGY') return;
  await notifyOutcome({ next: { id: recorded.strategyId }, letterKind: LETTER_OF_OUTCOME.VARY, requestId: legalAdviceLetterRequest(recorded.id) });
}

const decisionLetterRequest = (id: string) => `breach-${id}`;
const legalAdviceLetterRequest = (id: string) => `breach-${id}-advice`;

const NOT_THEIR_OWN = 'Nobody may decide a breach they reported, or a breach of a strategy they proposed.';
const brokenRules = (what: string, errors: FieldError[]) => unprocessable(`${what} breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${errors.map((e) => e.path).join(', ')}.`, errors);

/**
 * `POST /breaches/{id}/decision`: the Statutory Operations Manager's decision, once,
 * from REPORTED (a second decision is 409). ADJUST_STRATEGY varies the strategy as
 * a review VARY would, in the same transaction, and then sends the VARIED letter
 * (with an `Idempotency-Key`, a retry after a crash before the letter starts it, once).
 * A decision to seek legal advice leaves the breach AWAITING_LEGAL_ADVICE.
 */
export function decideBreach(id: string, input: BreachDecision, actor: Actor, idempotency?: IdempotencyScope): Promise<Breach> {
  return deciding(id, 'decided', () => once(idempotency, () => prepareDecision(id, input, actor), resumeDecisionLetter));
}

async function prepareDecision(id: string, input: BreachDecision, actor: Actor): Promise<Produced<Breach>> {
  const breach = await requireBreach(id);
  const status = statusAfterDecision(breach.status, input.actions);
  if (!status) throw wrongState('breach', breach.status, 'decided');
  const strategy = await requireStrategy(breach.strategyId);
  if (!mayDecideBreach(strategy, breach, actor)) throw forbidden(NOT_THEIR_OWN);
  const shape = breachDecisionErrors(input);
  if (shape.length > 0) throw brokenRules('The decision', shape);
  return prepareStep(
    breach,
    strategy,
    input,
    {
      letterRequest: decisionLetterRequest(breach.id),
      next: (done, at) => ({ ...breach, status, decision: { actions: input.actions, notes: input.notes, ...done, decidedBy: actor, decidedAt: at }, version: breach.version + 1, updatedAt: at }),
      entry: (caseId, at) =>
        timelineWrite(caseId, {
          at,
          actor,
          kind: 'BREACH_DECIDED',
          fields: { decidedBy: actor.name, actions: input.actions, notes: input.notes, awaitingAdvice: status === 'AWAITING_LEGAL_ADVICE' },
          ref: { breachId: breach.id, strategyId: breach.strategyId, actions: input.actions.join(',') },
        }),
    },
    actor,
  );
}

/**
 * `POST /breaches/{id}/legal-advice`: the advice sought by a decision has come back,
 * and the Statutory Operations Manager records it and what follows from it (one
 * action, under the same rules as a decision's), once, from AWAITING_LEGAL_ADVICE
 * (409 otherwise) → DECIDED. The same people may not record it as may not decide.
 * As a decision: a retry after a crash before the advice's VARIED letter starts it, once.
 */
export function recordLegalAdvice(id: string, input: LegalAdvice, actor: Actor, idempotency?: IdempotencyScope): Promise<Breach> {
  return deciding(id, 'given its legal advice outcome', () => once(idempotency, () => prepareLegalAdvice(id, input, actor), resumeLegalAdviceLetter));
}

async function prepareLegalAdvice(id: string, input: LegalAdvice, actor: Actor): Promise<Produced<Breach>> {
  const breach = await requireBreach(id);
  const status = statusAfterLegalAdvice(breach.status);
  if (!status || !breach.decision) throw wrongState('breach', breach.status, 'given its legal advice outcome');
  const strategy = await requireStrategy(breach.strategyId);
  if (!mayDecideBreach(strategy, breach, actor)) throw forbidden(NOT_THEIR_OWN);
  const errors = legalAdviceErrors(input, breach.decision.decidedAt, now());
  if (errors.length > 0) throw brokenRules('The legal advice outcome', errors);
  const receivedAt = new Date(input.receivedAt).toISOString();
  return prepareStep(
    breach,
    strategy,
    { ...input, actions: [input.outcome] },
    {
      letterRequest: legalAdviceLetterRequest(breach.id),
      next: (done, at) => ({
        ...breach,
        status,
        legalAdvice: { receivedAt, summary: input.summary, outcome: input.outcome, notes: input.notes, ...done, recordedBy: actor, recordedAt: at },
        version: breach.version + 1,
        updatedAt: at,
      }),
      entry: (caseId, at) =>
        timelineWrite(caseId, {
          at,
          actor,
          kind: 'BREACH_LEGAL_ADVICE_RECEIVED',
          fields: { receivedAt, advice: input.summary, decidedBy: actor.name, outcome: input.outcome, notes: input.notes },
          ref: { breachId: breach.id, strategyId: breach.strategyId, outcome: input.outcome },
        }),
    },
    actor,
  );
}
