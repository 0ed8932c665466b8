import type { Context } from 'aws-lambda';
import { screenCallAtSwitchboard } from '../lib/app/switchboard.js';
import type { SwitchboardAnswer } from '../lib/domain/switchboard.js';
import { logger } from '../lib/observability.js';
import { ConnectContactFlowEvent } from '../lib/schemas/switchboard.js';

/** Names every field of Connect's event that is missing or wrong, never its value (a caller's number is personal data). */
export class InvalidConnectEvent extends Error {
  constructor(readonly fields: string[]) {
    super(`Not Amazon Connect's contact flow event: ${fields.join('; ')}`);
    this.name = 'InvalidConnectEvent';
  }
}

/**
 * Amazon Connect's contact flow, before a person picks up ("Invoke AWS Lambda
 * function", synchronous, at most 8 seconds): screens the caller's number as
 * `POST /contacts/screen` would and answers the flat map of strings the flow reads
 * as `$.External`. A bad event throws (the flow takes its error branch and passes the
 * call to staff); nothing from the event is logged.
 */
export const handler = async (event: unknown, context?: Context): Promise<SwitchboardAnswer> => {
  if (context) logger.addContext(context);
  const parsed = ConnectContactFlowEvent.safeParse(event);
  if (!parsed.success) throw new InvalidConnectEvent(parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`));
  const contact = parsed.data.Details.ContactData;
  const answer = await screenCallAtSwitchboard({
    connectContactId: contact.ContactId,
    callerNumber: contact.CustomerEndpoint?.Address,
    initiatedAt: contact.InitiationTimestamp,
  });
  logger.info('switchboard call screened', { contactId: answer.contactId, decision: answer.decision });
  return answer;
};
