import { config } from '../config.js';
import { nowIso } from '../clock.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, SYSTEM_ACTOR, timelineWrite, type Write } from '../store/db.js';
import { findLetterBySesMessageId, letterKey, listLetters, type Letter } from '../store/letters.js';
import { getCases, getStrategy, strategyHistoryWrite } from '../store/strategies.js';
import { getServiceUserItem } from '../store/service-users.js';
import { KEY } from '../store/table.js';
import { sendEmail, textToHtml } from './email.js';

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
 * change nothing. Only ids are ever logged: the events carry email addresses.
 */

/** The part of an SES event (`detail` of the EventBridge event) this module reads. */
interface SesEventDetail {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string; destination?: unknown[] };
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: unknown[] };
  complaint?: { complaintFeedbackType?: string; complainedRecipients?: unknown[] };
  reject?: { reason?: string };
}

export type FeedbackEvent = 'BOUNCE' | 'COMPLAINT' | 'REJECT';

/** What an SES event means for the letter it is about. */
export type SesVerdict =
  | { action: 'UNDELIVERABLE'; messageId: string; status: 'BOUNCED' | 'COMPLAINED'; event: FeedbackEvent; detail: string; addresses: string[] }
  | { action: 'IGNORE'; messageId?: string; reason: 'NOT_AN_SES_EVENT' | 'NO_MESSAGE_ID' | 'NOT_FEEDBACK' | 'PARTIAL_BOUNCE' };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Pure mapping of an SES configuration-set event, as EventBridge delivers it
 * (`detail-type` "Email Bounced" / "Email Complaint Received" / "Email Rejected",
 * `detail` in SES's event-publishing format), to what happens to the letter.
 *
 * - Bounce, any `bounceType`: undeliverable (BOUNCED). SES publishes a soft
 *   (Transient) bounce only once it has stopped retrying, so the email did not
 *   arrive; the bounce type is kept in the detail. A bounce that names fewer
 *   recipients than the email had (the person has several addresses, some took
 *   it) is ignored: the letter reached them.
 * - Complaint: the person marked it as spam and SES suppresses the address from
 *   now on (COMPLAINED).
 * - Reject: SES did not attempt delivery (BOUNCED).
 * - Anything else (delivery, delivery delay, ...): ignored.
 */
export function classifySesEvent(event: unknown): SesVerdict {
  const e = (event ?? {}) as { source?: unknown; detail?: unknown };
  if (e.source !== undefined && e.source !== 'aws.ses') return { action: 'IGNORE', reason: 'NOT_AN_SES_EVENT' };
  const detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as SesEventDetail;
  const messageId = str(detail.mail?.messageId);
  if (!messageId) return { action: 'IGNORE', reason: 'NO_MESSAGE_ID' };
  const type = str(detail.eventType) ?? str(detail.notificationType);
  // The addresses the email went to: later letters avoid them (lib/domain/letter-routes.ts).
  const addresses = (Array.isArray(detail.mail?.destination) ? detail.mail!.destination! : []).filter((a): a is string => typeof a === 'string').map((a) => a.trim().toLowerCase());
  switch (type) {
    case 'Bounce': {
      const bounceType = str(detail.bounce?.bounceType) ?? 'Undetermined';
      const sub = str(detail.bounce?.bounceSubType);
      const bounced = Array.isArray(detail.bounce?.bouncedRecipients) ? detail.bounce!.bouncedRecipients!.length : 0;
      const sentTo = Array.isArray(detail.mail?.destination) ? detail.mail!.destination!.length : 0;
      if (bounced > 0 && sentTo > bounced) return { action: 'IGNORE', messageId, reason: 'PARTIAL_BOUNCE' };
      return { action: 'UNDELIVERABLE', messageId, status: 'BOUNCED', event: 'BOUNCE', detail: sub ? `${bounceType} bounce, ${sub}` : `${bounceType} bounce`, addresses };
    }
    case 'Complaint': {
      const feedback = str(detail.complaint?.complaintFeedbackType);
      return { action: 'UNDELIVERABLE', messageId, status: 'COMPLAINED', event: 'COMPLAINT', detail: feedback ? `complaint (${feedback})` : 'complaint', addresses };
    }
    case 'Reject':
      return { action: 'UNDELIVERABLE', messageId, status: 'BOUNCED', event: 'REJECT', detail: `rejected by SES${str(detail.reject?.reason) ? ` (${str(detail.reject?.reason)})` : ''}`, addresses };
    default:
      return { action: 'IGNORE', messageId, reason: 'NOT_FEEDBACK' };
  }
}

/** Whether the person was also written to by post for the same delivery (a posted copy that did not fail). */
export function hasPostalCopy(emailed: Pick<Letter, 'deliveryKey'>, letters: Array<Pick<Letter, 'channel' | 'deliveryKey' | 'status'>>): boolean {
  return letters.some((l) => l.channel === 'POST' && l.deliveryKey === emailed.deliveryKey && (l.status === 'QUEUED' || l.status === 'DISPATCHED'));
}

/** The timeline summary on each case: what happened to the email, and what is relied on instead. */
export function undeliverableSummary(letter: Pick<Letter, 'kind' | 'subject'>, verdict: { status: 'BOUNCED' | 'COMPLAINED'; event: FeedbackEvent; detail: string }, postalCopy: boolean): string {
  const what =
    verdict.event === 'COMPLAINT'
      ? `The ${letter.kind} letter sent by email was marked as spam by the recipient (${verdict.detail}); SES will send nothing more to that address`
      : verdict.event === 'REJECT'
        ? `The ${letter.kind} letter sent by email was not delivered: ${verdict.detail}`
        : `The ${letter.kind} letter sent by email bounced (${verdict.detail}) and did not reach the person`;
  const then = postalCopy
    ? 'The copy sent by post is relied on to tell the person in writing.'
    : 'There is no posted copy (no postal address on record, or the post failed): the Statutory Operations Manager has been asked to arrange another way to tell the person in writing.';
  return `${what}. ${then} Letter: ${letter.subject}`;
}

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
  const letters = await listLetters(letter.strategyId);
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
  const summary = undeliverableSummary(letter, verdict, postalCopy);
  const writes: Write[] = [
    {
      name: 'letter',
      Update: {
        Key: letterKey(letter.strategyId, letter.id),
        UpdateExpression: 'SET #s = :to, undeliverable = :u',
        ConditionExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':to': verdict.status, ':sent': 'SENT', ':u': { event: verdict.event, detail: verdict.detail, at } },
      },
    },
    {
      // The strategy is flagged so staff see the email route failed (GET /strategies/{id}).
      Update: {
        Key: KEY.strategy(letter.strategyId),
        UpdateExpression: 'SET emailUndeliverable = :t, emailUndeliverableLetterId = :l, emailUndeliverableTo = :to, updatedAt = :at ADD #v :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':t': true, ':l': letter.id, ':to': verdict.addresses, ':at': at, ':one': 1 },
      },
    },
    strategyHistoryWrite(letter.strategyId, { at, actor: SYSTEM_ACTOR, event: `LETTER_${verdict.status}`, summary: `${summary} (letter ${letter.id})` }),
    ...letter.caseIds.map((caseId) =>
      timelineWrite(caseId, { at, actor: SYSTEM_ACTOR, kind: 'LETTER', summary, ref: { strategyId: letter.strategyId, letterId: letter.id, event: verdict.event } }),
    ),
  ];
  try {
    await commit(writes);
  } catch (err) {
    // Another delivery of the same event got there first.
    if (err instanceof ConditionFailed && err.write === 'letter') return 'ALREADY';
    throw err;
  }
  logger.warn('letter email undeliverable: recorded', { sesMessageId: verdict.messageId, letterId: letter.id, strategyId: letter.strategyId, event: verdict.event, postalCopy });
  if (!postalCopy) await notifySom({ ...letter, status: verdict.status }, verdict);
  return 'RECORDED';
}

/**
 * Emails the Statutory Operations Manager about a letter that reached the person
 * by no route, naming the person (and their id) and the strategy id, then notes
 * on the letter that this was done (so a redelivered event does not email again,
 * and one whose email failed does).
 */
async function notifySom(letter: Letter, verdict: { event: FeedbackEvent; detail: string }): Promise<void> {
  const strategy = await getStrategy(letter.strategyId);
  const serviceUserId = strategy?.serviceUserId ?? 'unknown';
  const [person, cases] = await Promise.all([strategy ? getServiceUserItem(strategy.serviceUserId) : undefined, getCases(letter.caseIds)]);
  const personName = person?.name ?? `service user ${serviceUserId}`;
  const what = verdict.event === 'COMPLAINT' ? 'was marked as spam by the recipient' : 'could not be delivered';
  const text = [
    `The ${letter.kind} letter about contact strategy ${letter.strategyId} for ${personName} ${what} (${verdict.detail}), and there is no posted copy: the person has no postal address on record, or the posted letter failed.`,
    `Policy 1.5 requires the person to be told in writing. Please arrange another way to reach them (for example, record a postal address and send the letter by post) and record what was done on the case.`,
    [
      `Service user: ${personName}`,
      `Service user id: ${serviceUserId}`,
      `Strategy id: ${letter.strategyId}`,
      `Letter id: ${letter.id}`,
      `Cases: ${letter.caseIds.map((id) => cases.get(id)?.reference ?? id).join(', ')}`,
    ].join('\n'),
  ].join('\n\n');
  await sendEmail({ to: [config.SOM_EMAIL], subject: `Action needed: the letter about contact strategy ${letter.strategyId} for ${personName} did not reach them`, text, html: textToHtml(text) });
  await commit([
    {
      Update: {
        Key: letterKey(letter.strategyId, letter.id),
        UpdateExpression: 'SET somNotifiedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': nowIso() },
      },
    },
  ]);
  logger.info('Statutory Operations Manager emailed about an undeliverable letter', { letterId: letter.id, strategyId: letter.strategyId });
}
