import { ACTION_WORDS, allows, nextStatus, type StatusChange, type StatusChoice, type StrategyAction } from '../domain/strategy-rules.js';
import { wrongState } from '../errors.js';
import type { StrategyStatus } from '../schemas/restrictions.js';

/**
 * The status machine (lib/domain/strategy-rules.ts) as the use cases ask it: where
 * an action leads, or a 409 naming the state the strategy is in. `verb` overrides
 * the action's own word in that 409 (a breach decision "adjusts" by a review VARY).
 */
export function statusAfter(s: { status: StrategyStatus }, action: StatusChange, choice?: StatusChoice, verb: string = ACTION_WORDS[action]): StrategyStatus {
  const next = nextStatus(s.status, action, choice);
  if (!next) throw wrongState('strategy', s.status, verb);
  return next;
}

/** A 409 unless the strategy's status allows `action`. */
export function refuseUnless(s: { status: StrategyStatus }, action: StrategyAction): void {
  if (!allows(s.status, action)) throw wrongState('strategy', s.status, ACTION_WORDS[action]);
}
