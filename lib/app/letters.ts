/**
 * Telling the person in writing (policy 1.5): by email and by post, each route
 * they have, each letter carrying the policy. One function per route, called by
 * the state machine's two parallel branches; each is idempotent (a retried or
 * re-driven task never sends the same letter twice) and a missing route is
 * recorded on each case rather than treated as an error.
 */
import { nowIso, ukToday } from '../clock.js';
import { office } from '../config.js';
import { sendEmail } from '../delivery/email.js';
import { letterPdf, postPackPdf } from '../delivery/pdf.js';
import { policyDocument } from '../delivery/policy.js';
import { queuePostMessage, storePostPack } from '../delivery/post.js';
import { bodyForPrint, ukLongDate, type LetterKind } from '../domain/letter.js';
import { missingRouteSummary } from '../domain/letter-events.js';
import { deliverableEmails, deliveryKeyOf, letterFitsStatus, type LetterChannel } from '../domain/letter-routes.js';
import { logger } from '../observability.js';
import { commit, SYSTEM_ACTOR } from '../store/db.js';
import { findDelivered, newLetter, newLetterId, newLetterWrites, type Letter, type NewLetter } from '../store/letters.js';
import { getServiceUserItem, type ServiceUserItem } from '../store/service-users.js';
import { getStrategy, strategyTimelineWrites, type StrategyRecord } from '../store/strategies.js';
import { NotDeliverable, render, type DeliveryRequest, type DeliveryResult } from './delivery-failure.js';

export type { DeliveryRequest, DeliveryResult };

interface Subject {
  strategy: StrategyRecord;
  person: ServiceUserItem;
}

async function load(req: DeliveryRequest): Promise<Subject> {
  const strategy = await getStrategy(req.strategyId);
  if (!strategy) throw new NotDeliverable(`No strategy ${req.strategyId}`);
  if (!letterFitsStatus(req.letterKind, strategy.status)) {
    throw new NotDeliverable(`Strategy ${req.strategyId} is ${strategy.status}: no ${req.letterKind} letter`);
  }
  const person = await getServiceUserItem(strategy.serviceUserId);
  if (!person) throw new NotDeliverable(`No service user ${strategy.serviceUserId}`);
  return { strategy, person };
}

/** Records a letter in its first status, with its LETTER entry on the history and each case. */
async function record(input: NewLetter, status: (at: string) => Pick<Letter, 'status' | 'sentAt' | 'queuedAt'>): Promise<Letter> {
  const at = nowIso();
  const letter = newLetter(input, at, status(at));
  await commit(newLetterWrites(letter, at));
  return letter;
}

/** A route the person does not have, recorded on each case. */
async function recordMissingRoute(strategy: StrategyRecord, kind: LetterKind, channel: LetterChannel, undeliverable?: boolean): Promise<void> {
  await commit(
    strategyTimelineWrites(strategy, { at: nowIso(), actor: SYSTEM_ACTOR, kind: 'LETTER_NOT_SENT', summary: missingRouteSummary(kind, channel, undeliverable), ref: { channel } }),
  );
}

/** The email route: the letter as HTML and text, the policy PDF attached. */
export async function sendEmailLetter(req: DeliveryRequest): Promise<DeliveryResult> {
  const { strategy, person } = await load(req);
  const to = deliverableEmails(person.emails, strategy.emailUndeliverableTo);
  if (to.length === 0) {
    await recordMissingRoute(strategy, req.letterKind, 'EMAIL', person.emails.length > 0);
    return { outcome: 'NO_ROUTE', letterId: null };
  }
  const existing = await findDelivered(strategy.id, deliveryKeyOf(req.letterKind, req.requestId), 'EMAIL');
  if (existing) return { outcome: 'ALREADY', letterId: existing.id };

  const [letter, policy] = await Promise.all([render(strategy, req.letterKind, req.requestId), policyDocument()]);
  const sesMessageId = await sendEmail({
    to,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    attachments: [{ filename: policy.filename, contentType: 'application/pdf', content: policy.pdf }],
  });
  const recorded = await record(
    {
      strategyId: strategy.id,
      serviceUserId: strategy.serviceUserId,
      to,
      kind: req.letterKind,
      channel: 'EMAIL',
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      caseIds: strategy.caseIds,
      requestId: req.requestId,
      ...(sesMessageId ? { sesMessageId } : {}),
    },
    (at) => ({ status: 'SENT', sentAt: at }),
  );
  logger.info('letter sent by email', { strategyId: strategy.id, letterId: recorded.id, kind: req.letterKind });
  return { outcome: 'SENT', letterId: recorded.id };
}

/**
 * The post route: the pack (letter + policy) stored, the letter recorded as
 * QUEUED, then the message put on the post queue. A retry that finds the letter
 * QUEUED puts the message on the queue again (the consumer is idempotent per letter).
 */
export async function queuePostLetter(req: DeliveryRequest): Promise<DeliveryResult> {
  const { strategy, person } = await load(req);
  const address = person.postalAddress;
  if (!address) {
    await recordMissingRoute(strategy, req.letterKind, 'POST');
    return { outcome: 'NO_ROUTE', letterId: null };
  }
  const existing = await findDelivered(strategy.id, deliveryKeyOf(req.letterKind, req.requestId), 'POST');
  if (existing) {
    if (existing.status === 'QUEUED' && existing.packKey) {
      await queuePostMessage({ letterId: existing.id, strategyId: strategy.id, packKey: existing.packKey, queuedAt: existing.queuedAt ?? nowIso() });
    }
    return { outcome: 'ALREADY', letterId: existing.id };
  }

  const issuedOn = ukToday();
  const [letter, policy] = await Promise.all([render(strategy, req.letterKind, req.requestId), policyDocument()]);
  const letterId = newLetterId();
  const dateLine = ukLongDate(issuedOn);
  const letterFile = await letterPdf({
    recipientName: person.name,
    postalAddress: address,
    dateLine,
    subject: letter.subject,
    senderLines: [office().name, ...office().postalAddress],
    text: bodyForPrint(letter.text, [person.name, ...address.lines, address.postcode], dateLine),
    reference: strategy.id,
  });
  const pack = await postPackPdf(letterFile, policy.pdf, letter.subject);
  const queuedAt = nowIso();
  const packKey = await storePostPack(pack, {
    letterId,
    strategyId: strategy.id,
    recipientName: person.name,
    postalAddress: address,
    subject: letter.subject,
    text: letter.text,
    enclosures: [policy.filename],
    createdAt: queuedAt,
  });
  await record(
    {
      id: letterId,
      strategyId: strategy.id,
      serviceUserId: strategy.serviceUserId,
      recipientName: person.name,
      postalAddress: { lines: [...address.lines], postcode: address.postcode },
      kind: req.letterKind,
      channel: 'POST',
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      caseIds: strategy.caseIds,
      requestId: req.requestId,
      packKey,
    },
    (at) => ({ status: 'QUEUED', queuedAt: at }),
  );
  await queuePostMessage({ letterId, strategyId: strategy.id, packKey, queuedAt });
  logger.info('letter queued for post', { strategyId: strategy.id, letterId, kind: req.letterKind });
  return { outcome: 'QUEUED', letterId };
}
