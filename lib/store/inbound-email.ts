import { createHash } from 'node:crypto';
import type { ScreenResult } from '../schemas/screening.js';
import { getItem, type Write } from './db.js';
import { KEY } from './table.js';

/**
 * Inbound email is recorded once per Message-ID: the contact's transaction also puts
 * a marker keyed by the hashed Message-ID (conditionally, named `INBOUND_EMAIL_WRITE`).
 * A second delivery of the same message (SES or Lambda retrying, a sender resending)
 * fails that condition and reads back the first screening instead of recording again.
 */
export const INBOUND_EMAIL_WRITE = 'inboundEmail';

/** How long a Message-ID is remembered: far longer than any retry or resend. */
const REMEMBER_DAYS = 400;

const keyOf = (messageKey: string) => KEY.inboundEmail(createHash('sha256').update(messageKey).digest('hex'));

export function inboundEmailWrite(messageKey: string, result: ScreenResult, recordedAt: string): Write {
  return {
    name: INBOUND_EMAIL_WRITE,
    Put: {
      Item: { ...keyOf(messageKey), entity: 'InboundEmail', result, recordedAt, ttl: Math.floor(Date.parse(recordedAt) / 1000) + REMEMBER_DAYS * 86_400 },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The screening recorded for this Message-ID, if it was seen before. */
export async function inboundEmailSeen(messageKey: string): Promise<ScreenResult | undefined> {
  return (await getItem<{ result: ScreenResult }>(keyOf(messageKey)))?.result;
}
