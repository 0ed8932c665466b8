/**
 * `POST /strategies/{id}/copy`: a new DRAFT with the same content as a strategy that is
 * REJECTED, ENDED or NOT_NOTIFIED, proposed by whoever copies it. The content is
 * copied as it stands (a draft may be incomplete or out of date, e.g. a review date
 * that has passed): it is edited, and every rule checked, before it is submitted.
 * Whoever drafted, edited, submitted or decided the original may not decide the copy.
 */
import type { Actor } from '../domain/staff.js';
import { nowIso } from '../clock.js';
import { originalParticipantsOf } from '../domain/approval.js';
import { COPYABLE_IN_WORDS, mayCopy } from '../domain/strategy-copy.js';
import { wrongState } from '../errors.js';
import type { Write } from '../store/db.js';
import { historyEntry, newStrategyWrite, strategyHistoryWrite, strategyTimelineWrites, type Strategy } from '../store/strategies.js';
import { newDraftRecord, requireStrategy } from './strategies.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';

/** `POST /strategies/{id}/copy`: a new DRAFT from a strategy no longer in play, once per `Idempotency-Key`. */
export function copyStrategy(id: string, actor: Actor, proposerEmail: string | undefined, idempotency?: IdempotencyScope): Promise<Strategy> {
  return once(idempotency, () => draftCopy(id, actor, proposerEmail));
}

async function draftCopy(id: string, actor: Actor, proposerEmail: string | undefined): Promise<Produced<Strategy>> {
  const source = await requireStrategy(id);
  if (!mayCopy(source.status)) throw wrongState('strategy', source.status, 'copied', COPYABLE_IN_WORDS);
  const at = nowIso();
  // The copy remembers who took part in the original, so that none of them decides it (four eyes survive a copy).
  const record = newDraftRecord({ ...source, copiedFrom: source.id, originalParticipants: originalParticipantsOf(source) }, actor, at, proposerEmail);
  const history = historyEntry({ at, actor, event: 'DRAFTED', fields: { restrictionCount: record.restrictions.length, copiedFromStatus: source.status }, toStatus: record.status });
  const writes: Write[] = [
    newStrategyWrite(record),
    strategyHistoryWrite(record.id, history),
    ...strategyTimelineWrites(record, { at, actor, kind: 'STRATEGY_DRAFTED', fields: { copiedFromStatus: source.status }, ref: { status: record.status } }),
  ];
  return { result: { ...record, letters: [], history: [history] }, writes };
}
