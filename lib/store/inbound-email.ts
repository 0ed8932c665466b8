import { createHash } from 'node:crypto';
import type { ScreenResult } from '../schemas/screening.js';
import { getItem, type Write } from './db.js';
import { INBOUND_EMAIL_KEYS, KEY } from './table.js';

/**
 * Inbound email is recorded once per delivery, and a message sent again is not
 * recorded again. The contact's transaction also puts, conditionally:
 *
 * - a **delivery** marker keyed by the receiving system's own id for the delivery
 *   (SES's `mail.messageId`; locally the SMTP server's id), named `DELIVERY_WRITE`:
 *   SES or Lambda invoking again for the same delivery fails it;
 * - a **message** marker keyed by the sender's address and `Message-ID` header
 *   together (`sameMessageKey` in lib/domain/inbound-email.ts), named `MESSAGE_WRITE`:
 *   the same sender sending the same message again fails it. Another sender's
 *   message with the same Message-ID has another key, so it is screened on its own.
 *
 * Both keep what the first delivery recorded and whether its forward is still owed,
 * so a repeat records nothing and forwards only what the first should have forwarded
 * and did not (its forward failed): nothing is forwarded twice, nothing is lost.
 * Keys are hashed: the items carry no address or header. Both sit on GSI2 under the
 * contact recorded, so a disposal of the person deletes them with their contacts.
 */
export const DELIVERY_WRITE = 'inboundDelivery';
export const MESSAGE_WRITE = 'inboundMessage';

/** How long a delivery or message is remembered: far longer than any retry or resend. */
const REMEMBER_DAYS = 400;

/** What the first delivery of a message recorded, as a repeat needs it. */
export interface FirstDelivery {
  result: ScreenResult;
  senderUnverified: boolean;
  quarantined?: 'SPAM' | 'VIRUS';
  /** The receiving system's id of the delivery that recorded it. */
  deliveryId: string;
  /** The first delivery should be forwarded and has not been yet (its forward failed, or is under way). */
  forwardOwed?: boolean;
  recordedAt: string;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const deliveryKey = (deliveryId: string) => KEY.inboundEmail(`delivery:${hash(deliveryId)}`);
const messageKey = (sameMessage: string) => KEY.inboundEmail(`message:${hash(sameMessage)}`);
const ttlOf = (recordedAt: string) => Math.floor(Date.parse(recordedAt) / 1000) + REMEMBER_DAYS * 86_400;

/** The markers of a delivery being recorded, for the contact's own transaction. */
export function inboundEmailWrites(first: FirstDelivery, sameMessage: string | undefined): Write[] {
  const item = { entity: 'InboundEmail', ...first, ttl: ttlOf(first.recordedAt) };
  const put = (name: string, key: Record<string, string>, kind: 'delivery' | 'message'): Write => ({
    name,
    Put: { Item: { ...key, ...INBOUND_EMAIL_KEYS.indexKeys({ contactId: first.result.contactId, recordedAt: first.recordedAt, kind }), ...item }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  return [put(DELIVERY_WRITE, deliveryKey(first.deliveryId), 'delivery'), ...(sameMessage !== undefined ? [put(MESSAGE_WRITE, messageKey(sameMessage), 'message')] : [])];
}

/** What the delivery with this id recorded, if it was recorded. */
export async function deliverySeen(deliveryId: string): Promise<FirstDelivery | undefined> {
  return getItem<FirstDelivery>(deliveryKey(deliveryId));
}

/** What the first delivery of this message recorded, if one was; its forward state is read from that delivery's marker. */
export async function messageSeen(sameMessage: string): Promise<FirstDelivery | undefined> {
  const first = await getItem<FirstDelivery>(messageKey(sameMessage));
  if (!first) return undefined;
  return (await deliverySeen(first.deliveryId)) ?? first;
}

/** The first delivery's forward happened: a repeat owes nothing more. */
export function forwardedWrite(deliveryId: string): Write {
  return {
    Update: {
      Key: deliveryKey(deliveryId),
      UpdateExpression: 'REMOVE forwardOwed',
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}
