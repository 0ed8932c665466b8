import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { notInFuture } from '../domain/not-in-future.js';
import { unmatchedContactExpiry } from '../domain/retention.js';
import { unverifiedOutcome, type Quarantine } from '../domain/inbound-email.js';
import { screenRepresentative, type RepresentativeMatch } from '../domain/representatives.js';
import { screenForEveryone } from '../domain/screening.js';
import { ProblemError, unprocessable } from '../errors.js';
import type { ScreenContact, ScreenResult } from '../schemas/screening.js';
import { commit, ConditionFailed, IDEMPOTENCY_WRITE, rememberWrite, winnersResponse, type IdempotencyScope, type Write } from '../store/db.js';
import { CASE_CHECK_WRITE, caseExists, ownerOfCase, screenedContactWrites, screeningSubjectById, screeningSubjectsAt, type ScreeningSubject } from '../store/screening.js';
import { representativesAt } from '../store/representatives.js';
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

/**
 * A telephone call screened at the switchboard (lib/app/switchboard.ts): recorded
 * once per Connect contact, by a marker write in the screening transaction itself.
 */
export interface SwitchboardMark {
  /** The name of the marker write: a failed condition on it means the call was recorded before. */
  write: string;
  /** The marker, given what screening answered and whose call it is (absent: nobody's, or several people's). */
  marker: (result: ScreenResult, serviceUserId: string | undefined) => Write;
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

const caseNotFound = () => new ProblemError(404, 'Not Found', 'There is no such case.', [{ path: 'caseId', message: 'no such case' }]);

/**
 * Who the contact is from: the person named by `serviceUserId` (404 if unknown),
 * else everyone on record at the address or number `from` (usually one; a shared
 * household address can match several), else, when a case is named, the person
 * whose case it is (404 if there is no such case). An empty list means nobody matches.
 */
async function findSubjects(input: Pick<ScreenContact, 'serviceUserId' | 'from' | 'caseId'>): Promise<{ subjects: ScreeningSubject[]; atFrom: boolean }> {
  if (input.serviceUserId !== undefined) {
    const person = await screeningSubjectById(input.serviceUserId);
    if (!person) throw new ProblemError(404, 'Not Found', 'There is no such service user.', [{ path: 'serviceUserId', message: 'no such service user' }]);
    return { subjects: [person], atFrom: false };
  }
  if (input.from !== undefined) {
    const subjects = await screeningSubjectsAt(input.from);
    if (subjects.length > 0) return { subjects, atFrom: true };
  }
  if (input.caseId !== undefined) {
    const kase = await ownerOfCase(input.caseId);
    if (!kase) throw caseNotFound();
    const person = await screeningSubjectById(kase.serviceUserId);
    return { subjects: person ? [person] : [], atFrom: false };
  }
  return { subjects: [], atFrom: false };
}

/**
 * The representatives the contact is from, if it is a representative's: those at
 * `from` who act for the person named (by id, or as the owner of the case named),
 * or for anyone when nobody is named. A `from` that is someone's own contact point
 * is theirs, never a representative's: their own contact stays restrictable.
 */
function representativesFor(reps: RepresentativeMatch[], found: { subjects: ScreeningSubject[]; atFrom: boolean }, input: Pick<ScreenContact, 'serviceUserId' | 'caseId' | 'from'>): RepresentativeMatch[] {
  if (reps.length === 0 || found.atFrom) return [];
  const named = input.serviceUserId !== undefined || input.caseId !== undefined ? found.subjects[0] : undefined;
  if (named === undefined) return reps;
  if (input.from !== undefined && [...named.emails, ...named.phones].includes(input.from.value)) return [];
  return reps.filter((r) => r.serviceUserId === named.id);
}

/** The person a representative acts for, as the subject their contact is recorded against (their snapshot is not needed: nothing restricts or counts it). */
const personRepresented = (m: RepresentativeMatch): ScreeningSubject => ({ id: m.serviceUserId, emails: [], phones: [], inForce: [], callCounts: {} });

/** Error path only: tells an unknown case (404) from another person's case (422). */
async function caseProblem(caseId: string): Promise<ProblemError> {
  if (!(await caseExists(caseId))) return caseNotFound();
  return unprocessable('This case is not a case of the service user this contact is from.', [{ path: 'caseId', message: 'belongs to another service user' }]);
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

/**
 * A call at the switchboard: screened and recorded as `POST /contacts/screen` would,
 * with its marker. `recordedBefore` when the marker was already there: nothing new
 * was recorded and `result` is what this attempt would have answered, not the record.
 */
export async function screenSwitchboardCall(input: ScreenContact, actor: Actor, mark: SwitchboardMark): Promise<{ result: ScreenResult; recordedBefore?: true }> {
  const screened = await screenAndRecord(input, actor, undefined, undefined, mark);
  return screened.recordedBefore ? { result: screened.result, recordedBefore: true } : { result: screened.result };
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
  switchboard?: SwitchboardMark,
): Promise<{ result: ScreenResult; first?: FirstDelivery; repeat?: { kind: 'DELIVERY' | 'MESSAGE'; first: FirstDelivery }; recordedBefore?: true }> {
  if (input.receivedAt !== undefined) {
    const errors = notInFuture('receivedAt', input.receivedAt, now());
    if (errors.length) throw unprocessable('receivedAt must not be in the future.', errors);
  }
  const at = input.receivedAt !== undefined ? new Date(input.receivedAt) : now();
  const unverified = inbound?.senderUnverified === true;
  const claimed = unverified ? await claimedSubjects(input, inbound) : undefined;
  // An unverified sender is never taken for a representative: their address is only claimed.
  const [found, repsAtFrom] = await Promise.all([
    claimed ? { subjects: claimed.subjects, atFrom: true } : findSubjects(input),
    !claimed && input.from !== undefined ? representativesAt(input.from) : ([] as RepresentativeMatch[]),
  ]);
  const subjects = found.subjects;
  const reps = representativesFor(repsAtFrom, found, input);
  const screenedAs = claimed ? { ...input, caseId: claimed.caseId } : input;
  const asRepresentative = reps.length > 0 ? screenRepresentative(reps) : undefined;
  const outcome =
    asRepresentative ??
    screenForEveryone(
      { channel: input.channel, from: input.from?.value, caseId: screenedAs.caseId, freshMatter: input.freshMatter, durationMinutes: input.durationMinutes },
      subjects,
      at,
      input.from?.kind,
    );
  const representative = asRepresentative?.representativeOf;
  // An unverified sender is nobody's contact: on no one's record or case, no call counted, never a breach.
  // A representative's contact is on the person's record (several people's representative: on no one's until staff say whose).
  const recorded = claimed
    ? { input: { ...input, caseId: undefined }, subjects: [] as ScreeningSubject[], outcome: unverifiedOutcome(outcome) }
    : asRepresentative
      ? { input: representative ? input : { ...input, caseId: undefined }, subjects: representative ? [personRepresented(representative)] : [], outcome }
      : { input, subjects, outcome };
  const ttl = unmatchedContactExpiry({ matchedPeople: recorded.subjects.length, caseId: recorded.input.caseId }, now(), config.UNMATCHED_CONTACT_DAYS);
  const { contact, writes, caseCheck } = screenedContactWrites({
    input: recorded.input,
    subjects: recorded.subjects,
    outcome: recorded.outcome,
    at,
    recordedAt: nowIso(),
    actor,
    ttl,
    ...(representative ? { representative } : {}),
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
    ...(switchboard ? { source: 'SWITCHBOARD' as const } : {}),
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
    ...(representative ? { representativeOf: { serviceUserId: representative.serviceUserId, representativeId: representative.representativeId, kind: representative.kind, name: representative.name } } : {}),
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
      ...(idempotency ? [rememberWrite(idempotency, result, now())] : []),
      ...(first ? inboundEmailWrites(first, inbound?.sameMessage) : []),
      ...(switchboard ? [switchboard.marker(result, contact.serviceUserId)] : []),
    ]);
  } catch (err) {
    if (err instanceof ConditionFailed && switchboard && err.write === switchboard.write) return { result, recordedBefore: true };
    if (err instanceof ConditionFailed && idempotency && err.write === IDEMPOTENCY_WRITE) return { result: (await winnersResponse(idempotency, now())).body as ScreenResult };
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
