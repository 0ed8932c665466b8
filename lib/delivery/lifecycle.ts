import { config } from '../config.js';
import { nowIso } from '../clock.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, getItem, named, SYSTEM_ACTOR } from '../store/db.js';
import { getCases, getStrategy, activateStrategy, NotAwaitingApproval, saveApprovalToken, STRATEGY_WRITE, strategyHistoryWrite, strategyTimelineWrites, type StrategyRecord } from '../store/strategies.js';
import { KEY } from '../store/table.js';
import { getServiceUserItem } from '../store/service-users.js';
import type { LetterKind, LifecycleInput } from '../workflow.js';
import { sendEmail, textToHtml } from './email.js';

/**
 * The logic behind the state machine's approval and completion tasks (the
 * functions/lifecycle-*.ts handlers only parse and call these). Emails to staff
 * name the service user and the strategy id (contract: *Authentication and roles*).
 */

/** How long each decision wait lasts, in seconds. */
export interface DecisionTimeouts {
  /** Until the reminder. */
  reminderSeconds: number;
  /** From the reminder until the escalation. */
  escalationSeconds: number;
  /** From the escalation until "no decision was made" (longer, still bounded). */
  finalSeconds: number;
}

/**
 * Each wait is capped at six days, so the three together (at most 18 days) stay
 * inside the execution's own 20-day bound (the ASL's TimeoutSeconds) and inside
 * what a JavaScript timer can hold (24.8 days) when the definition runs locally.
 * With the default 72 hours: remind after 3 days, escalate 3 days later, and record
 * that no decision was made 6 days after that.
 */
export const MAX_WAIT_SECONDS = 6 * 24 * 3600;

export function decisionTimeouts(reminderHours: number, overrideSeconds?: number): DecisionTimeouts {
  const base = overrideSeconds !== undefined && Number.isInteger(overrideSeconds) && overrideSeconds >= 1 ? overrideSeconds : reminderHours * 3600;
  const cap = (s: number) => Math.max(1, Math.min(MAX_WAIT_SECONDS, Math.round(s)));
  return { reminderSeconds: cap(base), escalationSeconds: cap(base), finalSeconds: cap(base * 2) };
}

/** Raised when the strategy is no longer awaiting a decision: the state machine ends quietly. */
export class StrategyNotPending extends Error {
  constructor(strategyId: string, status: string) {
    super(`Strategy ${strategyId} is ${status}, not PENDING_APPROVAL`);
    this.name = 'StrategyNotPending';
  }
}

interface About {
  strategy: StrategyRecord;
  personName: string;
  caseRefs: string[];
}

async function about(strategyId: string): Promise<About> {
  const strategy = await getStrategy(strategyId);
  if (!strategy) throw new Error(`No strategy ${strategyId}`);
  const [person, cases] = await Promise.all([getServiceUserItem(strategy.serviceUserId), getCases(strategy.caseIds)]);
  return {
    strategy,
    personName: person?.name ?? `service user ${strategy.serviceUserId}`,
    caseRefs: strategy.caseIds.map((id) => cases.get(id)?.reference ?? id),
  };
}

/** The proposer's mailbox, when the strategy records it. */
function proposerEmail(s: StrategyRecord): string | undefined {
  const r = s as StrategyRecord & { proposedByEmail?: string; proposedBy: { email?: string } };
  return r.proposedByEmail ?? r.proposedBy.email;
}

function facts(a: About): string {
  return [
    `Service user: ${a.personName}`,
    `Strategy id: ${a.strategy.id}`,
    `Cases: ${a.caseRefs.join(', ')}`,
    `Proposed by: ${a.strategy.proposedBy.name}`,
    `Restrictions: ${a.strategy.restrictions.map((r) => r.type).join(', ')}`,
    `Proposed review date: ${a.strategy.reviewDate}`,
  ].join('\n');
}

const HOW_TO_DECIDE = (id: string) =>
  `Please approve or reject it in the case system (POST /strategies/${id}/decision). Policy 1.5 asks that you are consulted before a contact strategy is put in place; nobody may decide on a strategy they proposed.`;

async function emailStaff(to: string[], subject: string, text: string): Promise<void> {
  await sendEmail({ to, subject, text, html: textToHtml(text) });
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
  if (a.strategy.status !== 'PENDING_APPROVAL') throw new StrategyNotPending(a.strategy.id, a.strategy.status);
  const submission = a.strategy.submittedAt;
  const requested = await getItem<{ decisionRequestedFor?: string }>(KEY.strategy(a.strategy.id));
  const alreadyAsked = submission !== undefined && requested?.decisionRequestedFor === submission;
  if (!alreadyAsked) {
    await emailStaff(
      [config.SOM_EMAIL],
      `Decision needed: contact strategy ${a.strategy.id} for ${a.personName}`,
      `A contact strategy for ${a.personName} (strategy ${a.strategy.id}) has been submitted and needs your decision.\n\n${facts(a)}\n\n${HOW_TO_DECIDE(a.strategy.id)}`,
    );
    if (submission !== undefined) await recordDecisionRequested(a.strategy.id, submission);
  }
  logger.info('decision requested', { strategyId: a.strategy.id, alreadyAsked });
  return decisionTimeouts(config.DECISION_REMINDER_HOURS);
}

async function recordDecisionRequested(strategyId: string, submittedAt: string): Promise<void> {
  try {
    await commit([
      named(STRATEGY_WRITE, {
        Update: { Key: KEY.strategy(strategyId), UpdateExpression: 'SET decisionRequestedFor = :s', ConditionExpression: 'submittedAt = :s', ExpressionAttributeValues: { ':s': submittedAt } },
      }),
    ]);
  } catch (err) {
    // Submitted again meanwhile: that submission's own execution asks.
    if (!(err instanceof ConditionFailed)) throw err;
  }
}

/**
 * Each decision wait: stores the task token on the strategy (conditional on
 * PENDING_APPROVAL). The token is handled here and in the store only; never logged.
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
  if (a.strategy.status !== 'PENDING_APPROVAL' && (input.stage === 'REMIND' || input.stage === 'ESCALATE')) {
    // Decided in the moment between the timeout and this task: nothing to chase.
    return { stage: input.stage, recorded: false };
  }
  const proposer = proposerEmail(a.strategy);
  const staffTo = [config.SOM_EMAIL, ...(proposer && proposer !== config.SOM_EMAIL ? [proposer] : [])];
  let kind: string;
  let summary: string;
  switch (input.stage) {
    case 'REMIND':
      await emailStaff(
        [config.SOM_EMAIL],
        `Reminder: decision still needed on contact strategy ${id} for ${a.personName}`,
        `A contact strategy for ${a.personName} (strategy ${id}) is still waiting for your decision.\n\n${facts(a)}\n\n${HOW_TO_DECIDE(id)}`,
      );
      kind = 'STRATEGY_DECISION_REMINDER';
      summary = `The Statutory Operations Manager was reminded that contact strategy ${id} awaits a decision`;
      break;
    case 'ESCALATE':
      await emailStaff(
        staffTo,
        `Escalation: no decision yet on contact strategy ${id} for ${a.personName}`,
        `Contact strategy ${id} for ${a.personName} has waited for a decision through a reminder and is now escalated to the Statutory Operations Manager and the proposer, ${a.strategy.proposedBy.name}.${proposer ? '' : ' (The proposer has no email address on record and was not emailed.)'}\n\n${facts(a)}\n\n${HOW_TO_DECIDE(id)}`,
      );
      kind = 'STRATEGY_DECISION_ESCALATED';
      summary = `No decision on contact strategy ${id} after a reminder: escalated to the Statutory Operations Manager and the proposer`;
      break;
    case 'EXPIRE':
      await emailStaff(
        staffTo,
        `No decision was made on contact strategy ${id} for ${a.personName}`,
        `No decision was made on contact strategy ${id} for ${a.personName} within the decision period, despite a reminder and an escalation. It remains pending and the person has not been told of it. A decision can still be recorded; the person will then be told in writing.\n\n${facts(a)}`,
      ).catch((err: unknown) => {
        // The record below matters more than this email: keep going.
        logger.warn('no-decision email failed', { strategyId: id, error: (err as Error).name });
      });
      kind = 'STRATEGY_NO_DECISION';
      summary = `No decision was made on contact strategy ${id} within the decision period (after a reminder and an escalation)`;
      break;
    case 'REQUEST_FAILED':
      kind = 'STRATEGY_DECISION_REQUEST_FAILED';
      summary = `The Statutory Operations Manager could not be asked for a decision on contact strategy ${id}; ask them directly`;
      break;
    case 'WAIT_FAILED':
      kind = 'STRATEGY_DECISION_WAIT_FAILED';
      summary = `The workflow could not wait for a decision on contact strategy ${id}; a decision can still be recorded`;
      break;
  }
  const at = nowIso();
  await commit([
    strategyHistoryWrite(id, { at, actor: SYSTEM_ACTOR, event: kind, summary }),
    ...strategyTimelineWrites(a.strategy, { at, actor: SYSTEM_ACTOR, kind, summary }),
  ]);
  logger.info('decision overdue step recorded', { strategyId: id, stage: input.stage });
  return { stage: input.stage, recorded: true };
}

/** One branch's result, as the Parallel state hands it to the completion task. */
export interface BranchResult {
  channel: 'EMAIL' | 'POST';
  result: { outcome: string; letterId: string | null };
}

/**
 * The last task, reached only after every letter was sent, queued, or recorded as
 * failed: an IMPLEMENTED letter activates the strategy; other kinds (review and
 * breach outcomes) record that the person was told.
 */
export async function completeNotification(input: { strategyId: string; letterKind: LetterKind; requestId: string; delivery?: BranchResult[] }): Promise<{ status: string }> {
  const outcomes = (input.delivery ?? []).map((d) => `${d.channel.toLowerCase()} ${d.result.outcome.toLowerCase().replace('_', ' ')}`).join(', ') || 'no deliveries';
  if (input.letterKind === 'IMPLEMENTED') {
    const s = await activateStrategy(input.strategyId);
    logger.info('strategy activated', { strategyId: input.strategyId });
    return { status: s.status };
  }
  const s = await getStrategy(input.strategyId);
  if (!s) throw new Error(`No strategy ${input.strategyId}`);
  const at = nowIso();
  const summary = `The person was told in writing of the ${input.letterKind} outcome of contact strategy ${s.id} (${outcomes})`;
  await commit([
    strategyHistoryWrite(s.id, { at, actor: SYSTEM_ACTOR, event: `NOTIFIED_${input.letterKind}`, summary }),
    ...strategyTimelineWrites(s, { at, actor: SYSTEM_ACTOR, kind: 'STRATEGY_LETTERS_SENT', summary, ref: { letterKind: input.letterKind } }),
  ]);
  return { status: s.status };
}
