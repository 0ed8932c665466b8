import * as z from 'zod';
import { DECISIONS } from '../domain/screening.js';
import { Timestamp } from './common.js';

/**
 * Amazon Connect's own event when a contact flow's "Invoke AWS Lambda function"
 * block runs (`Name: "ContactFlowEvent"`). Only what screening needs is required:
 * the contact's id and, for a telephone call, when it began. Connect may add fields
 * at any time, so every object is loose. `CustomerEndpoint` is null or its
 * `Address` is `anonymous` or empty when the caller withheld their number.
 */
export const ConnectContactFlowEvent = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.looseObject({
    ContactData: z.looseObject({
      ContactId: z.string().regex(/^[A-Za-z0-9-]{1,256}$/, 'must be a Connect contact id'),
      Channel: z.string().optional(),
      InitiationMethod: z.string().optional(),
      InitiationTimestamp: Timestamp.optional(),
      CustomerEndpoint: z.looseObject({ Address: z.string().max(320).nullish(), Type: z.string().nullish() }).nullish(),
      Attributes: z.record(z.string(), z.string().nullable()).nullish(),
    }),
    Parameters: z.record(z.string(), z.string().nullable()).nullish(),
  }),
});
export type ConnectContactFlowEvent = z.infer<typeof ConnectContactFlowEvent>;

/**
 * Connect's contact event on EventBridge (`source: aws.connect`, detail-type
 * `Amazon Connect Contact Event`). Only `DISCONNECTED` is acted on; the rule
 * matches only that one, but the function checks again.
 */
export const ConnectContactEvent = z.object({
  source: z.literal('aws.connect'),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  detail: z.looseObject({
    eventType: z.string(),
    contactId: z.string().regex(/^[A-Za-z0-9-]{1,256}$/, 'must be a Connect contact id'),
    initiationTimestamp: Timestamp.optional(),
    disconnectTimestamp: Timestamp.optional(),
  }),
});
export type ConnectContactEvent = z.infer<typeof ConnectContactEvent>;

/** `GET /contacts/switchboard`: the calls screened at the switchboard in the last hour, newest first. */
export const SwitchboardCalls = z.object({
  items: z.array(
    z.object({
      contactId: z.string().describe('The contact recorded for the call (see the contact log).'),
      at: z.string().describe('When the call came in, UTC ISO-8601.'),
      decision: z.enum(DECISIONS),
      serviceUserId: z.string().optional().describe('Whose call it was, when the number is one person’s.'),
      name: z.string().optional().describe('Their name, when the number is one person’s.'),
    }),
  ),
});
export type SwitchboardCalls = z.infer<typeof SwitchboardCalls>;
