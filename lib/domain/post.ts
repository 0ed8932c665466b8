import type { LetterStatus } from './letter-routes.js';

/**
 * The post, followed to the letterbox (policy 1.5: told in writing, by post). A
 * posted letter is QUEUED when its pack is made, then either PRINT_READY (the
 * office prints and posts it itself) or SENT_TO_PRINTER (GOV.UK Notify accepted
 * it for print and post), then POSTED; it may come back (RETURNED), or never
 * leave (FAILED, with the reason). Pure, no AWS.
 */

/** How posted letters leave the building: printed in the office, or by GOV.UK Notify's print-and-post service. */
export const POST_PROVIDERS = ['IN_HOUSE', 'NOTIFY'] as const;
export type PostProvider = (typeof POST_PROVIDERS)[number];

/** The failures GOV.UK Notify reports for a letter it will not (or could not) print and post. */
export const NOTIFY_FAILURES = ['validation-failed', 'virus-scan-failed', 'technical-failure', 'permanent-failure', 'cancelled'] as const;

/** What a letter's status becomes once Notify reports `notifyStatus`: nothing new while it is still being checked. */
export type NotifyVerdict = { status: 'SENT_TO_PRINTER' } | { status: 'POSTED' } | { status: 'FAILED'; reason: string } | undefined;

/**
 * Notify's letter statuses in this service's words: `accepted` (being printed) is
 * SENT_TO_PRINTER, `received` (handed to the postal service) is POSTED, and each of
 * its failures is FAILED with that status as the reason. `pending-virus-check` and
 * anything else Notify may add change nothing.
 */
export function letterStatusOfNotify(notifyStatus: string): NotifyVerdict {
  if (notifyStatus === 'accepted') return { status: 'SENT_TO_PRINTER' };
  if (notifyStatus === 'received') return { status: 'POSTED' };
  if ((NOTIFY_FAILURES as readonly string[]).includes(notifyStatus)) return { status: 'FAILED', reason: notifyStatus };
  return undefined;
}

/**
 * "In force only once told", read truthfully for the post: a posted letter told the
 * person once it went to the printer or was posted (queued, or waiting in the print
 * queue, is not told). A letter that came back was posted all the same.
 */
export function toldByPost(status: LetterStatus): boolean {
  return status === 'SENT_TO_PRINTER' || status === 'POSTED' || status === 'RETURNED' || status === 'DISPATCHED';
}

/** A posted letter on its way that has not yet told the person: it may still do so. */
export function postStillOnItsWay(status: LetterStatus): boolean {
  return status === 'QUEUED' || status === 'PRINT_READY';
}

/** The statuses a posted letter may be moved from by hand: marked as posted (from the print queue), recorded as returned (once posted). */
export const MOVES_BY_HAND = {
  posted: { from: 'PRINT_READY', to: 'POSTED' },
  returned: { from: 'POSTED', to: 'RETURNED' },
} as const satisfies Record<string, { from: LetterStatus; to: LetterStatus }>;

/** The letters staff act on, each listed in its own order: the print queue oldest first, failed letters newest first. */
export const LETTER_QUEUES = { PRINT_READY: 'OLDEST_FIRST', FAILED: 'NEWEST_FIRST' } as const;
export type LetterQueue = keyof typeof LETTER_QUEUES;

/**
 * Where an approved strategy stands once its letters were sent or queued: TOLD
 * when an email was accepted or a posted letter went to the printer or was posted;
 * AWAITING_POSTING when nothing told the person yet but a posted letter is still on
 * its way (the strategy stays APPROVED until it is posted); NOT_TOLD when every
 * route failed or was missing.
 */
export type NotificationState = 'TOLD' | 'AWAITING_POSTING' | 'NOT_TOLD';

export interface RouteOutcome {
  channel: 'EMAIL' | 'POST';
  /** The delivery task's outcome (lib/app/delivery-failure.ts). */
  outcome: string;
  /** For a posted letter: its status now. */
  letterStatus?: LetterStatus | undefined;
}

export function notificationState(routes: readonly RouteOutcome[]): NotificationState {
  const told = routes.some((r) => (r.channel === 'EMAIL' ? r.outcome === 'SENT' || r.outcome === 'ALREADY' : r.letterStatus !== undefined && toldByPost(r.letterStatus)));
  if (told) return 'TOLD';
  return routes.some((r) => r.channel === 'POST' && r.letterStatus !== undefined && postStillOnItsWay(r.letterStatus)) ? 'AWAITING_POSTING' : 'NOT_TOLD';
}
