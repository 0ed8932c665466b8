/**
 * Appeals (docs/lifecycle.md, Appeals): the person asks for the decision to restrict
 * their contact to be looked at again by someone who took no part in it. Staff
 * record the appeal against a strategy in force; a Statutory Operations Manager or
 * the Head of Assurance who did not propose, edit, submit or decide the strategy
 * upholds the decision, varies the strategy or ends it (a variation or an end is the
 * very change a review makes, lib/app/reviews.ts `prepareOutcome`), and the person
 * is told the outcome and the reasons in an APPEAL_OUTCOME letter by email and post.
 * Each step lands in one transaction with its timeline entry on every case of the
 * strategy and its governance tallies.
 */
import { loggedRead, type Reader, recordRead } from './access-log.js';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { now, nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import {
  APPEALABLE,
  appealBy,
  appealLetterRequestId,
  appealOutcomeShapeErrors,
  appealReceivedEmail,
  decidedLate,
  decisionDueBy,
  isOverdue,
  mayDecideAppeal,
  receiptErrors,
  receivedLate,
  REVIEW_OUTCOME_OF,
  toldAt,
  type AppealOutcome,
  type AppealStatus,
} from '../domain/appeals.js';
import { ukMonthOf } from '../domain/calendar.js';
import { conflict, forbidden, notFound, unprocessable, wrongState, type FieldError } from '../errors.js';
import { logger } from '../observability.js';
import type { Restriction, StrategyStatus } from '../schemas/restrictions.js';
import type { AppealDecision, RecordAppeal } from '../schemas/appeals.js';
import { APPEAL_WRITE, appealUpdateWrite, getAppeal, listAppealsByStatus as listAppealsInStatus, listAppealsOfStrategy as listAppealsOfStrategyIndex, newAppealWrite, type AppealRecord } from '../store/appeals.js';
import { ConditionFailed, timelineWrite, type Page, type Write } from '../store/db.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { tallyWrite, type Tally } from '../store/figures.js';
import { listLetters } from '../store/letters.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences, STRATEGY_WRITE, strategyHistoryWrite, strategyStatusCheck, strategyTimelineWrites } from '../store/strategies.js';
import { notifyOutcome, prepareOutcome, strategyMovedOn, type PreparedOutcome } from './reviews.js';
import { emailStaff } from './staff-email.js';
import { requireStrategy } from './strategies.js';
import { statusAfter } from './strategy-status.js';
import { NOT_ON_RECORD } from '../domain/staff-emails.js';

/** An appeal as the API answers it: the stored record, with when it should be decided and whether that has passed (computed on read from the clock). */
export interface Appeal extends AppealRecord {
  decisionDueBy: string;
  overdue: boolean;
}

/** Adds what is computed on read: the last day to decide it and whether it is overdue today (UK). */
export function withOverdue(a: AppealRecord, today: string = ukToday()): Appeal {
  return { ...a, decisionDueBy: decisionDueBy(a.receivedAt, config.APPEAL_DECISION_DAYS), overdue: isOverdue(a, today, config.APPEAL_DECISION_DAYS) };
}

const pageWithOverdue = (page: Page<AppealRecord>): Page<Appeal> => {
  const today = ukToday();
  return { ...page, items: page.items.map((a) => withOverdue(a, today)) };
};

// --- reading ----------------------------------------------------------------------

/** `GET /appeals/{id}`, or 404. */
export async function requireAppeal(id: string): Promise<Appeal> {
  const a = await getAppeal(id);
  if (!a) throw notFound('There is no such appeal.');
  return withOverdue(a);
}

/** `GET /strategies/{id}/appeals`: the appeals of a strategy (404 for no such strategy), newest first. */
export async function listAppealsOfStrategy(strategyId: string, limit: number, cursor: string | undefined, reader: Reader): Promise<Page<Appeal>> {
  const strategy = await requireStrategy(strategyId);
  const page = pageWithOverdue(await listAppealsOfStrategyIndex(strategyId, limit, cursor));
  await recordRead(strategy.serviceUserId, reader);
  return page;
}

/** `GET /appeals/{id}`: the appeal; the read is logged against its person. */
export const readAppeal = loggedRead(requireAppeal);

/** `GET /appeals?status=`: the managers' inbox, oldest received first (the longest waiting at the top). */
export async function listAppealsByStatus(status: AppealStatus, limit: number, cursor?: string): Promise<Page<Appeal>> {
  return pageWithOverdue(await listAppealsInStatus(status, limit, cursor));
}

// --- recording ----------------------------------------------------------------------

function brokenRules(what: string, errors: FieldError[]) {
  const paths = [...new Set(errors.map((e) => e.path))].join(', ');
  return unprocessable(`The ${what} breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${paths}.`, errors);
}

/**
 * `POST /strategies/{id}/appeals`: the person's appeal against a strategy in force
 * (409 naming its status otherwise), on time or with the reason it is accepted late,
 * recorded once per `Idempotency-Key`; then the Statutory Operations Manager and the
 * Head of Assurance are emailed (by a replay when the first attempt crashed before).
 */
export function recordAppeal(strategyId: string, input: RecordAppeal, actor: Actor, idempotency?: IdempotencyScope): Promise<Appeal> {
  return once(idempotency, () => receiveAppeal(strategyId, input, actor), async (first) => emailAppealReceived(await requireAppeal(first.id)));
}

/**
 * The appeal and its writes: a check that the strategy is still in force, the appeal,
 * a history item, a timeline entry on each case and the `appealsReceived` tally of
 * the month it was received.
 */
async function receiveAppeal(strategyId: string, input: RecordAppeal, actor: Actor): Promise<Produced<Appeal>> {
  const strategy = await requireStrategy(strategyId);
  if (!APPEALABLE.includes(strategy.status)) throw wrongState('strategy', strategy.status, 'appealed against');
  const letterAt = toldAt({ letters: await listLetters(strategyId), notified: strategy.notified, activatedAt: strategy.activatedAt });
  // In force means the person was told; a strategy without any record of it cannot be appealed against yet.
  if (!letterAt) throw conflict('There is no record of the person being told of this strategy, so it cannot be appealed against yet.');
  const receivedAt = new Date(input.receivedAt).toISOString();
  const errors = receiptErrors({ receivedAt, lateReason: input.lateReason }, { letterAt, appealDays: config.APPEAL_DAYS, now: now() });
  if (errors.length > 0) throw brokenRules('appeal', errors);

  const at = nowIso();
  const late = receivedLate(receivedAt, letterAt, config.APPEAL_DAYS);
  const record: AppealRecord = {
    id: ulid(),
    strategyId,
    serviceUserId: strategy.serviceUserId,
    caseIds: strategy.caseIds,
    status: 'RECEIVED',
    receivedAt,
    grounds: input.grounds,
    ...(input.lateReason?.trim() ? { lateReason: input.lateReason } : {}),
    late,
    appealBy: appealBy(letterAt, config.APPEAL_DAYS),
    recordedBy: actor,
    recordedAt: at,
    updatedAt: at,
    version: 1,
  };
  const appeal = withOverdue(record);
  const received = { receivedAt, late, appealBy: record.appealBy, ...(record.lateReason ? { lateReason: record.lateReason } : {}), decisionDueBy: appeal.decisionDueBy, grounds: input.grounds, recordedBy: actor.name };
  const writes: Write[] = [
    newAppealWrite(record),
    {
      ...strategyStatusCheck(strategyId, APPEALABLE as StrategyStatus[]),
      onConditionFailed: () => conflict('The strategy stopped being in force while the appeal was being recorded; read it again.'),
    },
    strategyHistoryWrite(strategyId, { at, actor, event: 'APPEAL_RECEIVED', fields: received }),
    ...strategyTimelineWrites(strategy, {
      at,
      actor,
      kind: 'APPEAL_RECEIVED',
      fields: received,
      ref: { appealId: record.id },
    }),
    tallyWrite(ukMonthOf(receivedAt), record.id, { appealsReceived: 1 }) as Write,
  ];
  return { result: appeal, writes, followUp: () => emailAppealReceived(appeal) };
}

/** Emails the Statutory Operations Manager and the Head of Assurance about a new appeal, naming the person and the strategy. */
async function emailAppealReceived(appeal: Appeal): Promise<void> {
  try {
    const [person, caseRefs] = await Promise.all([getServiceUserItem(appeal.serviceUserId), caseReferences(appeal.caseIds)]);
    await emailStaff([...new Set([config.SOM_EMAIL, config.HEAD_OF_ASSURANCE_EMAIL])], appealReceivedEmail(appeal, person?.name ?? NOT_ON_RECORD.person, caseRefs));
  } catch (err) {
    // The appeal is recorded and waits in the managers' inbox (GET /appeals?status=RECEIVED) either way.
    logger.error('appeal email to the managers not sent', { appealId: appeal.id, errorName: (err as Error)?.name });
  }
}

// --- deciding -------------------------------------------------------------------------

/**
 * The governance tallies of a decision: its outcome in the month decided, and
 * whether it was late in the month the appeal was received. One write per month
 * (two updates of one item cannot share a transaction).
 */
function decisionTallies(appeal: AppealRecord, outcome: AppealOutcome, at: string, late: boolean): Write[] {
  const byMonth = new Map<string, Tally>();
  const add = (month: string, counter: string) => byMonth.set(month, { ...byMonth.get(month), [counter]: 1 });
  add(ukMonthOf(at), `appealOutcomes:${outcome}`);
  if (late) add(ukMonthOf(appeal.receivedAt), 'appealsDecidedLate');
  return [...byMonth].flatMap(([month, tally]) => tallyWrite(month, appeal.id, tally) ?? []);
}

/**
 * `POST /appeals/{id}/decision`: decided once, from RECEIVED (a second decision is
 * 409), by someone who took no part in the strategy (403). VARIED and ENDED change
 * the strategy as a review would (its rules, its 409 when no longer in force), in
 * the same transaction; every outcome then sends the APPEAL_OUTCOME letter. With an
 * `Idempotency-Key`, a retry after a crash between the decision and its letter
 * starts the letter, once (its execution is named after the appeal).
 */
export function decideAppeal(id: string, input: AppealDecision, actor: Actor, idempotency?: IdempotencyScope): Promise<Appeal> {
  return deciding(id, () => once(idempotency, () => prepareDecision(id, input, actor), (first) => sendAppealOutcome(first)));
}

/** The decided appeal, its writes and the letter that follows them. */
async function prepareDecision(id: string, input: AppealDecision, actor: Actor): Promise<Produced<Appeal>> {
  const appeal = await requireAppeal(id);
  if (appeal.status !== 'RECEIVED') throw wrongState('appeal', appeal.status, 'decided');
  const strategy = await requireStrategy(appeal.strategyId);
  if (!mayDecideAppeal(strategy, actor)) throw forbidden('An appeal is decided by someone who took no part in the decision: nobody who proposed, edited, submitted or decided the strategy may decide it.');
  const shape = appealOutcomeShapeErrors(input);
  if (shape.length > 0) throw brokenRules('decision', shape);

  const at = nowIso();
  let variation: PreparedOutcome | undefined;
  if (input.outcome !== 'UPHELD') {
    const outcome = REVIEW_OUTCOME_OF[input.outcome];
    statusAfter(strategy, 'review', outcome, 'changed on appeal');
    variation = await prepareOutcome(
      strategy,
      { outcome, notes: input.reasons, ...(input.nextReviewDate ? { nextReviewDate: input.nextReviewDate } : {}), ...(input.restrictions ? { restrictions: input.restrictions as Restriction[] } : {}) },
      actor,
      { appealId: appeal.id, verb: 'changed on appeal' },
    );
  }
  const late = decidedLate(appeal.receivedAt, at, config.APPEAL_DECISION_DAYS);
  const next: AppealRecord = {
    ...stored(appeal),
    status: 'DECIDED',
    decision: {
      outcome: input.outcome,
      reasons: input.reasons,
      ...(input.outcome === 'VARIED' && variation ? { restrictions: variation.next.restrictions, nextReviewDate: variation.next.reviewDate } : {}),
      decidedBy: actor,
      decidedAt: at,
      late,
    },
    version: appeal.version + 1,
    updatedAt: at,
  };
  const decided = { decidedBy: actor.name, outcome: input.outcome, late, decisionDueBy: appeal.decisionDueBy, reasons: input.reasons };
  const writes: Write[] = [
    appealUpdateWrite(next, appeal.status, appeal.version),
    ...(variation?.writes ?? [strategyHistoryWrite(strategy.id, { at, actor, event: 'APPEAL_UPHELD', fields: decided })]),
    ...appeal.caseIds.map((caseId) => timelineWrite(caseId, { at, actor, kind: 'APPEAL_DECIDED', fields: decided, ref: { appealId: appeal.id, strategyId: appeal.strategyId, outcome: input.outcome } })),
    ...decisionTallies(appeal, input.outcome, at, late),
  ];
  return { result: withOverdue(next), writes, followUp: () => sendAppealOutcome(next) };
}

/**
 * Runs `decide` (which prepares a decision of appeal `id` and commits it), mapping a
 * lost race to the 409 that names what won; when only the person's screening
 * snapshot changed meanwhile, prepares and commits again.
 */
async function deciding<T>(id: string, decide: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await decide();
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      if (err.write === APPEAL_WRITE) throw wrongState('appeal', (await requireAppeal(id)).status, 'decided');
      if (err.write === STRATEGY_WRITE) throw await strategyMovedOn((await requireAppeal(id)).strategyId, 'changed on appeal');
      if (attempt >= 3) throw conflict('The service user changed while the decision was being recorded; please retry.');
    }
  }
}

function sendAppealOutcome(appeal: Pick<AppealRecord, 'id' | 'strategyId'>): Promise<void> {
  return notifyOutcome({ next: { id: appeal.strategyId }, letterKind: 'APPEAL_OUTCOME', requestId: appealLetterRequestId(appeal.id) });
}

/** The record as stored, without what is computed on read. */
function stored(a: Appeal): AppealRecord {
  const { decisionDueBy: _due, overdue: _overdue, ...record } = a;
  return record;
}
