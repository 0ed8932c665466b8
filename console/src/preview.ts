/**
 * What screening is expected to decide, shown on the desk while the member of
 * staff fills in the contact. It runs the API's own pure screening rules
 * (lib/domain/screening.ts) over the person's strategies and logged calls, so the
 * preview and the API cannot disagree on the rules; the decision that counts is
 * still the one `POST /contacts/screen` returns when the contact is logged.
 */
import { periodKeysOf, screenContact, type ScreenOutcome } from '../../lib/domain/screening.js';
import type { CallCounts, StrategyInForce } from '../../lib/schemas/restrictions.js';
import type { Channel } from './labels.js';
import type { Contact, Strategy } from './types.js';

export function inForceOf(strategies: Strategy[]): StrategyInForce[] {
  return strategies
    .filter((s) => s.status === 'ACTIVE' || s.status === 'REVIEW_DUE')
    .map((s) => ({ strategyId: s.id, status: s.status as 'ACTIVE' | 'REVIEW_DUE', caseIds: s.caseIds, restrictions: s.restrictions as StrategyInForce['restrictions'], reviewDate: s.reviewDate ?? '' }));
}

/** Inbound calls per UK day, ISO week and month, keyed as the screening snapshot keys them. */
export function callCountsOf(contacts: Pick<Contact, 'channel' | 'direction' | 'occurredAt'>[]): CallCounts {
  const counts: CallCounts = {};
  for (const c of contacts) {
    if (c.channel !== 'PHONE' || c.direction === 'OUTBOUND') continue;
    for (const k of Object.values(periodKeysOf(new Date(c.occurredAt)))) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Far enough back to see every call counting towards this day's, week's or month's limit. */
export function countingFrom(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  d.setUTCDate(d.getUTCDate() - 8);
  return d.toISOString();
}

export function preview(inForce: StrategyInForce[], callCounts: CallCounts, input: { channel: Channel; caseId?: string; freshMatter: boolean; from?: string }): ScreenOutcome {
  return screenContact({ channel: input.channel, caseId: input.caseId, freshMatter: input.freshMatter, from: input.from }, { inForce, callCounts }, new Date());
}

export { periodKeysOf };
