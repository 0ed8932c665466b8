import type { RepresentativeKind } from './representatives.js';
import type { LetterKind } from './letter.js';
import type { LetterChannel, LetterStatus } from './letter-routes.js';

/**
 * What each case's timeline (and the strategy's history) records about a letter to
 * the person: its kind, route, status and subject, why it failed, and whose copy it
 * is. timeline-words.ts words these fields. Pure.
 */

/** A letter to the person, or a copy for their representative, and what happened to it. */
export interface LetterFields {
  letterKind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  subject: string;
  /** Why it failed, in words (`failureWords`). */
  failure?: string;
  copyForName?: string;
  copyForKind?: RepresentativeKind;
  /** SES's report on an emailed letter, with what is relied on instead. */
  feedback?: 'BOUNCE' | 'COMPLAINT' | 'REJECT';
  detail?: string;
  postalCopy?: boolean;
  /** A posted letter that came back: why. */
  returnedReason?: string;
}

/** A letter's fields for its timeline and history entries, as it now stands. */
export function letterFields(l: {
  kind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  subject: string;
  failure?: { error: string; reason?: string | undefined } | undefined;
  copyFor?: { name: string; kind: RepresentativeKind } | undefined;
}): LetterFields {
  return {
    letterKind: l.kind,
    channel: l.channel,
    status: l.status,
    subject: l.subject,
    ...(l.status === 'FAILED' ? { failure: failureWords(l.failure) } : {}),
    // A copy for the person's representative says whose it is: it is not the person's own letter.
    ...(l.copyFor ? { copyForName: l.copyFor.name, copyForKind: l.copyFor.kind } : {}),
  };
}

/** GOV.UK Notify's reasons in words (the timeline says "the print and post service": no codes, no acronyms); any other failure by its error name. */
const NOTIFY_REASON_WORDS: Record<string, string> = {
  'validation-failed': 'the print and post service found the PDF did not meet its letter specification',
  'virus-scan-failed': 'the print and post service found a virus in the PDF',
  'technical-failure': 'the print and post service had a technical failure',
  'permanent-failure': 'the print and post service could not deliver it',
  cancelled: 'it was cancelled in the print and post service',
};

/**
 * A sending step's error name (Step Functions' or the AWS SDK's) as staff read it. The
 * name itself stays on the letter item for whoever investigates; staff need to know
 * only whether it was time, a busy or refusing service, or something else.
 */
function errorWords(error: string): string {
  if (/Timeout|TimedOut/i.test(error)) return 'the sending step took too long';
  if (/Throttl|TooManyRequests|LimitExceeded|SendingPaused|Unavailable/i.test(error)) return 'the sending service was busy or unavailable';
  if (/Rejected|Refused/i.test(error)) return 'the sending service refused it';
  return 'a technical failure while sending it';
}

/** Why a letter failed, in words. */
export function failureWords(failure: { error: string; reason?: string | undefined } | undefined): string {
  if (!failure) return 'no reason was recorded';
  if (failure.reason) return NOTIFY_REASON_WORDS[failure.reason] ?? failure.reason;
  return errorWords(failure.error);
}

export type FeedbackEvent = 'BOUNCE' | 'COMPLAINT' | 'REJECT';
