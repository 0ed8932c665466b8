import type { Actor } from '../domain/staff.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { callMinutes, numberWithheld, overCallLimit, overLimitReason, switchboardAnswer, type SwitchboardAnswer, type SwitchboardOffice } from '../domain/switchboard.js';
import { logger } from '../observability.js';
import { ScreenContact } from '../schemas/screening.js';
import type { SwitchboardCalls } from '../schemas/switchboard.js';
import { commit, ConditionFailed } from '../store/db.js';
import { CALL_ENDED_WRITE, CALL_WRITE, callEndedWrites, switchboardCall, switchboardCallsSince, switchboardCallWrite } from '../store/switchboard.js';
import { screenSwitchboardCall } from './screening.js';

/**
 * Telephone calls at the switchboard: Amazon Connect's contact flow asks before a
 * person picks up (functions/connect-screen.ts), and tells us when the call ended
 * (functions/connect-contact-events.ts). Screening is the same use case as
 * `POST /contacts/screen`; this adds what Connect needs around it.
 */

/** Who records calls screened at the switchboard on the contact log. */
export const SWITCHBOARD_ACTOR: Actor = { sub: 'switchboard', name: 'Switchboard (Amazon Connect)' };

const office = (): SwitchboardOffice => ({ name: config.ORG_NAME, postalAddress: config.ORG_POSTAL_ADDRESS, mailbox: config.OFFICE_MAILBOX });

export interface IncomingCall {
  /** Connect's own id for the contact: the same call is recorded once whatever the invocations. */
  connectContactId: string;
  /** The caller's number as Connect gives it (`CustomerEndpoint.Address`): withheld, empty or absent when unknown. */
  callerNumber?: string | null | undefined;
  /** When Connect says the call began (`InitiationTimestamp`). */
  initiatedAt?: string | undefined;
}

/** The caller's number as screening takes it (normalised), or undefined when it says nothing about who is calling. */
export function callerOf(address: string | null | undefined): ScreenContact['from'] {
  if (numberWithheld(address)) return undefined;
  const parsed = ScreenContact.shape.from.safeParse(address);
  // Only a telephone number identifies a caller; anything else is screened by name.
  return parsed.success && parsed.data?.kind === 'PHONE' ? parsed.data : undefined;
}

/**
 * Screens and records one call, answering the flow's flat map. A withheld number
 * proceeds with `screenByName` so that staff screen by name. Connect invoking again
 * for the same contact records nothing new and answers what the first invocation did.
 */
export async function screenCallAtSwitchboard(call: IncomingCall): Promise<SwitchboardAnswer> {
  const from = callerOf(call.callerNumber);
  // Connect's clock may run a little ahead of ours: a call is never screened as if from the future.
  const at = new Date(Math.min(call.initiatedAt ? Date.parse(call.initiatedAt) : Infinity, now().getTime())).toISOString();
  const screenByName = from === undefined;
  const input: ScreenContact = {
    channel: 'PHONE',
    receivedAt: at,
    summary: screenByName ? 'Telephone call at the switchboard, number withheld: staff screen the caller by name.' : 'Telephone call at the switchboard, screened before anyone picked up.',
    ...(from ? { from } : {}),
  };
  const screened = await screenSwitchboardCall(input, SWITCHBOARD_ACTOR, {
    write: CALL_WRITE,
    marker: (result, serviceUserId) =>
      switchboardCallWrite({
        connectContactId: call.connectContactId,
        contactId: result.contactId,
        at,
        decision: result.decision,
        ...(serviceUserId ? { serviceUserId } : {}),
        answer: switchboardAnswer(result, office(), screenByName),
        ...(result.callMinutesLimit !== undefined ? { callMinutesLimit: result.callMinutesLimit } : {}),
      }),
  });
  if (!screened.recordedBefore) return switchboardAnswer(screened.result, office(), screenByName);
  const first = await switchboardCall(call.connectContactId);
  if (!first) throw new Error('The call was recorded before, but its record cannot be read');
  logger.info('switchboard call screened before; answering as then', { contactId: first.contactId });
  return first.answer;
}

export interface EndedCall {
  connectContactId: string;
  initiatedAt?: string | undefined;
  disconnectedAt?: string | undefined;
}

export type CallEndedOutcome =
  | { recorded: true; contactId: string; durationMinutes: number; overLimit: boolean }
  | { recorded: false; why: 'NOT_SCREENED_HERE' | 'ALREADY_RECORDED' };

/**
 * The call ended (Connect's `DISCONNECTED` contact event): its length goes on the
 * contact, once. A call longer than the strategy allows is flagged a potential
 * breach, for the managers' inbox. A contact this switchboard never screened (an
 * outbound call, another flow's) is not ours: nothing is recorded.
 */
export async function recordCallEnded(ended: EndedCall): Promise<CallEndedOutcome> {
  const call = await switchboardCall(ended.connectContactId);
  if (!call) return { recorded: false, why: 'NOT_SCREENED_HERE' };
  if (call.durationMinutes !== undefined) return { recorded: false, why: 'ALREADY_RECORDED' };
  const durationMinutes = callMinutes(ended.initiatedAt ?? call.at, ended.disconnectedAt ?? now().toISOString());
  const overLimit = overCallLimit(durationMinutes, call.callMinutesLimit);
  try {
    await commit(callEndedWrites(call, durationMinutes, overLimit ? { reason: overLimitReason(durationMinutes, call.callMinutesLimit!), occurredAt: call.at } : undefined));
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === CALL_ENDED_WRITE) return { recorded: false, why: 'ALREADY_RECORDED' };
    throw err;
  }
  return { recorded: true, contactId: call.contactId, durationMinutes, overLimit };
}

/** How far back the desk's list of switchboard calls reaches. */
const DESK_WINDOW_MS = 60 * 60 * 1000;

/** `GET /contacts/switchboard`: the calls screened at the switchboard in the last hour, newest first. */
export async function callsAtSwitchboard(): Promise<SwitchboardCalls> {
  return { items: await switchboardCallsSince(new Date(now().getTime() - DESK_WINDOW_MS).toISOString()) };
}
