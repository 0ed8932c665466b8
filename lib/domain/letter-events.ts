import { representativeWords, type RepresentativeKind } from './representatives.js';
import type { LetterKind } from './letter.js';
import type { LetterChannel, LetterStatus } from './letter-routes.js';

/**
 * What each case's timeline (and the strategy's history) says about a letter to
 * the person: sent, queued, dispatched, failed, undeliverable, or not sent for
 * want of an address. Pure wording.
 */

const CHANNEL_WORDS: Record<LetterChannel, string> = { EMAIL: 'email', POST: 'post' };

/** The entry for a letter in its current status. */
export function letterEventSummary(l: {
  kind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  subject: string;
  failure?: { error: string; reason?: string | undefined } | undefined;
  copyFor?: { name: string; kind: RepresentativeKind } | undefined;
}): string {
  // A copy for the person's representative says whose it is: it is not the person's own letter.
  const kind = l.copyFor ? `${l.kind} (a copy for ${representativeWords(l.copyFor)})` : l.kind;
  switch (l.status) {
    case 'SENT':
      return `${kind} letter sent by email: ${l.subject}`;
    case 'QUEUED':
      return `${kind} letter queued for post: ${l.subject}`;
    case 'DISPATCHED':
      return `${kind} letter dispatched by post: ${l.subject}`;
    case 'PRINT_READY':
      return `${kind} letter is in the print queue, waiting to be printed and posted: ${l.subject}`;
    case 'SENT_TO_PRINTER':
      return `${kind} letter was accepted by the print and post service: ${l.subject}`;
    case 'POSTED':
      return `${kind} letter was posted: ${l.subject}`;
    case 'RETURNED':
      return `${kind} letter came back undelivered: ${l.subject}`;
    case 'FAILED':
      return `${kind} letter could not be sent by ${CHANNEL_WORDS[l.channel]} (${failureWords(l.failure)}); it needs sending by hand: ${l.subject}`;
    case 'BOUNCED':
      return `${kind} letter sent by email bounced: ${l.subject}`;
    case 'COMPLAINED':
      return `${kind} letter sent by email was marked as spam by the recipient: ${l.subject}`;
  }
}

/** GOV.UK Notify's reasons in words (the timeline says "the print and post service": no codes, no acronyms); any other failure by its error name. */
const NOTIFY_REASON_WORDS: Record<string, string> = {
  'validation-failed': 'the print and post service found the PDF did not meet its letter specification',
  'virus-scan-failed': 'the print and post service found a virus in the PDF',
  'technical-failure': 'the print and post service had a technical failure',
  'permanent-failure': 'the print and post service could not deliver it',
  cancelled: 'it was cancelled in the print and post service',
};

/** Why a letter failed, in words. */
export function failureWords(failure: { error: string; reason?: string | undefined } | undefined): string {
  if (!failure) return 'unknown error';
  if (failure.reason) return NOTIFY_REASON_WORDS[failure.reason] ?? failure.reason;
  return failure.error;
}

/**
 * A route the person does not have (no email address, or none that letters have
 * not bounced from; no postal address): recorded, not treated as an error.
 */
export function missingRouteSummary(kind: LetterKind, channel: LetterChannel, undeliverable?: boolean): string {
  const what = undeliverable
    ? channel === 'EMAIL'
      ? 'no email address that letters have not bounced from'
      : 'no postal address that letters have not come back from'
    : channel === 'EMAIL'
      ? 'no email address'
      : 'no postal address';
  return `The person has ${what} on record, so the ${kind} letter was not sent by ${CHANNEL_WORDS[channel]}.`;
}

export type FeedbackEvent = 'BOUNCE' | 'COMPLAINT' | 'REJECT';

/** The entry when SES reports an emailed letter undeliverable: what happened, and what is relied on instead. */
export function undeliverableSummary(letter: { kind: LetterKind; subject: string }, verdict: { status: 'BOUNCED' | 'COMPLAINED'; event: FeedbackEvent; detail: string }, postalCopy: boolean): string {
  const what =
    verdict.event === 'COMPLAINT'
      ? `The ${letter.kind} letter sent by email was marked as spam by the recipient (${verdict.detail}); SES will send nothing more to that address`
      : verdict.event === 'REJECT'
        ? `The ${letter.kind} letter sent by email was not delivered: ${verdict.detail}`
        : `The ${letter.kind} letter sent by email bounced (${verdict.detail}) and did not reach the person`;
  const then = postalCopy
    ? 'The copy sent by post is relied on to tell the person in writing.'
    : 'There is no posted copy (no postal address on record, or the post failed): the Statutory Operations Manager has been asked to arrange another way to tell the person in writing.';
  return `${what}. ${then} Letter: ${letter.subject}`;
}

/** A copy for the person's representative that could not be sent: for staff to send by hand. */
export function copyNotSentSummary(kind: LetterKind, rep: { name: string; kind: RepresentativeKind }, channel: LetterChannel): string {
  return `The copy of the ${kind} letter for ${representativeWords(rep)} could not be sent by ${CHANNEL_WORDS[channel]}; it needs sending by hand.`;
}
