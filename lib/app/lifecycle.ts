/**
 * The state machine's approval and completion tasks (the functions/lifecycle-*.ts
 * handlers only parse and call these): ask for a decision, wait for it, chase it,
 * and, once the person has been told, activate the strategy or record that they
 * were told. Emails to staff name the service user and the cases (never an id),
 * so that whoever reads one knows what it is about.
 */
import { config } from '../config.js';
import type { DeliveryOutcome, Deliveries } from '../domain/timeline-words.js';
import { nowIso } from '../clock.js';
import { decisionChaseRecipients, decisionTimeouts, type DecisionTimeouts } from '../domain/approval.js';
import type { LetterKind } from '../domain/letter.js';
import { decisionEscalation, decisionReminder, decisionRequest, noDecisionMade, NOT_ON_RECORD, type SubmittedStrategy } from '../domain/staff-emails.js';
import { notificationState } from '../domain/post.js';
import { allows, proposerEmail } from '../domain/strategy-rules.js';
import { getLetter } from '../store/letters.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, SYSTEM_ACTOR } from '../store/db.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences, decisionRequestedFor, decisionRequestedWrite, getStrategy, strategyHistoryWrite, strategyTimelineWrites, type StrategyRecord } from '../store/strategies.js';
import type { LifecycleInput } from '../workflow.js';
import { emailStaff } from './staff-email.js';
import { alertSom } from './not-notified.js';
import { settleAwaitingStrategy, tellSomIfNothingReached } from './post.js';
import { activateStrategy, awaitPosting, markNotNotified, NotAwaitingApproval, saveApprovalToken } from './strategies.js';

/** Raised when the strategy is no longer awaiting a decision: the state machine ends quietly. */
export class StrategyNotPending extends Error {
  constructor(strategyId: string, status: string) {
    super(`Strategy ${strategyId} is ${status}, not PENDING_APPROVAL`);
    this.name = 'StrategyNotPending';
  }
}

interface About {
  strategy: StrategyRecord;
  /** What the staff emails say about it. */
  brief: SubmittedStrategy;
}

async function about(strategyId: string): Promise<About> {
  const strategy = await getStrategy(strategyId);
  if (!strategy) throw new Error(`No strategy ${strategyId}`);
  const [person, caseRefs] = await Promise.all([getServiceUserItem(strategy.serviceUserId), caseReferences(strategy.caseIds)]);
  return {
    strategy,
    brief: {
      personName: person?.name ?? NOT_ON_RECORD.person,
      caseRefs,
      proposerName: strategy.proposedBy.name,
      restrictionTypes: strategy.restrictions.map((r) => r.type),
      reviewDate: strategy.reviewDate,
    },
  };
}

/**
 * First task of APPROVAL: asks the Statutory Operations Manager to decide, once per
 * submission, and returns the decision-wait timeouts. The request is recorded on
 * the strategy (`decisionRequestedFor`, the submission's `submittedAt`) once the
 * email has gone, so an execution re-driven for the same submission (the local
 * stack restarted) does not ask again, while a failed send is retried.
 */
export async function requestDecision(input: LifecycleInput): Promise<DecisionTimeouts> {
  const a = await about(input.strategyId);
  if (!allows(a.strategy.status, 'decide')) throw new StrategyNotPending(a.strategy.id, a.strategy.status);
  const submission = a.strategy.submittedAt;
  const alreadyAsked = submission !== undefined && (await decisionRequestedFor(a.strategy.id)) === submission;
  if (!alreadyAsked) {
    await emailStaff([config.SOM_EMAIL], decisionRequest(a.brief));
    if (submission !== undefined) await recordDecisionRequested(a.strategy.id, submission);
  }
  logger.info('decision requested', { strategyId: a.strategy.id, alreadyAsked });
  return decisionTimeouts(config.DECISION_REMINDER_HOURS);
}

async function recordDecisionRequested(strategyId: string, submittedAt: string): Promise<void> {
  try {
    await commit([decisionRequestedWrite(strategyId, submittedAt)]);
  } catch (err) {
    // Submitted again meanwhile: that submission's own execution asks.
    if (!(err instanceof ConditionFailed)) throw err;
  }
}

/**
 * Each decision wait: stores the task token on the strategy (only while it awaits
 * a decision). The token is handled here and in the store only; never logged.
 */
export async function awaitDecision(input: { strategyId: string; taskToken: string }): Promise<void> {
  try {
    await saveApprovalToken(input.strategyId, input.taskToken);
  } catch (err) {
    if (err instanceof NotAwaitingApproval) {
      const s = await getStrategy(input.strategyId);
      throw new StrategyNotPending(input.strategyId, s?.status ?? 'unknown');
    }
    throw err;
  }
}

export type OverdueStage = 'REMIND' | 'ESCALATE' | 'EXPIRE' | 'REQUEST_FAILED' | 'WAIT_FAILED';

/**
 * What happens when a decision wait ends without a decision, or the wait could not
 * be set up: a reminder, an escalation, and in the end a record that no decision
 * was made. Each is recorded on the strategy's history and on each case.
 */
export async function decisionOverdue(input: { strategyId: string; stage: OverdueStage }): Promise<{ stage: OverdueStage; recorded: boolean }> {
  const a = await about(input.strategyId);
  const id = a.strategy.id;
  if (!allows(a.strategy.status, 'decide') && (input.stage === 'REMIND' || input.stage === 'ESCALATE')) {
    // Decided in the moment between the timeout and this task: nothing to chase.
    return { stage: input.stage, recorded: false };
  }
  const proposer = proposerEmail(a.strategy);
  let kind: 'STRATEGY_DECISION_REMINDER' | 'STRATEGY_DECISION_ESCALATED' | 'STRATEGY_NO_DECISION' | 'STRATEGY_DECISION_REQUEST_FAILED' | 'STRATEGY_DECISION_WAIT_FAILED';
  switch (input.stage) {
    case 'REMIND':
      await emailStaff(decisionChaseRecipients('REMIND', config.SOM_EMAIL, proposer), decisionReminder(a.brief));
      kind = 'STRATEGY_DECISION_REMINDER';
      break;
    case 'ESCALATE':
      await emailStaff(decisionChaseRecipients('ESCALATE', config.SOM_EMAIL, proposer), decisionEscalation(a.brief, proposer !== undefined));
      kind = 'STRATEGY_DECISION_ESCALATED';
      break;
    case 'EXPIRE':
      await emailStaff(decisionChaseRecipients('EXPIRE', config.SOM_EMAIL, proposer), noDecisionMade(a.brief)).catch((err: unknown) => {
        // The record below matters more than this email: keep going.
        logger.warn('no-decision email failed', { strategyId: id, error: (err as Error).name });
      });
      kind = 'STRATEGY_NO_DECISION';
      break;
    case 'REQUEST_FAILED':
      kind = 'STRATEGY_DECISION_REQUEST_FAILED';
      break;
    case 'WAIT_FAILED':
      kind = 'STRATEGY_DECISION_WAIT_FAILED';
      break;
  }
  const at = nowIso();
  await commit([
    strategyHistoryWrite(id, { at, actor: SYSTEM_ACTOR, event: kind, fields: {} }),
    ...strategyTimelineWrites(a.strategy, { at, actor: SYSTEM_ACTOR, kind, fields: {} }),
  ]);
  logger.info('decision overdue step recorded', { strategyId: id, stage: input.stage });
  return { stage: input.stage, recorded: true };
}

/**
 * Where the branches left the person: an email accepted tells them; a posted letter
 * tells them once it went to the printer or was posted, read from the letter as it
 * stands now (the post-queue consumer may already have handed it over).
 */
async function notificationStateOf(delivery: BranchResult[]) {
  const routes = await Promise.all(
    delivery.map(async (d) => {
      const posted = d.channel === 'POST' && d.result.letterId ? await getLetter(d.result.letterId) : undefined;
      return { channel: d.channel, outcome: d.result.outcome, letterStatus: posted?.status };
    }),
  );
  return notificationState(routes);
}

/** One branch's result, as the Parallel state hands it to the completion task. */
/** How the letters went by each route, for the timeline. */
function deliveriesOf(delivery: readonly BranchResult[]): Deliveries {
  const by = (channel: 'EMAIL' | 'POST') => delivery.find((d) => d.channel === channel)?.result.outcome as DeliveryOutcome | undefined;
  const [byEmail, byPost] = [by('EMAIL'), by('POST')];
  return { ...(byEmail ? { byEmail } : {}), ...(byPost ? { byPost } : {}) };
}

export interface BranchResult {
  channel: 'EMAIL' | 'POST';
  result: { outcome: string; letterId: string | null };
}

/**
 * The last task, reached only after every letter was sent, queued, or recorded as
 * failed. An IMPLEMENTED letter puts the strategy in force when at least one letter
 * was accepted for delivery; when every route failed the strategy becomes
 * NOT_NOTIFIED (not in force) and the Statutory Operations Manager is emailed (a
 * failure of that email is recorded, not retried: the strategy is in their inbox).
 * Other kinds (review and breach outcomes) record that the person was told.
 */
export async function completeNotification(input: { strategyId: string; letterKind: LetterKind; requestId: string; delivery?: BranchResult[] }): Promise<{ status: string }> {
  const outcomes = (input.delivery ?? []).map((d) => `${d.channel.toLowerCase()} ${d.result.outcome.toLowerCase().replace('_', ' ')}`).join(', ') || 'no deliveries';
  const deliveries = deliveriesOf(input.delivery ?? []);
  if (input.letterKind === 'IMPLEMENTED') {
    // Without the branches' results (an older execution), activation stands as it did.
    const state = input.delivery === undefined ? 'TOLD' : await notificationStateOf(input.delivery);
    if (state === 'AWAITING_POSTING') {
      await awaitPosting(input.strategyId);
      // The letter may have been posted between the read above and the mark: settle it now if so.
      await settleAwaitingStrategy(input.strategyId);
      const s = await getStrategy(input.strategyId);
      logger.info('strategy approved: in force once its letter is posted', { strategyId: input.strategyId });
      return { status: s?.status ?? 'APPROVED' };
    }
    if (state === 'TOLD') {
      const s = await activateStrategy(input.strategyId);
      logger.info('strategy activated', { strategyId: input.strategyId });
      return { status: s.status };
    }
    const { strategy, changed } = await markNotNotified(input.strategyId, deliveries);
    logger.warn('strategy not in force: no letter reached the person', { strategyId: input.strategyId });
    if (changed) await alertSom(strategy, outcomes);
    return { status: strategy.status };
  }
  const s = await getStrategy(input.strategyId);
  if (!s) throw new Error(`No strategy ${input.strategyId}`);
  const at = nowIso();
  const fields = { letterKind: input.letterKind, ...deliveries };
  await commit([
    strategyHistoryWrite(s.id, { at, actor: SYSTEM_ACTOR, event: 'NOTIFIED_BY_LETTER', fields }),
    ...strategyTimelineWrites(s, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_LETTERS_SENT', fields, ref: { letterKind: input.letterKind } }),
  ]);
  await tellSomOfFailedLetters(input.delivery);
  return { status: s.status };
}

/** WARN, last task: a warning letter that failed on every route is seen, as a strategy's are. */
export async function completeWarningLetters(input: { warningId: string; delivery?: BranchResult[] }): Promise<{ warningId: string }> {
  await tellSomOfFailedLetters(input.delivery);
  return { warningId: input.warningId };
}

/** A letter that failed on every route is seen: the Statutory Operations Manager is emailed, once for the delivery (not once per failed route). */
async function tellSomOfFailedLetters(delivery: BranchResult[] | undefined): Promise<void> {
  for (const d of delivery ?? []) {
    const failed = d.result.outcome === 'FAILED' && d.result.letterId ? await getLetter(d.result.letterId) : undefined;
    if (failed && (await tellSomIfNothingReached(failed))) return;
  }
}
