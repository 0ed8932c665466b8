/**
 * What the letter-delivery tasks share, and the state machine's catch that records
 * a delivery that failed every retry. Kept apart from the senders (lib/app/letters.ts)
 * so the failure-recording Lambda does not bundle the PDF and email code it never runs.
 */
import { nowIso, ukToday } from '../clock.js';
import type { LetterKind } from '../domain/letter.js';
import { deliveryKeyOf, type LetterChannel } from '../domain/letter-routes.js';
import { LETTER_FAILED_TALLY } from '../domain/governance.js';
import { letterKindLabel } from '../domain/words.js';
import { logger } from '../observability.js';
import { figuresWrites } from '../store/governance.js';
import { commit } from '../store/db.js';
import { listLettersOf, newLetter, newLetterWrites, type LetterOwner } from '../store/letters.js';
import { getStrategy, type StrategyRecord } from '../store/strategies.js';
import { getWarning } from '../store/warnings.js';
import { renderStrategyLetter } from './strategy-letter.js';
import { renderWarning } from './warning-letter.js';

/** A letter to send: about a strategy (NOTIFY, APPROVAL), or a warning's (WARN; a warning has no strategy). */
export type DeliveryRequest = StrategyDeliveryRequest | WarningDeliveryRequest;

export interface StrategyDeliveryRequest {
  strategyId: string;
  warningId?: undefined;
  letterKind: LetterKind;
  requestId: string;
}

export interface WarningDeliveryRequest {
  warningId: string;
  strategyId?: undefined;
  letterKind: 'WARNING';
  requestId: string;
}

export interface DeliveryResult {
  outcome: 'SENT' | 'QUEUED' | 'ALREADY' | 'NO_ROUTE' | 'FAILED';
  letterId: string | null;
}

/** A strategy that should not be written about (e.g. an IMPLEMENTED letter for a rejected strategy). */
export class NotDeliverable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotDeliverable';
  }
}

/** The letter for a strategy and kind, issued today (UK); `requestId` names what an outcome letter is about (an appeal's). */
export const render = (s: StrategyRecord, kind: LetterKind, requestId?: string) => renderStrategyLetter(s, kind, { issuedOn: ukToday(), ...(requestId ? { requestId } : {}) });

/** The state machine's catch: `{ Error, Cause }` of the failed task. */
export interface TaskFailure {
  Error?: string;
  Cause?: string;
}

/** Shortens a Lambda error cause (JSON with errorMessage) to its message. */
function causeText(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON
  }
  return cause;
}

/**
 * A delivery that failed every retry, recorded as a FAILED letter on the strategy
 * and each case, so that it is seen and can be sent by hand: never lost.
 */
export async function recordDeliveryFailure(req: DeliveryRequest & { channel: LetterChannel; failure?: TaskFailure }): Promise<DeliveryResult> {
  const about = await aboutOf(req);
  const deliveryKey = deliveryKeyOf(req.letterKind, req.requestId);
  const already = (await listLettersOf(about.owner)).find((l) => l.status === 'FAILED' && l.deliveryKey === deliveryKey && l.channel === req.channel && l.requestId === req.requestId);
  if (already) return { outcome: 'FAILED', letterId: already.id };
  // The letter text is kept with the failure so it can be sent by hand; if even
  // rendering failed, the failure is still recorded.
  let subject = `${letterKindLabel(req.letterKind)} letter about ${about.words}`;
  let text = '';
  try {
    const letter = await about.render();
    subject = letter.subject;
    text = letter.text;
  } catch {
    // recorded without a copy
  }
  const error = req.failure?.Error ?? 'Unknown';
  const cause = causeText(req.failure?.Cause);
  const at = nowIso();
  const failed = newLetter(
    { ...about.owner, serviceUserId: about.serviceUserId, kind: req.letterKind, channel: req.channel, subject, text, caseIds: about.caseIds, requestId: req.requestId },
    at,
    // Short enough for the item and the timeline: the error name, and the start of its cause.
    { status: 'FAILED', failure: { error: error.slice(0, 200), ...(cause ? { cause: cause.slice(0, 1000) } : {}) } },
  );
  await commit([...newLetterWrites(failed, at), ...figuresWrites(at, failed.id, LETTER_FAILED_TALLY)]);
  logger.warn('letter delivery failed and was recorded', { ...about.owner, letterId: failed.id, channel: req.channel, error: req.failure?.Error });
  return { outcome: 'FAILED', letterId: failed.id };
}

/** What a failed letter was about: its owner, person and cases, and how to render it. */
async function aboutOf(req: DeliveryRequest): Promise<{ owner: LetterOwner; serviceUserId: string; caseIds: string[]; words: string; render: () => Promise<{ subject: string; text: string }> }> {
  if (req.warningId !== undefined) {
    const warning = await getWarning(req.warningId);
    if (!warning) throw new NotDeliverable(`No warning ${req.warningId}`);
    return { owner: { warningId: warning.id }, serviceUserId: warning.serviceUserId, caseIds: warning.caseIds, words: `warning ${warning.id}`, render: () => renderWarning(warning, { issuedOn: ukToday() }) };
  }
  const strategy = await getStrategy(req.strategyId);
  if (!strategy) throw new NotDeliverable(`No strategy ${req.strategyId}`);
  return { owner: { strategyId: strategy.id }, serviceUserId: strategy.serviceUserId, caseIds: strategy.caseIds, words: `contact strategy ${strategy.id}`, render: () => render(strategy, req.letterKind, req.requestId) };
}
