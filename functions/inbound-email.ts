import type { Context, SESEvent } from 'aws-lambda';
import { receiveStoredEmail, type InboundOutcome } from '../lib/app/inbound-email.js';
import { INBOUND_EMAIL_PREFIX } from '../lib/adapters/settings.js';
import { logger } from '../lib/observability.js';
import { buildAtColdStart, inboundMessages, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, inboundMessages);

/**
 * SES email receiving's Lambda action (invoked asynchronously, after the S3 action
 * stored the message). Nothing from the message is logged: it is personal data.
 * A failure throws, so Lambda retries and then sends the event to the dead-letter
 * queue (operators are alarmed); the contact is recorded once whatever the attempts.
 * Only SES's verdicts are read: nothing in the message itself can make it trusted.
 */
export const handler = async (event: SESEvent, context?: Context): Promise<{ outcomes: InboundOutcome[] }> => {
  if (context) logger.addContext(context);
  const outcomes: InboundOutcome[] = [];
  for (const record of event.Records) {
    const { mail, receipt } = record.ses;
    // SES's own id for the delivery keys both the stored object and the once-per-delivery marker.
    outcomes.push(
      await receiveStoredEmail({
        key: `${INBOUND_EMAIL_PREFIX}${mail.messageId}`,
        deliveryId: mail.messageId,
        verdicts: { dmarc: receipt.dmarcVerdict?.status, spam: receipt.spamVerdict?.status, virus: receipt.virusVerdict?.status },
      }),
    );
  }
  return { outcomes };
};
