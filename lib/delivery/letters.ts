import { ukToday } from '../clock.js';
import { ukLongDate } from '../domain/letter.js';
import { logger } from '../observability.js';
import { letterPdf, postPackPdf } from './pdf.js';
import { policyDocument } from './policy.js';
import { queuePostMessage, storePostPack } from './post.js';
import { sendEmail } from './email.js';
import { nowIso } from '../clock.js';
import {
  deliveryKeyOf,
  findDelivered,
  newLetterId,
  recordMissingRoute,
  recordQueued,
  recordSent,
} from '../store/letters.js';
import { deliverableEmails } from '../domain/letter-routes.js';
import { getStrategy, type StrategyRecord } from '../store/strategies.js';
import { getServiceUserItem, type ServiceUserItem } from '../store/service-users.js';
import { NotDeliverable, render, type DeliveryRequest, type DeliveryResult } from './delivery-failure.js';

export { NotDeliverable, recordDeliveryFailure, type DeliveryRequest, type DeliveryResult, type TaskFailure } from './delivery-failure.js';

/**
 * Telling the person in writing (policy 1.5): by email and by post, each route
 * they have, each letter carrying the policy. One function per route, called by
 * the state machine's two parallel branches; each is idempotent (a retried or
 * re-driven task never sends the same letter twice) and a missing route is
 * recorded on each case rather than treated as an error.
 */

interface Subject {
  strategy: StrategyRecord;
  person: ServiceUserItem;
}

async function load(req: DeliveryRequest): Promise<Subject> {
  const strategy = await getStrategy(req.strategyId);
  if (!strategy) throw new NotDeliverable(`No strategy ${req.strategyId}`);
  if (req.letterKind === 'IMPLEMENTED' && strategy.status !== 'APPROVED' && strategy.status !== 'ACTIVE') {
    throw new NotDeliverable(`Strategy ${req.strategyId} is ${strategy.status}: no IMPLEMENTED letter`);
  }
  const person = await getServiceUserItem(strategy.serviceUserId);
  if (!person) throw new NotDeliverable(`No service user ${strategy.serviceUserId}`);
  return { strategy, person };
}


/** The email route: the letter as HTML and text, the policy PDF attached. */
export async function sendEmailLetter(req: DeliveryRequest): Promise<DeliveryResult> {
  const { strategy, person } = await load(req);
  const to = deliverableEmails(person.emails, (strategy as StrategyRecord & { emailUndeliverableTo?: string[] }).emailUndeliverableTo);
  if (to.length === 0) {
    await recordMissingRoute({ strategyId: strategy.id, kind: req.letterKind, channel: 'EMAIL', caseIds: strategy.caseIds, undeliverable: person.emails.length > 0 });
    return { outcome: 'NO_ROUTE', letterId: null };
  }
  const existing = await findDelivered(strategy.id, deliveryKeyOf(req.letterKind, req.requestId), 'EMAIL');
  if (existing) return { outcome: 'ALREADY', letterId: existing.id };

  const [letter, policy] = await Promise.all([render(strategy, req.letterKind), policyDocument()]);
  const sesMessageId = await sendEmail({
    to,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    attachments: [{ filename: policy.filename, contentType: 'application/pdf', content: policy.pdf }],
  });
  const recorded = await recordSent({
    strategyId: strategy.id,
    kind: req.letterKind,
    channel: 'EMAIL',
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    caseIds: strategy.caseIds,
    requestId: req.requestId,
    ...(sesMessageId ? { sesMessageId } : {}),
  });
  logger.info('letter sent by email', { strategyId: strategy.id, letterId: recorded.id, kind: req.letterKind });
  return { outcome: 'SENT', letterId: recorded.id };
}

/**
 * The letter body for print: the address and date that head the text are drawn
 * in their own places on the page (the envelope window, under it), so they are
 * taken off the top of the flowing text.
 */
export function bodyForPrint(text: string, addressLines: string[], dateLine: string): string {
  const paragraphs = text.split('\n\n');
  if (addressLines.length && paragraphs[0] === addressLines.join('\n')) paragraphs.shift();
  if (paragraphs[0]?.trim() === dateLine) paragraphs.shift();
  return paragraphs.join('\n\n');
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
    await recordMissingRoute({ strategyId: strategy.id, kind: req.letterKind, channel: 'POST', caseIds: strategy.caseIds });
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
  const [letter, policy] = await Promise.all([render(strategy, req.letterKind), policyDocument()]);
  const letterId = newLetterId();
  const dateLine = ukLongDate(issuedOn);
  const letterFile = await letterPdf({
    recipientName: person.name,
    postalAddress: address,
    dateLine,
    subject: letter.subject,
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
  await recordQueued({
    id: letterId,
    strategyId: strategy.id,
    kind: req.letterKind,
    channel: 'POST',
    subject: letter.subject,
    text: letter.text,
    caseIds: strategy.caseIds,
    requestId: req.requestId,
    packKey,
  });
  await queuePostMessage({ letterId, strategyId: strategy.id, packKey, queuedAt });
  logger.info('letter queued for post', { strategyId: strategy.id, letterId, kind: req.letterKind });
  return { outcome: 'QUEUED', letterId };
}

