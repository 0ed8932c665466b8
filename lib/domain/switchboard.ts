/**
 * Telephone calls screened at the switchboard (Amazon Connect), before a person
 * picks up (docs/screening.md, "Calls at the switchboard"). Pure: what the contact
 * flow is told, in Connect's own terms (a flat map of strings), and whether a call
 * that ended lasted longer than the strategy allows.
 *
 * A caller's number can be spoofed, so what the caller hears never names them,
 * their case or their strategy: a call the line cannot take is told only that, and
 * how to write to the office; every other call hears the same greeting.
 */
import type { Decision, ScreenOutcome } from './screening.js';

/** The office as the switchboard's message names it (settings ORG_NAME, ORG_POSTAL_ADDRESS, OFFICE_MAILBOX). */
export interface SwitchboardOffice {
  name: string;
  postalAddress: string[];
  mailbox: string;
}

/** What the contact flow gets back: Connect requires a flat map of strings (`ResponseType: STRING_MAP`). */
export type SwitchboardAnswer = Record<string, string>;

/** The decisions on which the flow plays the message and ends the call. */
export const CALL_NOT_TAKEN: readonly Decision[] = ['CHANNEL_BLOCKED', 'LIMIT_REACHED'];

/** A caller's number that says nothing about who is calling: withheld (`anonymous`), empty or absent. */
export function numberWithheld(address: string | null | undefined): boolean {
  const a = address?.trim().toLowerCase() ?? '';
  return a === '' || a === 'anonymous' || a === 'withheld' || a === 'private' || a === 'unknown';
}

/** What the caller hears: the same for every call the line takes; for one it cannot, how to write instead. */
export function switchboardMessage(decision: Decision, office: SwitchboardOffice): string {
  if (!CALL_NOT_TAKEN.includes(decision)) return `Thank you for calling the ${office.name}. Please hold while we put you through.`;
  const post = office.postalAddress.length ? ` by post to ${office.postalAddress.join(', ')}, or` : '';
  return `Thank you for calling the ${office.name}. Sorry, this line cannot take your call. Please write to us${post} by email to ${office.mailbox}. Goodbye.`;
}

/** The flat map the flow reads as `$.External.<name>`. */
export function switchboardAnswer(outcome: Pick<ScreenOutcome, 'decision' | 'spoc' | 'recordCall' | 'callMinutesLimit'> & { contactId: string }, office: SwitchboardOffice, screenByName: boolean): SwitchboardAnswer {
  return {
    decision: outcome.decision,
    contactId: outcome.contactId,
    message: switchboardMessage(outcome.decision, office),
    recordCall: outcome.recordCall ? 'true' : 'false',
    ...(outcome.spoc ? { spocName: outcome.spoc.staffName } : {}),
    ...(outcome.callMinutesLimit !== undefined ? { callMinutesLimit: String(outcome.callMinutesLimit) } : {}),
    ...(screenByName ? { screenByName: 'true' } : {}),
  };
}

/** How long a call lasted, in whole minutes, rounded up: a call of 10 min 5 s took the staff member into an 11th minute. */
export function callMinutes(initiatedAt: string, disconnectedAt: string): number {
  const ms = Date.parse(disconnectedAt) - Date.parse(initiatedAt);
  return Math.max(0, Math.ceil(ms / 60_000));
}

/** A call that lasted longer than the strategy's `maxMinutes` (returned at screening as `callMinutesLimit`): a potential breach. */
export function overCallLimit(durationMinutes: number, callMinutesLimit: number | undefined): boolean {
  return callMinutesLimit !== undefined && durationMinutes > callMinutesLimit;
}

/** The reason added to the contact when a call ran over, in words. */
export const overLimitReason = (durationMinutes: number, limit: number) =>
  `The call lasted ${durationMinutes} minute${durationMinutes === 1 ? '' : 's'}, longer than the ${limit} minute${limit === 1 ? '' : 's'} the strategy allows for a call.`;
