/**
 * Reviews of contact strategies in the table: the review index the daily sweep
 * walks, the sweep's once-only claims, and review outcomes (extend, vary, end),
 * which a breach decision that adjusts the strategy shares.
 *
 * | item                | pk            | sk                                      | GSI3                                                    |
 * |---------------------|---------------|-----------------------------------------|---------------------------------------------------------|
 * | strategy            | STRATEGY#<id> | STRATEGY                                | REVIEW / <reviewDate>#<id>, only while ACTIVE or REVIEW_DUE |
 * | review-action claim | STRATEGY#<id> | REVIEW_ACTION#<reviewDate>#<action>     |                                                         |
 *
 * A claim item is written (attribute_not_exists) in the same transaction as the
 * action's timeline entries, before the email is sent: whoever writes it first
 * sends, so two sweeps (a retry, a manual run, two overlapping schedules) never
 * send the same reminder or escalation twice. If the send then fails, the claim is
 * released (deleted, with a timeline entry saying so) so the next sweep tries again.
 * Claims are per review date: a new review date (an extension, a variation) is
 * reminded and escalated afresh.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { sendEmail, textToHtml } from '../delivery/email.js';
import { ukLongDate } from '../domain/letter.js';
import {
  LETTER_OF_OUTCOME,
  planReview,
  reviewOutcomeShapeErrors,
  STATUS_AFTER,
  sweepHorizon,
  type ReviewAction,
  type ReviewOutcome,
  type ReviewSettings,
} from '../domain/review.js';
import { allows, reviewDateWithinLimits, strategyContentErrors, type CaseFacts } from '../domain/strategy-rules.js';
import { conflict, notFound, ProblemError, unprocessable, wrongState, type FieldError } from '../errors.js';
import { recordDeliveryFailure } from '../delivery/delivery-failure.js';
import { logger } from '../observability.js';
import type { Restriction, StrategyStatus } from '../schemas/restrictions.js';
import { workflow, type LetterKind } from '../workflow.js';
import { commit, ConditionFailed, decodeCursor, encodeCursor, getItem, queryAll, queryPage, SYSTEM_ACTOR, TABLE, type Page, type Write } from './db.js';
import { setInForceWrites } from './person-snapshot.js';
import { getServiceUserItem, type ServiceUserItem } from './service-users.js';
import {
  getCases,
  inForceOf,
  inState,
  requireStrategy,
  STRATEGY_WRITE,
  strategyHistoryWrite,
  strategyTimelineWrites,
  strategyUpdate,
  toStrategyRecord,
  type Strategy,
  type StrategyRecord,
} from './strategies.js';
import { INDEX, KEY } from './table.js';

export const reviewSettings = (): ReviewSettings => ({ reminderDays: config.REVIEW_REMINDER_DAYS, escalationDays: config.REVIEW_ESCALATION_DAYS });

/** How the last review of a strategy went: who decided what, and when. */
export interface ReviewRecord {
  outcome: ReviewOutcome;
  notes: string;
  decidedBy: Actor;
  decidedAt: string;
  /** The review date the decision was about. */
  reviewDate: string;
  /** EXTEND and VARY: when it will next be reviewed. */
  nextReviewDate?: string;
  /** Set when a breach decision adjusted the strategy (policy 1.6). */
  breachId?: string;
}

/** The strategy item with the review fields this module adds. */
type Reviewed = StrategyRecord & { lastReview?: ReviewRecord; endedAt?: string };

/** The proposer's mailbox, recorded on the strategy from their token (`proposedByEmail`); older strategies may lack it. */
function proposerEmail(s: StrategyRecord): string | undefined {
  return s.proposedByEmail && s.proposedByEmail.includes('@') ? s.proposedByEmail : undefined;
}

// --- the review index (GSI3) ------------------------------------------------------

/** GSI3 sort keys are `<reviewDate>#<id>`: '~' sorts above every id character, so this bound includes the whole day. */
const upTo = (date: string) => `${date}#~`;

/** `GET /reviews/due?by=`: strategies in force whose review falls on or before `by`, earliest first. */
export async function listReviewsDue(by: string, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI3, KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :hi', ExpressionAttributeValues: { ':pk': 'REVIEW', ':hi': upTo(by) } },
    limit,
    cursor,
    toStrategyRecord,
  );
}

// --- claims -------------------------------------------------------------------------

const claimKey = (strategyId: string, reviewDate: string, action: ReviewAction) => ({ pk: KEY.strategy(strategyId).pk, sk: `REVIEW_ACTION#${reviewDate}#${action}` });

/** The actions already claimed for this review date of the strategy. */
export async function claimedActions(strategyId: string, reviewDate: string): Promise<ReviewAction[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': KEY.strategy(strategyId).pk, ':p': `REVIEW_ACTION#${reviewDate}#` },
    ConsistentRead: true,
  });
  return items.map((i) => i.action as ReviewAction);
}

const ACTION_TIMELINE: Record<'REMIND' | 'ESCALATE', { kind: string; summary: (s: StrategyRecord, to: string[]) => string; statuses: StrategyStatus[] }> = {
  REMIND: {
    kind: 'REVIEW_REMINDER',
    summary: (s, to) => `Review reminder for contact strategy ${s.id} (review due ${s.reviewDate}) sent to ${to.join(' and ')}`,
    statuses: ['ACTIVE', 'REVIEW_DUE'],
  },
  ESCALATE: {
    kind: 'REVIEW_ESCALATED',
    summary: (s) => `Review of contact strategy ${s.id} (due ${s.reviewDate}) still undecided: escalated to the Statutory Operations Manager`,
    statuses: ['REVIEW_DUE'],
  },
};

/**
 * Claims a reminder or an escalation for the strategy's current review date, with
 * its timeline entry on each case, in one transaction. False when it was already
 * claimed, or the strategy has moved on (reviewed, ended) since it was read.
 */
async function claim(s: StrategyRecord, action: 'REMIND' | 'ESCALATE', recipients: string[]): Promise<boolean> {
  const at = nowIso();
  const t = ACTION_TIMELINE[action];
  const statusValues = Object.fromEntries(t.statuses.map((st, i) => [`:s${i}`, st]));
  try {
    await commit([
      {
        Put: {
          Item: { ...claimKey(s.id, s.reviewDate, action), entity: 'ReviewActionClaim', strategyId: s.id, reviewDate: s.reviewDate, action, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          Key: KEY.strategy(s.id),
          ConditionExpression: `#status IN (${Object.keys(statusValues).join(', ')}) AND reviewDate = :d`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...statusValues, ':d': s.reviewDate },
        },
      },
      ...strategyTimelineWrites(s, { at, actor: SYSTEM_ACTOR, kind: t.kind, summary: t.summary(s, recipients), ref: { reviewDate: s.reviewDate } }),
    ]);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/** Gives a claim back after its email could not be sent, so the next sweep tries again (and says so on each case). */
async function release(s: StrategyRecord, action: 'REMIND' | 'ESCALATE'): Promise<void> {
  const at = nowIso();
  await commit([
    { Delete: { Key: claimKey(s.id, s.reviewDate, action), ConditionExpression: 'attribute_exists(pk)' } },
    ...strategyTimelineWrites(s, {
      at,
      actor: SYSTEM_ACTOR,
      kind: 'REVIEW_EMAIL_FAILED',
      summary: `The review ${action === 'REMIND' ? 'reminder' : 'escalation'} for contact strategy ${s.id} could not be sent; the next daily run will try again`,
      ref: { reviewDate: s.reviewDate },
    }),
  ]);
}

// --- the emails ---------------------------------------------------------------------

function caseLines(cases: Map<string, { reference: string }>, s: StrategyRecord): string {
  return s.caseIds.map((id) => `- ${cases.get(id)?.reference ?? id}`).join('\n');
}

async function reviewEmail(s: StrategyRecord, person: Pick<ServiceUserItem, 'name'>, action: 'REMIND' | 'ESCALATE', to: string[], today: string): Promise<void> {
  const cases = await getCases(s.caseIds);
  const due = ukLongDate(s.reviewDate);
  const subject =
    action === 'REMIND'
      ? `Review due ${due}: contact strategy ${s.id} for ${person.name}`
      : `Escalation: review of contact strategy ${s.id} for ${person.name} is overdue`;
  const lead =
    action === 'REMIND'
      ? `The contact strategy ${s.id} for ${person.name} is due for review on ${due}${s.reviewDate < today ? ' (that date has passed)' : ''}.`
      : `The review of the contact strategy ${s.id} for ${person.name} was due on ${due} and is still undecided ${config.REVIEW_ESCALATION_DAYS} days later. The restrictions remain in force until it is decided.`;
  const text = [
    lead,
    `Service user: ${person.name}\nStrategy: ${s.id}\nProposed by: ${s.proposedBy.name}\nCases:\n${caseLines(cases, s)}`,
    'Please review the strategy and record the outcome: extend it (with a new review date), vary its restrictions, or end it. The person will be told of the outcome in writing by email and post.',
    `Record the outcome at POST /strategies/${s.id}/review.`,
  ].join('\n\n');
  await sendEmail({ to, subject, text, html: textToHtml(text) });
}

// --- the sweep -----------------------------------------------------------------------

export interface SweepResult {
  strategyId: string;
  actions: ReviewAction[];
  failed?: boolean;
}

/**
 * Marks an ACTIVE strategy REVIEW_DUE on its review date. The restrictions stay in
 * force: the person's screening snapshot keeps the strategy, now REVIEW_DUE. The
 * status condition is the claim: a second sweep finds it REVIEW_DUE and does nothing.
 */
async function markReviewDue(s: StrategyRecord): Promise<StrategyRecord | undefined> {
  let current = s;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!allows(current.status, 'mark-review-due')) return undefined;
    const person = await getServiceUserItem(current.serviceUserId);
    if (!person) throw new Error('strategy without its service user');
    const at = nowIso();
    const next: StrategyRecord = { ...current, status: 'REVIEW_DUE', version: current.version + 1, updatedAt: at };
    const inForce = (person.inForce ?? []).some((f) => f.strategyId === next.id)
      ? person.inForce.map((f) => (f.strategyId === next.id ? inForceOf(next) : f))
      : [...(person.inForce ?? []), inForceOf(next)];
    // ACTIVE at the version read, and still about the same review date.
    const active = inState('ACTIVE', current.version);
    try {
      await commit([
        strategyUpdate(next, ['status', 'version', 'updatedAt'], { ...active, expression: `${active.expression} AND reviewDate = :c_review`, values: { ...active.values, ':c_review': current.reviewDate } }),
        strategyHistoryWrite(next.id, { at, actor: SYSTEM_ACTOR, event: 'REVIEW_DUE', summary: `Review date ${next.reviewDate} reached: due for review; the restrictions stay in force until it is decided`, fromStatus: 'ACTIVE', toStatus: 'REVIEW_DUE' }),
        ...strategyTimelineWrites(next, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_REVIEW_DUE', summary: `Contact strategy ${next.id} is due for review (review date ${next.reviewDate}); its restrictions stay in force until the review is decided`, ref: { status: 'REVIEW_DUE' } }),
        ...setInForceWrites(person, inForce),
      ]);
      return next;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      // The strategy or the person's snapshot changed meanwhile: read again and re-decide.
      const again = await readRecord(current.id);
      if (!again || again.reviewDate !== s.reviewDate) return undefined;
      current = again;
    }
  }
  return undefined;
}

async function readRecord(id: string): Promise<StrategyRecord | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.strategy(id));
  return item ? toStrategyRecord(item) : undefined;
}

/**
 * Everything due today for one strategy, each at most once: plan from what was
 * already claimed for its review date, then claim each action before acting on it.
 */
export async function sweepStrategy(strategyId: string, today: string): Promise<SweepResult> {
  let s = await readRecord(strategyId);
  if (!s) return { strategyId, actions: [] };
  const done = await claimedActions(s.id, s.reviewDate);
  const planned = planReview({ status: s.status, reviewDate: s.reviewDate, done }, today, reviewSettings());
  const result: SweepResult = { strategyId, actions: [] };
  if (planned.length === 0) return result;
  const person = await getServiceUserItem(s.serviceUserId);
  if (!person) throw new Error('strategy without its service user');

  for (const action of planned) {
    if (action === 'MARK_DUE') {
      const next = await markReviewDue(s);
      if (next) {
        s = next;
        result.actions.push(action);
      }
      continue;
    }
    const proposer = proposerEmail(s);
    const to = action === 'REMIND' && proposer ? [...new Set([proposer, config.SOM_EMAIL])] : [config.SOM_EMAIL];
    const recipients = action === 'REMIND' ? (proposer ? ['the proposer', 'the Statutory Operations Manager'] : ['the Statutory Operations Manager']) : ['the Statutory Operations Manager'];
    if (!(await claim(s, action, recipients))) continue;
    try {
      await reviewEmail(s, person, action, to, today);
      result.actions.push(action);
    } catch (err) {
      logger.error('review email not sent; claim released', { strategyId, action, errorName: (err as Error)?.name });
      await release(s, action);
      result.failed = true;
    }
  }
  return result;
}

export interface SweepSummary {
  today: string;
  horizon: string;
  examined: number;
  reminded: number;
  markedDue: number;
  escalated: number;
  failed: number;
  /** False when the run stopped early (out of time); `nextCursor` resumes it. */
  complete: boolean;
  nextCursor?: string;
}

export interface SweepOptions {
  today?: string;
  /** Strategies read per page of the review index. */
  pageSize?: number;
  /** Strategies handled at once within a page (bounded concurrency). */
  concurrency?: number;
  /** Called between pages; true stops the run (the Lambda is running out of time). */
  outOfTime?: () => boolean;
  /** Resumes a run that stopped early. */
  cursor?: string;
}

/**
 * The daily review sweep: walks the review index (GSI3) up to today +
 * REVIEW_REMINDER_DAYS, a page at a time, and handles each strategy on it in
 * small concurrent batches. The index only holds strategies in force, so it is the
 * sweep's whole work list, and no Scan is needed however many strategies there are.
 * One strategy failing is logged (by id) and counted; the others go on.
 */
export async function runReviewSweep(opts: SweepOptions = {}): Promise<SweepSummary> {
  const today = opts.today ?? ukToday();
  const horizon = sweepHorizon(today, reviewSettings());
  const pageSize = opts.pageSize ?? 50;
  const concurrency = opts.concurrency ?? 5;
  const summary: SweepSummary = { today, horizon, examined: 0, reminded: 0, markedDue: 0, escalated: 0, failed: 0, complete: true };
  let start = decodeCursor(opts.cursor);
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: INDEX.GSI3,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :hi',
        ExpressionAttributeValues: { ':pk': 'REVIEW', ':hi': upTo(horizon) },
        ProjectionExpression: 'id',
        Limit: pageSize,
        ExclusiveStartKey: start,
      }),
    );
    const ids = (res.Items ?? []).map((i) => i.id as string);
    for (let i = 0; i < ids.length; i += concurrency) {
      const batch = ids.slice(i, i + concurrency);
      const settled = await Promise.allSettled(batch.map((id) => sweepStrategy(id, today)));
      settled.forEach((r, j) => {
        summary.examined++;
        if (r.status === 'rejected') {
          summary.failed++;
          logger.error('review sweep failed for a strategy', { strategyId: batch[j], errorName: (r.reason as Error)?.name });
          return;
        }
        if (r.value.failed) summary.failed++;
        for (const a of r.value.actions) {
          if (a === 'REMIND') summary.reminded++;
          else if (a === 'MARK_DUE') summary.markedDue++;
          else summary.escalated++;
        }
      });
    }
    start = res.LastEvaluatedKey;
    if (start && opts.outOfTime?.()) {
      summary.complete = false;
      summary.nextCursor = encodeCursor(start);
      break;
    }
  } while (start);
  return summary;
}

// --- review outcomes (shared with breach decisions) ------------------------------------

export interface OutcomeInput {
  outcome: ReviewOutcome;
  nextReviewDate?: string;
  restrictions?: Restriction[];
  notes: string;
}

export interface PreparedOutcome {
  next: Reviewed;
  writes: Write[];
  letterKind: LetterKind;
  /** Names the NOTIFY execution (and the letters' delivery key): once per outcome. */
  requestId: string;
}

const OUTCOME_WORDS: Record<ReviewOutcome, { event: string; kind: string; done: string }> = {
  EXTEND: { event: 'EXTENDED', kind: 'STRATEGY_EXTENDED', done: 'extended' },
  VARY: { event: 'VARIED', kind: 'STRATEGY_VARIED', done: 'varied' },
  END: { event: 'ENDED', kind: 'STRATEGY_ENDED', done: 'ended' },
};

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
export async function prepareOutcome(current: StrategyRecord, input: OutcomeInput, actor: Actor, opts: { breachId?: string; paths?: { nextReviewDate?: string } } = {}): Promise<PreparedOutcome> {
  const datePath = opts.paths?.nextReviewDate ?? 'nextReviewDate';
  const today = ukToday();
  const errors: FieldError[] = reviewOutcomeShapeErrors(input).map((e) => (e.path === 'nextReviewDate' ? { ...e, path: datePath } : e));
  const person = await getServiceUserItem(current.serviceUserId);
  if (!person) throw notFound(`No service user ${current.serviceUserId}.`);
  let restrictions = current.restrictions;
  if (input.outcome === 'VARY' && input.restrictions) {
    const named = [...current.caseIds, ...input.restrictions.flatMap((r) => ('caseIds' in r ? r.caseIds : []))];
    const cases = await getCases(named);
    const facts = new Map<string, CaseFacts>([...cases].map(([id, k]) => [id, { id, serviceUserId: k.serviceUserId, reference: k.reference, status: k.status }]));
    const checked = strategyContentErrors(
      // A missing date is reported by the shape rule; check the restrictions against a date that passes.
      { serviceUserId: current.serviceUserId, caseIds: current.caseIds, reviewDate: input.nextReviewDate ?? '9999-12-31', restrictions: input.restrictions },
      { person, cases: facts, today, maxReviewMonths: config.MAX_REVIEW_MONTHS },
    );
    restrictions = checked.restrictions;
    // The date is checked below, under its own name.
    errors.push(...checked.errors.filter((e) => e.path !== 'reviewDate'));
  }
  if (input.nextReviewDate !== undefined && input.outcome !== 'END') errors.push(...reviewDateWithinLimits(input.nextReviewDate, today, config.MAX_REVIEW_MONTHS, datePath));
  if (errors.length > 0) throw brokenRules(errors);

  const at = nowIso();
  const status = STATUS_AFTER[input.outcome];
  const lastReview: ReviewRecord = {
    outcome: input.outcome,
    notes: input.notes,
    decidedBy: actor,
    decidedAt: at,
    reviewDate: current.reviewDate,
    ...(input.outcome !== 'END' && input.nextReviewDate ? { nextReviewDate: input.nextReviewDate } : {}),
    ...(opts.breachId ? { breachId: opts.breachId } : {}),
  };
  const next: Reviewed = {
    ...current,
    status,
    reviewDate: input.outcome === 'END' ? current.reviewDate : (input.nextReviewDate as string),
    restrictions,
    version: current.version + 1,
    updatedAt: at,
    lastReview,
    ...(input.outcome === 'END' ? { endedAt: at } : {}),
  };
  const fields = ['status', 'reviewDate', 'restrictions', 'version', 'updatedAt', 'lastReview', ...(input.outcome === 'END' ? ['endedAt'] : [])] as (keyof StrategyRecord)[];
  const inForce = (person.inForce ?? []).filter((f) => f.strategyId !== current.id);
  if (status !== 'ENDED') inForce.push(inForceOf(next));

  const w = OUTCOME_WORDS[input.outcome];
  const why = opts.breachId ? ` after breach ${opts.breachId}` : '';
  const detail =
    input.outcome === 'EXTEND'
      ? `continues unchanged until its next review by ${next.reviewDate}`
      : input.outcome === 'VARY'
        ? `now has ${restrictions.length} restriction${restrictions.length === 1 ? '' : 's'} (${restrictions.map((r) => r.type).join(', ')}) until its next review by ${next.reviewDate}`
        : 'has ended: its restrictions are lifted';
  const writes: Write[] = [
    strategyUpdate(next, fields, inState(current.status, current.version)),
    strategyHistoryWrite(current.id, { at, actor, event: w.event, summary: `Reviewed${why}: ${w.done} by ${actor.name}; ${detail}. Notes: ${input.notes}`, fromStatus: current.status, toStatus: status }),
    ...strategyTimelineWrites(next, {
      at,
      actor,
      kind: w.kind,
      summary: `Contact strategy ${current.id} ${w.done}${why} by ${actor.name}: it ${detail}. Notes: ${input.notes}`,
      ref: { status, ...(opts.breachId ? { breachId: opts.breachId } : {}) },
    }),
    ...setInForceWrites(person, inForce),
  ];
  return { next, writes, letterKind: LETTER_OF_OUTCOME[input.outcome], requestId: opts.breachId ? `breach-${opts.breachId}` : `review-v${next.version}` };
}

/** Starts the NOTIFY phase that tells the person of the outcome by email and post. */
export async function notifyOutcome(prepared: Pick<PreparedOutcome, 'next' | 'letterKind' | 'requestId'>): Promise<void> {
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
  const now = await readRecord(id);
  if (!now) return notFound(`No strategy ${id}.`);
  return allows(now.status, 'review')
    ? conflict(`The strategy (now ${now.status}, version ${now.version}) was changed by someone else meanwhile; read it again and retry.`)
    : wrongState('strategy', now.status, verb);
}

/**
 * `POST /strategies/{id}/review`: the Statutory Operations Manager's decision on a
 * strategy ACTIVE or REVIEW_DUE (409 otherwise). Commits the outcome (see
 * `prepareOutcome`), then starts the NOTIFY phase with the matching letter.
 */
export async function decideReview(id: string, input: OutcomeInput, actor: Actor): Promise<Strategy> {
  for (let attempt = 0; ; attempt++) {
    const current = await requireStrategy(id);
    if (!allows(current.status, 'review')) throw wrongState('strategy', current.status, 'reviewed');
    const prepared = await prepareOutcome(current, input, actor);
    try {
      await commit(prepared.writes);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      if (err.write === STRATEGY_WRITE) throw await strategyMovedOn(id, 'reviewed');
      // The person's screening snapshot changed meanwhile (another strategy, a contact point): read again and retry.
      if (attempt >= 3) throw conflict('The service user changed while the review was being recorded; please retry.');
      continue;
    }
    await notifyOutcome(prepared);
    return requireStrategy(id);
  }
}
