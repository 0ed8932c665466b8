/**
 * The single point of contact between reviews (policy 1.5): the Statutory Operations
 * Manager hands it to someone else and the person is told in writing; staff name cover
 * for an absence, which screening routes to while it lasts (no letter: the person still
 * writes to the same name at the same office, and the office passes it on).
 */
import { nowIso, ukToday } from '../clock.js';
import { IN_FORCE, inForceOf } from '../domain/strategy-rules.js';
import { coverErrors, handedOver, handoverErrors, isSpocToday, spocOf } from '../domain/spoc.js';
import type { Actor } from '../domain/staff.js';
import type { FieldError } from '../domain/field-error.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import type { SpocCoverInput, SpocHandover } from '../schemas/strategies.js';
import { commit, ConditionFailed, type Page, type Write } from '../store/db.js';
import { setInForceWrites } from '../store/person-snapshot.js';
import { getServiceUserItem } from '../store/service-users.js';
import { inState, listStrategiesInForce, STRATEGY_WRITE, strategyHistoryWrite, strategyTimelineWrites, strategyUpdate, type Strategy, type StrategyRecord } from '../store/strategies.js';
import { notifyOutcome, strategyMovedOn } from './reviews.js';
import { requireStrategy } from './strategies.js';
import { refuseUnless } from './strategy-status.js';

function brokenRules(what: string, errors: FieldError[]) {
  return unprocessable(`The ${what} breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${[...new Set(errors.map((e) => e.path))].join(', ')}.`, errors);
}

/**
 * Commits a change of the strategy's single point of contact (or its cover) with its
 * history, a timeline entry on each case and the person's screening snapshot, so
 * screening routes to the right person from the moment it is committed. Retries when
 * the person's snapshot moved meanwhile; 409 when the strategy did.
 */
async function commitSpocChange(current: StrategyRecord, next: StrategyRecord, fields: (keyof StrategyRecord)[], extra: Write[], verb: string): Promise<void> {
  const person = await getServiceUserItem(current.serviceUserId);
  if (!person) throw notFound('There is no such service user.');
  const inForce = (person.inForce ?? []).filter((f) => f.strategyId !== current.id);
  if (IN_FORCE.includes(next.status)) inForce.push(inForceOf(next));
  await commit([strategyUpdate(next, fields, inState(current.status, current.version)), ...extra, ...setInForceWrites(person, inForce, new Date(next.updatedAt))]).catch(async (err: unknown) => {
    if (err instanceof ConditionFailed && err.write === STRATEGY_WRITE) throw await strategyMovedOn(current.id, verb);
    throw err;
  });
}

/** Runs `attempt` again when the person's snapshot changed under it (a racing contact point or strategy). */
async function retryingSnapshot<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ConditionFailed) || n >= 3) throw err instanceof ConditionFailed ? conflict('The service user changed while this was being recorded; please retry.') : err;
    }
  }
}

/**
 * `POST /strategies/{id}/spoc`: hands an ACTIVE or REVIEW_DUE strategy's single point
 * of contact to someone else without a review (409 in any other status; 422 when it
 * names none, or names the same person). Ends any cover (it stood in for the one handed
 * over from), then tells the person by email and post in a SPOC_CHANGED letter.
 */
export async function handOverSpoc(id: string, input: SpocHandover, actor: Actor): Promise<Strategy> {
  const next = await retryingSnapshot(async () => {
    const current = await requireStrategy(id);
    refuseUnless(current, 'hand-over-spoc');
    const errors = handoverErrors(current.restrictions, input);
    if (errors.length > 0) throw brokenRules('handover', errors);
    const from = spocOf(current.restrictions)!;
    const at = nowIso();
    const next: StrategyRecord = { ...current, restrictions: handedOver(current.restrictions, input), spocCover: undefined, version: current.version + 1, updatedAt: at };
    const fields = { by: actor.name, fromName: from.staffName, toName: input.staffName, reason: input.reason };
    await commitSpocChange(
      current,
      next,
      ['restrictions', 'spocCover', 'version', 'updatedAt'],
      [
        strategyHistoryWrite(id, { at, actor, event: 'SPOC_CHANGED', fields }),
        ...strategyTimelineWrites(next, { at, actor, kind: 'SPOC_CHANGED', fields, ref: { staffId: input.staffId } }),
      ],
      'handed to another single point of contact',
    );
    return next;
  });
  // One letter per handover: the version names the request (and the letters' delivery key).
  await notifyOutcome({ next, letterKind: 'SPOC_CHANGED', requestId: `spoc-v${next.version}` });
  return requireStrategy(id);
}

/**
 * `POST /strategies/{id}/spoc-cover`: names who covers for the single point of contact
 * from `from` to `until` (UK days, both included), replacing any cover before. No letter:
 * screening answers the cover as `spoc`, with `coverFor` naming the usual one, while it lasts.
 */
export async function coverSpoc(id: string, input: SpocCoverInput, actor: Actor): Promise<Strategy> {
  await retryingSnapshot(async () => {
    const current = await requireStrategy(id);
    refuseUnless(current, 'cover-spoc');
    const errors = coverErrors(current.restrictions, input, ukToday());
    if (errors.length > 0) throw brokenRules('cover', errors);
    const spoc = spocOf(current.restrictions)!;
    const at = nowIso();
    const spocCover = { staffId: input.staffId, staffName: input.staffName, from: input.from, until: input.until, reason: input.reason, recordedBy: actor, recordedAt: at };
    const next: StrategyRecord = { ...current, spocCover, version: current.version + 1, updatedAt: at };
    const fields = { by: actor.name, coverName: input.staffName, spocName: spoc.staffName, from: input.from, until: input.until, reason: input.reason };
    await commitSpocChange(
      current,
      next,
      ['spocCover', 'version', 'updatedAt'],
      [
        strategyHistoryWrite(id, { at, actor, event: 'SPOC_COVER', fields }),
        ...strategyTimelineWrites(next, { at, actor, kind: 'SPOC_COVER', fields, ref: { staffId: input.staffId } }),
      ],
      'given cover for its single point of contact',
    );
  });
  return requireStrategy(id);
}

/**
 * `GET /strategies?spoc=`: the strategies in force whose single point of contact, or
 * cover today, is `staffId`, earliest review first. One page: the strategies in force
 * are read from the review index (see `listStrategiesInForce`), a bounded set.
 */
export async function listStrategiesOfSpoc(staffId: string): Promise<Page<StrategyRecord>> {
  const today = ukToday();
  const items = (await listStrategiesInForce()).filter((s) => isSpocToday(s.restrictions, s.spocCover, staffId, today));
  return { items };
}
