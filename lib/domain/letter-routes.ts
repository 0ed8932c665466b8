import type { StrategyStatus } from '../schemas/restrictions.js';
import { LETTER_KIND_SPECS, type LetterKind } from './letters/index.js';

/**
 * How a letter reaches the person (policy 1.5: told in writing, by email and by
 * post) and when two deliveries are the same one. Pure, no AWS.
 */

export const LETTER_CHANNELS = ['EMAIL', 'POST'] as const;
export type LetterChannel = (typeof LETTER_CHANNELS)[number];

/**
 * SENT (email); QUEUED, then PRINT_READY (in-house: waiting to be printed) or
 * SENT_TO_PRINTER (GOV.UK Notify accepted it), then POSTED, and RETURNED when it
 * comes back (post); FAILED when delivery failed; BOUNCED and COMPLAINED: an
 * emailed letter SES reported as undeliverable. DISPATCHED: a posted letter
 * handed over before the post was followed to the letterbox (read as posted).
 */
export const LETTER_STATUSES = ['SENT', 'QUEUED', 'PRINT_READY', 'SENT_TO_PRINTER', 'POSTED', 'RETURNED', 'DISPATCHED', 'FAILED', 'BOUNCED', 'COMPLAINED'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/**
 * Which of the person's email addresses a letter may still go to. An address a
 * letter of this strategy bounced from (or that complained) is not written to
 * again; if the person gives a new address it is used.
 */
export function deliverableEmails(personEmails: readonly string[], undeliverable: readonly string[] | undefined): string[] {
  const avoid = new Set((undeliverable ?? []).map((a) => a.toLowerCase()));
  return personEmails.filter((e) => !avoid.has(e.toLowerCase()));
}

/**
 * The idempotency key of a delivery: a letter its spec sends once per strategy (a
 * strategy is implemented once, so IMPLEMENTED) goes once per channel however often
 * a task is retried or re-driven; other letters (review and breach outcomes) once
 * per request.
 */
export function deliveryKeyOf(kind: LetterKind, requestId: string): string {
  return LETTER_KIND_SPECS[kind].oncePerStrategy ? kind : `${kind}#${requestId}`;
}

/** A posted letter that has not failed (nor come back): it is on its way, or was posted. */
const POSTAL_COPY_ON_ITS_WAY: readonly LetterStatus[] = ['QUEUED', 'PRINT_READY', 'SENT_TO_PRINTER', 'POSTED', 'DISPATCHED'];

/** Whether the person was also written to by post for the same delivery (a posted copy that did not fail). */
export function hasPostalCopy(emailed: { deliveryKey: string }, letters: ReadonlyArray<{ channel: LetterChannel; deliveryKey: string; status: LetterStatus }>): boolean {
  return letters.some((l) => l.channel === 'POST' && l.deliveryKey === emailed.deliveryKey && POSTAL_COPY_ON_ITS_WAY.includes(l.status));
}

/**
 * Whether a letter of `kind` may be written about a strategy in `status`, as its
 * spec says: an IMPLEMENTED letter only about one approved (and so about to be in
 * force) or already in force; an outcome letter about whatever the outcome left.
 */
export function letterFitsStatus(kind: LetterKind, status: StrategyStatus): boolean {
  const allowed = LETTER_KIND_SPECS[kind].sendableWhile;
  return allowed === 'any' || allowed.includes(status);
}
