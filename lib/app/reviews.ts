/**
 * Review outcomes of contact strategies (policy 1.5: the review period): the
 * Statutory Operations Manager extends, varies or ends a strategy in force, and the
 * person is told in writing. A breach decision that adjusts a strategy makes the
 * very same change (lib/app/breaches.ts), in its own transaction.
 */
import type { TimelineKind } from '../domain/timeline-kinds.js';
import type { HistoryEvent } from '../domain/timeline-words.js';
import { stateWords } from '../domain/words.js';
import type { Actor } from '../domain/staff.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import type { LetterKind } from '../domain/letter.js';
import { reviewTally } from '../domain/governance.js';
import { LETTER_OF_OUTCOME, reviewOutcomeShapeErrors, type ReviewOutcome } from '../domain/review.js';
import { allows, IN_FORCE, inForceOf, reviewDateWithinLimits, strategyContentErrors } from '../domain/strategy-rules.js';
import { mayDecideAbout } from '../domain/approval.js';
import { appealLetterRequestId } from '../domain/appeals.js';
import { conflict, forbidden, notFound, ProblemError, unprocessable, wrongState, type FieldError } from '../errors.js';
import { logger } from '../observability.js';
import type { Restriction } from '../schemas/restrictions.js';
import { ConditionFailed, type Page, type Write } from '../store/db.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { figuresWrites } from '../store/governance.js';
import { setInForceWrites } from '../store/person-snapshot.js';
import { getServiceUserItem } from '../store/service-users.js';
import {
  getStrategyRecord,
  historyEntry,
  inState,
  listReviewsDue as listReviewIndex,
  STRATEGY_WRITE,
  strategyHistoryWrite,
  strategyTimelineWrites,
  strategyUpdate,
  type ReviewRecord,
  type Strategy,
  type StrategyHistoryEntry,
  type StrategyRecord,
} from '../store/strategies.js';
import { getCases } from '../store/cases.js';
import { workflow } from '../workflow.js';
import { recordDeliveryFailure } from './delivery-failure.js';
import { requireStrategy } from './strategies.js';
import { statusAfter } from './strategy-status.js';

/** `GET /reviews/due?by=`: strategies in force whose review falls on or before `by` (today when not given), earliest first. */
export function listReviewsDue(by: string | undefined, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return listReviewIndex(by ?? ukToday(), limit, cursor);
}

export interface OutcomeInput {
  outcome: ReviewOutcome;
  nextReviewDate?: string;
  restrictions?: Restriction[];
  notes: string;
}

export interface PreparedOutcome {
  next: StrategyRecord;
  /** The strategy history entry its writes add. */
  history: StrategyHistoryEntry;
  writes: Write[];
  letterKind: LetterKind;
  /** Names the NOTIFY execution (and the letters' delivery key): once per outcome. */
  requestId: string;
}

const OUTCOME_WORDS = {
  EXTEND: { event: 'EXTENDED', kind: 'STRATEGY_EXTENDED' },
  VARY: { event: 'VARIED', kind: 'STRATEGY_VARIED' },
  END: { event: 'ENDED', kind: 'STRATEGY_ENDED' },
} as const satisfies Record<ReviewOutcome, { event: HistoryEvent; kind: TimelineKind }>;

function brokenRules(errors: FieldError[]): ProblemError {
  const paths = [...new Set(errors.map((e) => e.path))].join(', ');
  return unprocessable(`The review breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${paths}.`, errors);
}

/**
 * Checks an outcome against the rules and builds its writes: the strategy change
 * (status, review date, restrictions, review index, `lastReview`), a history item,
 * a timeline entry on each case and the person's screening snapshot (a variation
 * replaces the restrictions screening sees; an end removes the strategy). The new
 * restrictions of a VARY go through exactly the rules of a draft.
 * The first write is the strategy's, conditioned on the status and version read.
 */
export async function prepareOutcome(
  current: StrategyRecord,
  input: OutcomeInput,
  actor: Actor,
  /** `letterRequest` names the letter's execution when one breach varies the strategy twice (its decision, then its legal advice). */
  opts: { breachId?: string; appealId?: string; verb?: string; paths?: { nextReviewDate?: string }; letterRequest?: string } = {},
): Promise<PreparedOutcome> {
  const status = statusAfter(current, 'review', input.outcome, opts.verb);
  const datePath = opts.paths?.nextReviewDate ?? 'nextReviewDate';
  const today = ukToday();
  const errors: FieldError[] = reviewOutcomeShapeErrors(input).map((e) => (e.path === 'nextReviewDate' ? { ...e, path: datePath } : e));
  const person = await getServiceUserItem(current.serviceUserId);
  if (!person) throw notFound('There is no such service user.');
  let restrictions = current.restrictions;
  if (input.outcome === 'VARY' && input.restrictions) {
    const cases = await getCases([...current.caseIds, ...input.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))]);
    const checked = strategyContentErrors(
      // A missing date is reported by the shape rule; check the restrictions against a date that passes.
      { serviceUserId: current.serviceUserId, caseIds: current.caseIds, reviewDate: input.nextReviewDate ?? '9999-12-31', restrictions: input.restrictions },
      { person, cases, today, maxReviewMonths: config.MAX_REVIEW_MONTHS },
    );
    restrictions = checked.restrictions;
    // The date is checked below, under its own name.
    errors.push(...checked.errors.filter((e) => e.path !== 'reviewDate'));
  }
  if (input.nextReviewDate !== undefined && input.outcome !== 'END') errors.push(...reviewDateWithinLimits(input.nextReviewDate, today, config.MAX_REVIEW_MONTHS, datePath));
  if (errors.length > 0) throw brokenRules(errors);

  const at = nowIso();
  const lastReview: ReviewRecord = {
    outcome: input.outcome,
    notes: input.notes,
    decidedBy: actor,
    decidedAt: at,
    reviewDate: current.reviewDate,
    ...(input.outcome !== 'END' && input.nextReviewDate ? { nextReviewDate: input.nextReviewDate } : {}),
    ...(opts.breachId ? { breachId: opts.breachId } : {}),
  };
  const next: StrategyRecord = {
    ...current,
    status,
    reviewDate: input.outcome === 'END' ? current.reviewDate : (input.nextReviewDate as string),
    restrictions,
    version: current.version + 1,
    updatedAt: at,
    lastReview,
    ...(input.outcome === 'END' ? { endedAt: at } : {}),
  };
  const fields: (keyof StrategyRecord)[] = ['status', 'reviewDate', 'restrictions', 'version', 'updatedAt', 'lastReview', ...(input.outcome === 'END' ? (['endedAt'] as const) : [])];
  const inForce = (person.inForce ?? []).filter((f) => f.strategyId !== current.id);
  if (IN_FORCE.includes(status)) inForce.push(inForceOf(next));

  const w = OUTCOME_WORDS[input.outcome];
  const reviewFields = {
    decidedBy: actor.name,
    notes: input.notes,
    ...(input.outcome !== 'END' ? { nextReviewDate: next.reviewDate } : {}),
    ...(input.outcome === 'VARY' ? { restrictions: restrictions.map((r) => r.type) } : {}),
    ...(opts.breachId ? { after: 'BREACH' as const } : opts.appealId ? { after: 'APPEAL' as const } : {}),
  };
  const history = historyEntry({ at, actor, event: w.event, fields: reviewFields, fromStatus: current.status, toStatus: status });
  const writes: Write[] = [
    strategyUpdate(next, fields, inState(current.status, current.version)),
    strategyHistoryWrite(current.id, history),
    ...strategyTimelineWrites(next, {
      at,
      actor,
      kind: w.kind,
      fields: reviewFields,
      ref: { status, ...(opts.breachId ? { breachId: opts.breachId } : {}), ...(opts.appealId ? { appealId: opts.appealId } : {}) },
    }),
    ...setInForceWrites(person, inForce, new Date(at)),
    // A review counts in the governance figures; a breach adjustment is not a review.
    ...figuresWrites(at, current.id, reviewTally({ outcome: input.outcome, decidedAt: at, reviewDate: current.reviewDate, breachAdjustment: opts.breachId !== undefined, appeal: opts.appealId !== undefined })),
  ];
  // An appeal's outcome is told in its own letter (lib/app/appeals.ts), which gives the reasons.
  if (opts.appealId) return { next, history, writes, letterKind: 'APPEAL_OUTCOME', requestId: appealLetterRequestId(opts.appealId) };
  return { next, history, writes, letterKind: LETTER_OF_OUTCOME[input.outcome], requestId: opts.letterRequest ?? (opts.breachId ? `breach-${opts.breachId}` : `review-v${next.version}`) };
}

/** Starts the NOTIFY phase that tells the person of the outcome by email and post. */
export async function notifyOutcome(prepared: { next: Pick<StrategyRecord, 'id'>; letterKind: LetterKind; requestId: string }): Promise<void> {
  try {
    await (await workflow()).start({ phase: 'NOTIFY', strategyId: prepared.next.id, letterKind: prepared.letterKind, requestId: prepared.requestId });
  } catch (err) {
    // The outcome is committed; the letter that could not be started is recorded as
    // FAILED on the strategy and every case (so staff see it and send it by hand), never a 5xx.
    logger.error('NOTIFY execution not started', { strategyId: prepared.next.id, letterKind: prepared.letterKind, errorName: (err as Error)?.name });
    const failure = { Error: 'LetterNotStarted', Cause: 'The letter workflow could not be started; send this letter by hand.' };
    for (const channel of ['EMAIL', 'POST'] as const) {
      try {
        await recordDeliveryFailure({ strategyId: prepared.next.id, letterKind: prepared.letterKind, requestId: prepared.requestId, channel, failure });
      } catch (recordErr) {
        logger.error('failed letter could not be recorded', { strategyId: prepared.next.id, channel, errorName: (recordErr as Error)?.name });
      }
    }
  }
}

/** A 409 naming the state the strategy is in now, after a racing change won. */
export async function strategyMovedOn(id: string, verb: string): Promise<ProblemError> {
  const now = await getStrategyRecord(id);
  if (!now) return notFound('There is no such strategy.');
  return allows(now.status, 'review')
    ? conflict(`The strategy was changed by someone else meanwhile (its status is now “${stateWords('strategy', now.status)}”); read it again and retry.`, { state: now.status })
    : wrongState('strategy', now.status, verb);
}

/**
 * `POST /strategies/{id}/review`: the Statutory Operations Manager's decision on a
 * strategy ACTIVE or REVIEW_DUE (409 otherwise). Prepares the outcome (see
 * `prepareOutcome`); once committed, starts the NOTIFY phase with the matching
 * letter. With an `Idempotency-Key`, a retry after a crash between the decision and
 * its letter starts the letter, once.
 */
export function reviewStrategy(id: string, input: OutcomeInput, actor: Actor, idempotency?: IdempotencyScope): Promise<Strategy> {
  return deciding(id, () => once(idempotency, () => prepareReview(id, input, actor), resumeReviewLetter));
}

/** The review's writes and the strategy as it will read: the one a read after the commit gives. */
async function prepareReview(id: string, input: OutcomeInput, actor: Actor): Promise<Produced<Strategy>> {
  const current = await requireStrategy(id);
  if (!mayDecideAbout(current, actor)) throw forbidden('Nobody may decide the review of a strategy they proposed.');
  const prepared = await prepareOutcome(current, input, actor);
  return {
    result: { ...prepared.next, letters: current.letters, history: [...current.history, prepared.history] },
    writes: prepared.writes,
    followUp: () => notifyOutcome(prepared),
  };
}

/**
 * Runs `decide` (which prepares a review of strategy `id` and commits it), mapping a
 * lost race to the 409 naming the state that won; when only the person's screening
 * snapshot changed meanwhile (another strategy, a contact point), prepares and
 * commits again.
 */
async function deciding<T>(id: string, decide: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await decide();
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      if (err.write === STRATEGY_WRITE) throw await strategyMovedOn(id, 'reviewed');
      if (attempt >= 3) throw conflict('The service user changed while the review was being recorded; please retry.');
    }
  }
}

/**
 * A replay of a review decision whose first attempt crashed after the commit, before
 * its letter was started: starts it now, from the strategy the first attempt answered.
 * The letter's execution is named after the decision (`review-v<version>`), so it is
 * never sent twice.
 */
async function resumeReviewLetter(decided: Pick<StrategyRecord, 'id' | 'version' | 'lastReview'>): Promise<void> {
  if (!decided.lastReview) return;
  await notifyOutcome({ next: decided, letterKind: LETTER_OF_OUTCOME[decided.lastReview.outcome], requestId: `review-v${decided.version}` });
}
