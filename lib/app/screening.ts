import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { notInFuture } from '../domain/not-in-future.js';
import { unmatchedContactExpiry } from '../domain/retention.js';
import { unverifiedOutcome, type Quarantine } from '../domain/inbound-email.js';
import { screenForEveryone } from '../domain/screening.js';
import { ProblemError, unprocessable } from '../errors.js';
import type { ScreenContact, ScreenResult } from '../schemas/screening.js';
import { commit, ConditionFailed, IDEMPOTENCY_WRITE, rememberWrite, winnersResponse, type IdempotencyScope } from '../store/db.js';
import { CASE_CHECK_WRITE, caseExists, ownerOfCase, screenedContactWrites, screeningSubjectById, screeningSubjectsAt, type ScreeningSubject } from '../store/screening.js';
import { DELIVERY_WRITE, deliverySeen, inboundEmailWrites, MESSAGE_WRITE, messageSeen, type FirstDelivery } from '../store/inbound-email.js';
import { answeringConflict } from './contacts.js';
import { queuedForSecondRead } from './unanswered.js';

/**
 * A contact that came in by email through the inbound gateway (lib/app/inbound-email.ts):
 * recorded once per delivery, and not again for the same message sent again.
 */
export interface InboundEmailMark {
  /** The receiving system's own id for this delivery (SES's `mail.messageId`). */
  deliveryId: string;
  /** `sameMessageKey` of the message (absent without a Message-ID): the same sender's same message sent again. */
  sameMessage?: string;
  /**
   * The sender could not be verified: the contact is screened by the address it claims
   * (`input.from`) only to learn whether that person's strategy withholds it, and is
   * recorded against nobody, never a potential breach (`unverifiedOutcome`).
   */
  senderUnverified: boolean;
  /** The address the email claims to be from (kept as `claimedFrom` when unverified). */
  claimedFrom?: string;
  /** Unverified: whose case the subject names, so the case counts only when it is the claimed person's. */
  caseOwner?: string;
  quarantined?: Quarantine;
  /** Whether an email screened with this result is to be forwarded (`forwardPlan`): then a forward is owed until done. */
  forwards: (result: ScreenResult) => boolean;
}

/** The outcome of recording an inbound email: what the first delivery recorded and, for a repeat, which kind. */
export interface InboundScreening {
  first: FirstDelivery;
  /** Set when nothing was recorded: this delivery was seen before, or the same sender sent the same message before. */
  repeat?: 'DELIVERY' | 'MESSAGE';
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
 * Screens and records one inbound contact, answering the screening
 * result. With an Idempotency-Key (`idempotency`), the response is remembered by a
 * conditional write in the screening transaction itself, so a first attempt still
 * costs two round trips; only a replay reads the record.
 */
export async function screenContact(input: ScreenContact, actor: Actor, idempotency?: IdempotencyScope): Promise<ScreenResult> {
  const screened = await screenAndRecord(input, actor, idempotency);
  return screened.result;
}

/**
 * Inbound email: screens and records it as `POST /contacts/screen` would, with the
 * markers that make each delivery count once and the same message sent again count
 * not at all (lib/store/inbound-email.ts). A repeat records nothing and answers
 * what the first delivery recorded.
 */
export async function screenInboundEmail(input: ScreenContact, actor: Actor, mark: InboundEmailMark): Promise<InboundScreening> {
  const screened = await screenAndRecord(input, actor, undefined, mark);
  return screened.repeat ? { first: screened.repeat.first, repeat: screened.repeat.kind } : { first: screened.first! };
}

/** Unverified email: the people at the address it claims, and the case its subject names only when it is theirs. */
async function claimedSubjects(input: ScreenContact, mark: InboundEmailMark): Promise<{ subjects: ScreeningSubject[]; caseId?: string }> {
  const subjects = input.from !== undefined ? await screeningSubjectsAt(input.from) : [];
  const caseId = input.caseId !== undefined && subjects.some((s) => s.id === mark.caseOwner) ? input.caseId : undefined;
  return { subjects, ...(caseId ? { caseId } : {}) };
}

async function screenAndRecord(
  input: ScreenContact,
  actor: Actor,
  idempotency?: IdempotencyScope,
  inbound?: InboundEmailMark,
): Promise<{ result: ScreenResult; first?: FirstDelivery; repeat?: { kind: 'DELIVERY' | 'MESSAGE'; first: FirstDelivery } }> {
  if (input.receivedAt !== undefined) {
    const errors = notInFuture('receivedAt', input.receivedAt, now());
    if (errors.length) throw unprocessable('receivedAt must not be in the future.', errors);
  }
  const at = input.receivedAt !== undefined ? new Date(input.receivedAt) : now();
  const unverified = inbound?.senderUnverified === true;
  const claimed = unverified ? await claimedSubjects(input, inbound) : undefined;
  const subjects = claimed ? claimed.subjects : await findSubjects(input);
  const screenedAs = claimed ? { ...input, caseId: claimed.caseId } : input;
  const outcome = screenForEveryone(
    { channel: input.channel, from: input.from?.value, caseId: screenedAs.caseId, freshMatter: input.freshMatter, durationMinutes: input.durationMinutes },
    subjects,
    at,
    input.from?.kind,
  );
  // An unverified sender is nobody's contact: on no one's record or case, no call counted, never a breach.
  const recorded = claimed ? { input: { ...input, caseId: undefined }, subjects: [] as ScreeningSubject[], outcome: unverifiedOutcome(outcome) } : { input, subjects, outcome };
  const ttl = unmatchedContactExpiry({ matchedPeople: recorded.subjects.length, caseId: recorded.input.caseId }, now(), config.UNMATCHED_CONTACT_DAYS);
  const { contact, writes, caseCheck } = screenedContactWrites({
    input: recorded.input,
    subjects: recorded.subjects,
    outcome: recorded.outcome,
    at,
    recordedAt: nowIso(),
    actor,
    ttl,
    ...(inbound
      ? {
          inbound: {
            source: 'INBOUND_EMAIL' as const,
            senderUnverified: inbound.senderUnverified,
            ...(inbound.claimedFrom ? { claimedFrom: inbound.claimedFrom } : {}),
            ...(inbound.quarantined ? { quarantined: inbound.quarantined } : {}),
          },
        }
      : {}),
  });

  const result: ScreenResult = {
    decision: recorded.outcome.decision,
    reasons: recorded.outcome.reasons,
    ...(recorded.outcome.strategyId ? { strategyId: recorded.outcome.strategyId } : {}),
    ...(recorded.outcome.spoc ? { spoc: recorded.outcome.spoc } : {}),
    ...(recorded.outcome.recordCall ? { recordCall: true } : {}),
    ...(recorded.outcome.callMinutesLimit !== undefined ? { callMinutesLimit: recorded.outcome.callMinutesLimit } : {}),
    potentialBreach: recorded.outcome.potentialBreach,
    contactId: contact.id,
  };
  const first: FirstDelivery | undefined = inbound
    ? {
        result,
        senderUnverified: inbound.senderUnverified,
        ...(inbound.quarantined ? { quarantined: inbound.quarantined } : {}),
        deliveryId: inbound.deliveryId,
        ...(inbound.forwards(result) ? { forwardOwed: true } : {}),
        recordedAt: nowIso(),
      }
    : undefined;

  try {
    await commit([
      // The person's contact points changed between our read and this write (a call
      // count on a removed contact point): answer 409 so the caller screens again.
      ...answeringConflict(writes, "The service user's contact details changed while this contact was being screened; screen it again."),
      ...(caseCheck ? [caseCheck] : []),
      // No answer goes out: queued for a second read, and counted (lib/app/unanswered.ts).
      ...queuedForSecondRead(contact, ttl),
      ...(idempotency ? [rememberWrite(idempotency, { status: 200, body: result })] : []),
      ...(first ? inboundEmailWrites(first, inbound?.sameMessage) : []),
    ]);
  } catch (err) {
    if (err instanceof ConditionFailed && idempotency && err.write === IDEMPOTENCY_WRITE) return { result: (await winnersResponse(idempotency)).body as ScreenResult };
    if (err instanceof ConditionFailed && inbound && (err.write === DELIVERY_WRITE || err.write === MESSAGE_WRITE)) {
      const kind = err.write === DELIVERY_WRITE ? 'DELIVERY' : 'MESSAGE';
      const seen = kind === 'DELIVERY' ? await deliverySeen(inbound.deliveryId) : inbound.sameMessage !== undefined ? await messageSeen(inbound.sameMessage) : undefined;
      if (seen) return { result: seen.result, repeat: { kind, first: seen } };
    }
    if (err instanceof ConditionFailed && err.write === CASE_CHECK_WRITE && input.caseId !== undefined) throw await caseProblem(input.caseId);
    throw err;
  }
  return { result, ...(first ? { first } : {}) };
}
