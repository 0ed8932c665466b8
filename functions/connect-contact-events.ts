import type { Context } from 'aws-lambda';
import { recordCallEnded, type CallEndedOutcome } from '../lib/app/switchboard.js';
import { logger } from '../lib/observability.js';
import { ConnectContactEvent } from '../lib/schemas/switchboard.js';

/**
 * Amazon Connect's contact events from EventBridge (`aws.connect`, "Amazon Connect
 * Contact Event"): a `DISCONNECTED` call's length goes on the contact screened at
 * the switchboard. Any other event type is ignored. A failure throws, so the event
 * is retried and, in the end, dead-lettered.
 */
export const handler = async (event: unknown, context?: Context): Promise<{ outcome: CallEndedOutcome | { recorded: false; why: 'NOT_DISCONNECTED' } }> => {
  if (context) logger.addContext(context);
  const parsed = ConnectContactEvent.safeParse(event);
  if (!parsed.success) throw new Error(`Not Amazon Connect's contact event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  const { detail } = parsed.data;
  if (detail.eventType !== 'DISCONNECTED') return { outcome: { recorded: false, why: 'NOT_DISCONNECTED' } };
  const outcome = await recordCallEnded({ connectContactId: detail.contactId, initiatedAt: detail.initiationTimestamp, disconnectedAt: detail.disconnectTimestamp });
  logger.info('switchboard call ended', { ...outcome });
  return { outcome };
};
