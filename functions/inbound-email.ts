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
 */
export const handler = async (event: SESEvent, context?: Context): Promise<{ outcomes: InboundOutcome[] }> => {
  if (context) logger.addContext(context);
  const outcomes: InboundOutcome[] = [];
  for (const record of event.Records) {
    const { mail, receipt } = record.ses;
    outcomes.push(await receiveStoredEmail({ key: `${INBOUND_EMAIL_PREFIX}${mail.messageId}`, verdicts: { spf: receipt.spfVerdict?.status, dkim: receipt.dkimVerdict?.status } }));
  }
  return { outcomes };
};
