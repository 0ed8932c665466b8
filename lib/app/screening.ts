import type { Actor } from '../auth.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { notInFuture } from '../domain/not-in-future.js';
import { unmatchedContactExpiry } from '../domain/retention.js';
import { screenForEveryone } from '../domain/screening.js';
import { ProblemError, unprocessable } from '../errors.js';
import type { ScreenContact, ScreenResult } from '../schemas/screening.js';
import { commit, ConditionFailed, IDEMPOTENCY_WRITE, rememberWrite, winnersResponse, type IdempotencyScope } from '../store/db.js';
import { CASE_CHECK_WRITE, caseExists, ownerOfCase, screenedContactWrites, screeningSubjectById, screeningSubjectsAt, type ScreeningSubject } from '../store/screening.js';
import { INBOUND_EMAIL_WRITE, inboundEmailSeen, inboundEmailWrite } from '../store/inbound-email.js';
import { answeringConflict } from './contacts.js';
import { queuedForSecondRead } from './unanswered.js';

/** A contact that came in by email through the inbound gateway (lib/app/inbound-email.ts): recorded once per message. */
export interface InboundEmailMark {
  /** The Message-ID (or, without one, a digest of the message). */
  messageKey: string;
  senderUnverified: boolean;
  /** The address the email claims to be from, kept on the contact even when it was not trusted for screening. */
  claimedFrom?: string;
}

/**
 * `POST /contacts/screen`: an inbound contact, screened against the strategies in
 * force before anyone answers it, and recorded with the outcome. Two round trips
 * on the usual path (see lib/store/screening.ts): one read, one transaction.
 */

const caseNotFound = (caseId: string) => new ProblemError(404, 'Not Found', `No case ${caseId}.`, [{ path: 'caseId', message: 'no such case' }]);

/**
 * Who the contact is from: the person named by `serviceUserId` (404 if unknown),
 * else everyone on record at the address or number `from` (usually one; a shared
 * household address can match several), else, when a case is named, the person
 * whose case it is (404 if there is no such case). An empty list means nobody matches.
 */
async function findSubjects(input: Pick<ScreenContact, 'serviceUserId' | 'from' | 'caseId'>): Promise<ScreeningSubject[]> {
  if (input.serviceUserId !== undefined) {
    const person = await screeningSubjectById(input.serviceUserId);
    if (!person) throw new ProblemError(404, 'Not Found', `No service user ${input.serviceUserId}.`, [{ path: 'serviceUserId', message: 'no such service user' }]);
    return [person];
  }
  if (input.from !== undefined) {
    const subjects = await screeningSubjectsAt(input.from);
    if (subjects.length > 0) return subjects;
  }
  if (input.caseId !== undefined) {
    const kase = await ownerOfCase(input.caseId);
    if (!kase) throw caseNotFound(input.caseId);
    const person = await screeningSubjectById(kase.serviceUserId);
    return person ? [person] : [];
  }
  return [];
}

/** Error path only: tells an unknown case (404) from another person's case (422). */
async function caseProblem(caseId: string): Promise<ProblemError> {
  if (!(await caseExists(caseId))) return caseNotFound(caseId);
  return unprocessable(`Case ${caseId} is not a case of the service user this contact is from.`, [{ path: 'caseId', message: 'belongs to another service user' }]);
}

/**
 * Screens and records one inbound contact, answering its screening
 * result. With an Idempotency-Key (`idempotency`), the response is remembered by a
 * conditional write in the screening transaction itself, so a first attempt still
 * costs two round trips; only a replay reads the record.
 */
export async function screenContact(input: ScreenContact, actor: Actor, idempotency?: IdempotencyScope, inbound?: InboundEmailMark): Promise<ScreenResult> {
  if (input.receivedAt !== undefined) {
    const errors = notInFuture('receivedAt', input.receivedAt, now());
    if (errors.length) throw unprocessable('receivedAt must not be in the future.', errors);
  }
  const at = input.receivedAt !== undefined ? new Date(input.receivedAt) : now();
  const subjects = await findSubjects(input);
  const outcome = screenForEveryone(
    { channel: input.channel, from: input.from?.value, caseId: input.caseId, freshMatter: input.freshMatter, durationMinutes: input.durationMinutes },
    subjects,
    at,
    input.from?.kind,
  );
  const ttl = unmatchedContactExpiry({ matchedPeople: subjects.length, caseId: input.caseId }, now(), config.UNMATCHED_CONTACT_RETENTION_DAYS);
  const { contact, writes, caseCheck } = screenedContactWrites({
    input,
    subjects,
    outcome,
    at,
    recordedAt: nowIso(),
    actor,
    ttl,
    ...(inbound ? { inbound: { source: 'INBOUND_EMAIL' as const, senderUnverified: inbound.senderUnverified, claimedFrom: inbound.claimedFrom } } : {}),
  });

  const result: ScreenResult = {
    decision: outcome.decision,
    reasons: outcome.reasons,
    ...(outcome.strategyId ? { strategyId: outcome.strategyId } : {}),
    ...(outcome.spoc ? { spoc: outcome.spoc } : {}),
    ...(outcome.recordCall ? { recordCall: true } : {}),
    ...(outcome.callMinutesLimit !== undefined ? { callMinutesLimit: outcome.callMinutesLimit } : {}),
    potentialBreach: outcome.potentialBreach,
    contactId: contact.id,
  };

  try {
    await commit([
      // The person's contact points changed between our read and this write (a call
      // count on a removed contact point): answer 409 so the caller screens again.
      ...answeringConflict(writes, "The service user's contact details changed while this contact was being screened; screen it again."),
      ...(caseCheck ? [caseCheck] : []),
      // No answer goes out: queued for a second read, and counted (lib/app/unanswered.ts).
      ...queuedForSecondRead(contact, ttl),
      ...(idempotency ? [rememberWrite(idempotency, { status: 200, body: result })] : []),
      ...(inbound ? [inboundEmailWrite(inbound.messageKey, result, nowIso())] : []),
    ]);
  } catch (err) {
    if (err instanceof ConditionFailed && idempotency && err.write === IDEMPOTENCY_WRITE) return (await winnersResponse(idempotency)).body as ScreenResult;
    if (err instanceof ConditionFailed && inbound && err.write === INBOUND_EMAIL_WRITE) {
      const first = await inboundEmailSeen(inbound.messageKey);
      if (first) return first;
    }
    if (err instanceof ConditionFailed && err.write === CASE_CHECK_WRITE && input.caseId !== undefined) throw await caseProblem(input.caseId);
    throw err;
  }
  return result;
}
