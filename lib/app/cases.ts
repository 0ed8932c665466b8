/**
 * Cases (docs/records.md): opened against a person, concluded once, with an append-only timeline.
 */
import type { Actor } from '../domain/staff.js';
import { nowIso, ukToday } from '../clock.js';
import { config } from '../config.js';
import { caseRetainUntil } from '../domain/retention.js';
import { notFound, preconditionFailed, wrongState } from '../errors.js';
import type { ConcludeCase, CreateCase } from '../schemas/cases.js';
import { concludeCaseWrites, createCaseWrites, findCaseByReference, getCase, listCasesOfServiceUser, listTimeline, ReferenceTaken, type Case } from '../store/cases.js';
import { commit } from '../store/db.js';
import { loggedRead, type Reader, recordRead } from './access-log.js';
import { once, type IdempotencyScope } from './idempotency.js';
import { requireServiceUserItem } from './service-users.js';

/** `POST /cases`: a new case with the next reference number of the year, opened once per `Idempotency-Key`. */
export function openCase(input: CreateCase, actor: Actor, idempotency?: IdempotencyScope): Promise<Case> {
  return retryingReferenceRace(() =>
    once(idempotency, async () => {
      const { kase, writes } = await createCaseWrites(input, actor, nowIso());
      return { result: kase, writes };
    }),
  );
}

/**
 * Runs a case create, again when a concurrent create took its reference number
 * (with a short random pause so that racers spread out).
 */
export async function retryingReferenceRace<T>(create: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await create();
    } catch (err) {
      if (!(err instanceof ReferenceTaken) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

export async function requireCase(id: string): Promise<Case> {
  const c = await getCase(id);
  if (!c) throw notFound('There is no such case.');
  return c;
}

export async function findCases(reference: string): Promise<{ items: Case[] }> {
  return { items: await findCaseByReference(reference) };
}

/**
 * Concludes an open case (409 otherwise; `expectedVersion`, an optional If-Match,
 * answers 412 when stale) and sets when it is due for a disposal review.
 */
export async function concludeCase(id: string, input: ConcludeCase, actor: Actor, expectedVersion?: number): Promise<Case> {
  const current = await requireCase(id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw preconditionFailed(`The case has changed since version ${expectedVersion}; read it again and retry.`);
  }
  if (current.status !== 'OPEN') throw wrongState('case', current.status, 'concluded');
  const at = nowIso();
  const next: Case = {
    ...current,
    status: 'CONCLUDED',
    conclusion: { ...input, concludedAt: at, concludedBy: actor },
    retainUntil: caseRetainUntil(ukToday(), config.RETENTION_YEARS),
    version: current.version + 1,
  };
  await commit(concludeCaseWrites(current, next, input, actor, at));
  return next;
}

/** Everything recorded against the case, oldest first (404 when there is no such case). */
export async function caseTimeline(id: string, limit: number, cursor: string | undefined, reader: Reader) {
  const kase = await requireCase(id);
  const page = await listTimeline(id, limit, cursor);
  await recordRead(kase.serviceUserId, reader);
  return page;
}

/** `GET /cases/{id}`: the case; the read is logged against its person. */
export const readCase = loggedRead(requireCase);

/** The cases of a person (404 when there is no such person), in the order they were opened. */
export async function casesOfServiceUser(serviceUserId: string, limit: number, cursor: string | undefined, reader: Reader) {
  await requireServiceUserItem(serviceUserId);
  const page = await listCasesOfServiceUser(serviceUserId, limit, cursor);
  await recordRead(serviceUserId, reader);
  return page;
}
