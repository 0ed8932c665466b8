/**
 * SES feedback on letters sent by email (policy 1.5: the person is told in writing,
 * by email and by post). The configuration set publishes bounce, complaint and
 * reject events to EventBridge (infra/constructs/messaging.ts); functions/ses-events
 * hands each one here.
 *
 * An emailed letter that SES reports as undeliverable is marked BOUNCED (or
 * COMPLAINED) and, in one transaction, the strategy is flagged
 * (`emailUndeliverable`), its history says so, and every case of the letter gets a
 * timeline entry saying the posted copy is relied on. When there is no posted copy
 * (no postal address, or the post failed) the Statutory Operations Manager is
 * emailed so that someone acts. Events about staff emails or unknown message ids
 * change nothing. A copy for the person's representative that bounces is marked so
 * and recorded on each case, and changes nothing else (`recordCopyFeedback`). Only
 * ids are ever logged: the events carry email addresses.
 */
import { config } from '../config.js';
import { nowIso } from '../clock.js';
import { letterFields, type FeedbackEvent } from '../domain/letter-events.js';
import { hasPostalCopy } from '../domain/letter-routes.js';
import { classifySesEvent, type SesVerdict } from '../domain/ses-feedback.js';
import { letterDidNotReach, NOT_ON_RECORD } from '../domain/staff-emails.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, SYSTEM_ACTOR } from '../store/db.js';
import { findLetterBySesMessageId, LETTER_WRITE, letterTimelineWrites, listLettersOf, ownerOfLetter, somNotifiedWrite, undeliverableWrite, type Letter } from '../store/letters.js';
import { getServiceUserItem } from '../store/service-users.js';
import { caseReferences, emailUndeliverableWrite, getStrategy, strategyHistoryWrite } from '../store/strategies.js';
import { emailStaff } from './staff-email.js';

export type FeedbackOutcome = 'RECORDED' | 'ALREADY' | 'NOT_A_LETTER' | 'IGNORED';

/**
 * Handles one SES event. Idempotent: a redelivered event finds the letter already
 * BOUNCED or COMPLAINED and writes nothing (it only retries an SOM email that
 * did not go out). Throws on a store or SES failure so that the event is retried.
 */
export async function recordSesFeedback(event: unknown): Promise<FeedbackOutcome> {
  const verdict = classifySesEvent(event);
  if (verdict.action === 'IGNORE') {
    logger.info('SES event ignored', { ...(verdict.messageId ? { sesMessageId: verdict.messageId } : {}), reason: verdict.reason });
    return 'IGNORED';
  }
  const letter = await findLetterBySesMessageId(verdict.messageId);
  if (!letter) {
    // A staff email (decision requests, reminders, ...) or a message this service does not know.
    logger.info('SES event for an email that is not a letter to a person: ignored', { sesMessageId: verdict.messageId, event: verdict.event });
    return 'NOT_A_LETTER';
  }
  if (letter.copyFor) return recordCopyFeedback({ ...letter, copyFor: letter.copyFor }, verdict);
  const letters = await listLettersOf(ownerOfLetter(letter));
  const postalCopy = hasPostalCopy(letter, letters);

  if (letter.status === 'BOUNCED' || letter.status === 'COMPLAINED') {
    if (!postalCopy && !letter.somNotifiedAt) await notifySom(letter, verdict);
    logger.info('SES event already recorded', { sesMessageId: verdict.messageId, letterId: letter.id, strategyId: letter.strategyId });
    return 'ALREADY';
  }
  if (letter.status !== 'SENT') {
    logger.warn('SES event for a letter that is not SENT: ignored', { sesMessageId: verdict.messageId, letterId: letter.id, status: letter.status });
    return 'IGNORED';
  }

  const at = nowIso();
  const fields = { ...letterFields({ ...letter, status: verdict.status }), feedback: verdict.event, detail: verdict.detail, postalCopy };
  try {
    await commit([
      undeliverableWrite(letter, verdict.status, { event: verdict.event, detail: verdict.detail, at }),
      // The strategy is flagged so staff see the email route failed (GET /strategies/{id}); a warning's letter has no strategy.
      ...(letter.strategyId
        ? [
            emailUndeliverableWrite(letter.strategyId, letter.id, verdict.addresses, at),
            strategyHistoryWrite(letter.strategyId, { at, actor: SYSTEM_ACTOR, event: 'LETTER', fields }),
          ]
        : []),
      ...letterTimelineWrites(letter, { at, actor: SYSTEM_ACTOR, kind: 'LETTER', fields, ref: { letterId: letter.id, event: verdict.event } }),
    ]);
  } catch (err) {
    // Another delivery of the same event got there first.
    if (err instanceof ConditionFailed && err.write === LETTER_WRITE) return 'ALREADY';
    throw err;
  }
  logger.warn('letter email undeliverable: recorded', { sesMessageId: verdict.messageId, letterId: letter.id, strategyId: letter.strategyId, event: verdict.event, postalCopy });
  if (!postalCopy) await notifySom({ ...letter, status: verdict.status }, verdict);
  return 'RECORDED';
}

/**
 * A copy for the person's representative that SES reports undeliverable: the copy is
 * marked BOUNCED or COMPLAINED and each case says so, in one transaction. Nothing
 * more: a copy never told the person, so the strategy is not flagged (no address of
 * the person's failed) and nobody is emailed; staff send the copy another way.
 */
async function recordCopyFeedback(letter: Letter & Required<Pick<Letter, 'copyFor'>>, verdict: Extract<SesVerdict, { action: 'UNDELIVERABLE' }>): Promise<FeedbackOutcome> {
  if (letter.status === 'BOUNCED' || letter.status === 'COMPLAINED') return 'ALREADY';
  if (letter.status !== 'SENT') {
    logger.warn('SES event for a copy that is not SENT: ignored', { sesMessageId: verdict.messageId, letterId: letter.id, status: letter.status });
    return 'IGNORED';
  }
  const at = nowIso();
  const fields = { letterKind: letter.kind, subject: letter.subject, copyForName: letter.copyFor.name, copyForKind: letter.copyFor.kind, feedback: verdict.event, detail: verdict.detail };
  try {
    await commit([
      undeliverableWrite(letter, verdict.status, { event: verdict.event, detail: verdict.detail, at }),
      ...letterTimelineWrites(letter, { at, actor: SYSTEM_ACTOR, kind: 'LETTER_COPY_UNDELIVERABLE', fields, ref: { letterId: letter.id, event: verdict.event } }),
    ]);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === LETTER_WRITE) return 'ALREADY';
    throw err;
  }
  logger.warn('copy of a letter to a representative undeliverable: recorded', { sesMessageId: verdict.messageId, letterId: letter.id, representativeId: letter.copyFor.representativeId, event: verdict.event });
  return 'RECORDED';
}

/**
 * Emails the Statutory Operations Manager about a letter that reached the person
 * by no route, naming the person, the letter and the cases, then notes
 * on the letter that this was done (so a redelivered event does not email again,
 * and one whose email failed does).
 */
async function notifySom(letter: Letter, feedback: { event: FeedbackEvent; detail: string }): Promise<void> {
  const strategy = letter.strategyId ? await getStrategy(letter.strategyId) : undefined;
  const serviceUserId = letter.serviceUserId ?? strategy?.serviceUserId ?? 'unknown';
  const [person, caseRefs] = await Promise.all([serviceUserId !== 'unknown' ? getServiceUserItem(serviceUserId) : undefined, caseReferences(letter.caseIds)]);
  const personName = person?.name ?? NOT_ON_RECORD.person;
  await emailStaff([config.SOM_EMAIL], letterDidNotReach({ kind: letter.kind, strategyId: letter.strategyId, personName, caseRefs }, feedback));
  await commit([somNotifiedWrite(letter, nowIso())]);
  logger.info('Statutory Operations Manager emailed about an undeliverable letter', { letterId: letter.id, strategyId: letter.strategyId });
}
