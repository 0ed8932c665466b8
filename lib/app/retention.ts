/**
 * Retention and disposal (docs/records.md, Retention and disposal): who is due,
 * legal holds, and disposals proposed by one person and decided by another.
 */
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { dueForDisposal, type RetentionVerdict } from '../domain/retention.js';
import type { Actor } from '../domain/staff.js';
import { conflict, forbidden, notFound, unprocessable, wrongState } from '../errors.js';
import { logger } from '../observability.js';
import { commit, type Page } from '../store/db.js';
import { decideDisposalWrite, getDisposal, getDisposalProgress, listDisposals, proposeDisposalWrites, type Disposal } from '../store/disposals.js';
import { legalHoldWrites, retentionCandidates, retentionFactsOf } from '../store/retention.js';
import { getServiceUserItem, toServiceUser, type ServiceUser, type ServiceUserItem } from '../store/service-users.js';
import { disposalQueue } from '../wiring.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { requireServiceUserItem } from './service-users.js';

/** Whether the person is due for disposal today, by the rule, from what is on record now. */
export async function verdictFor(person: ServiceUserItem): Promise<RetentionVerdict> {
  return dueForDisposal(await retentionFactsOf(person), ukToday(), config.RETENTION_YEARS);
}

export interface DuePerson {
  serviceUserId: string;
  name: string;
  dueSince: string;
}

/**
 * `GET /retention/due`: a page of the retention index up to today, oldest first,
 * each person decided again by the rule (the index only ever lists people early).
 * A page may hold fewer than `limit` people; `nextCursor` says whether there are more.
 */
export async function peopleDue(limit: number, cursor: string | undefined): Promise<Page<DuePerson>> {
  const page = await retentionCandidates(ukToday(), limit, cursor);
  const people = await Promise.all(page.ids.map(getServiceUserItem));
  const decided = await Promise.all(
    people.map(async (p) => {
      if (!p) return undefined;
      const verdict = await verdictFor(p);
      return verdict.due ? { serviceUserId: p.id, name: p.name, dueSince: verdict.dueSince } : undefined;
    }),
  );
  const items = decided.filter((d): d is DuePerson => d !== undefined);
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

/** Puts a legal hold on the person (replacing one already on), recorded on their history; while it is on they are never due. */
export async function setLegalHold(id: string, reason: string, actor: Actor): Promise<ServiceUser> {
  const person = await requireServiceUserItem(id);
  const at = nowIso();
  const legalHold = { reason, by: actor, at };
  await commit(legalHoldWrites(person, legalHold, actor, at));
  return toServiceUser({ ...person, legalHold, version: person.version + 1, updatedAt: at });
}

/** Lifts the legal hold (409 when there is none), recorded on the person's history. */
export async function liftLegalHold(id: string, actor: Actor): Promise<ServiceUser> {
  const person = await requireServiceUserItem(id);
  if (!person.legalHold) throw conflict('This service user is not under a legal hold, so there is none to lift.');
  const at = nowIso();
  await commit(legalHoldWrites(person, undefined, actor, at));
  const { legalHold: _lifted, ...rest } = person;
  return toServiceUser({ ...rest, version: person.version + 1, updatedAt: at });
}

/** What a verdict that is not "due" says, in words. */
export const WHY: Record<Exclude<RetentionVerdict, { due: true }>['why'] | 'NOT_FOUND', string> = {
  LEGAL_HOLD: 'a legal hold is on them',
  SOMETHING_OPEN: 'something of theirs is still open',
  NOT_YET: 'their retention period has not ended',
  NOT_FOUND: 'no such service user',
};

/** A disposal proposed (by a Statutory Operations Manager), once per `Idempotency-Key`: only people due today (422 naming each who is not). */
export function proposeDisposal(input: { serviceUserIds: string[]; reason: string }, actor: Actor, idempotency?: IdempotencyScope): Promise<Disposal> {
  return once(idempotency, () => proposal(input, actor));
}

async function proposal(input: { serviceUserIds: string[]; reason: string }, actor: Actor): Promise<Produced<Disposal>> {
  const errors: Array<{ path: string; message: string }> = [];
  await Promise.all(
    input.serviceUserIds.map(async (id, i) => {
      const person = await getServiceUserItem(id);
      const verdict = person ? await verdictFor(person) : undefined;
      if (!verdict?.due) errors.push({ path: `serviceUserIds.${i}`, message: `this service user is not due for disposal: ${WHY[verdict && !verdict.due ? verdict.why : 'NOT_FOUND']}` });
    }),
  );
  if (errors.length > 0) {
    errors.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    throw unprocessable('Only people due for disposal can be proposed.', errors);
  }
  const { disposal, writes } = proposeDisposalWrites(input.serviceUserIds, input.reason, actor, nowIso());
  return { result: disposal, writes };
}

export async function requireDisposal(id: string): Promise<Disposal> {
  const disposal = await getDisposal(id);
  if (!disposal) throw notFound('There is no such disposal.');
  return disposal;
}

/**
 * The second person's decision (four eyes: never the proposer, 403). Approved, the
 * people go to the disposal job once the decision is committed (`startDisposal`);
 * with an `Idempotency-Key`, a replay finishes that if the first attempt did not.
 */
export function decideDisposal(id: string, input: { decision: 'APPROVE' | 'REJECT'; comments: string }, actor: Actor, idempotency?: IdempotencyScope): Promise<Disposal> {
  return once(idempotency, () => decision(id, input, actor), async (first) => {
    if (first.status === 'APPROVED') await startDisposal(first.id);
  });
}

async function decision(id: string, input: { decision: 'APPROVE' | 'REJECT'; comments: string }, actor: Actor): Promise<Produced<Disposal>> {
  const current = await requireDisposal(id);
  if (current.proposedBy.sub === actor.sub) throw forbidden('Whoever proposed a disposal may not decide it: a second person must.');
  if (current.status !== 'PENDING_APPROVAL') throw wrongState('disposal', current.status, 'decided');
  const at = nowIso();
  const disposal: Disposal = {
    ...current,
    status: input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
    decidedBy: actor,
    decidedAt: at,
    decision: { decision: input.decision, comments: input.comments },
    version: current.version + 1,
    ...(input.decision === 'APPROVE' ? { counts: {}, skipped: [] } : {}),
  };
  return { result: disposal, writes: [decideDisposalWrite(current, input.decision, input.comments, actor, at)], ...(input.decision === 'APPROVE' ? { followUp: () => startDisposal(id) } : {}) };
}

/** Puts the people an approved disposal has still to do on the disposal queue (again after a crash: the job is idempotent per person). */
async function startDisposal(id: string): Promise<void> {
  const progress = await getDisposalProgress(id);
  if (!progress || progress.disposal.status !== 'APPROVED') return;
  await disposalQueue().queue(progress.remaining.map((serviceUserId) => ({ disposalId: id, serviceUserId })));
  logger.info('disposal started', { disposalId: id, people: progress.remaining.length });
}

export async function disposals(limit: number, cursor: string | undefined): Promise<Page<Disposal>> {
  return listDisposals(limit, cursor);
}
