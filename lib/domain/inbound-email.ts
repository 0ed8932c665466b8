import { POTENTIAL_BREACH_REASON, type Decision, type ScreenOutcome } from './screening.js';
import { decisionTitle } from './words.js';

/**
 * Inbound email: the pure decisions. Whether the sender can be trusted, whether the
 * message is held back as spam or a virus, when a delivery is the same message sent
 * again, which case the subject names, and what is forwarded to the office mailbox,
 * with which subject, first line and headers. No I/O here: the use case in
 * lib/app/inbound-email.ts reads, records and sends.
 */

/**
 * The receiving system's verdicts on one message (SES: `PASS`, `FAIL`, `GRAY`,
 * `PROCESSING_FAILED`). Locally the SMTP server reports them all as `PASS` unless
 * the message asks otherwise (local/smtp.ts).
 */
export interface InboundVerdicts {
  dmarc?: string;
  spam?: string;
  virus?: string;
}

const is = (verdict: string | undefined, value: string) => verdict?.trim().toUpperCase() === value;

/**
 * The `From` address is trusted only when DMARC passed. SPF checks the envelope
 * sender and DKIM any signing domain; neither is tied to the `From` header, so a
 * sender whose own domain passes SPF could otherwise write anyone's address there.
 * DMARC passes only when one of them passed for the `From` header's own domain.
 */
export function senderVerified(verdicts: InboundVerdicts): boolean {
  return is(verdicts.dmarc, 'PASS');
}

export type Quarantine = 'SPAM' | 'VIRUS';

/**
 * A message the receiving system judged a virus or spam (verdict `FAIL`) is held
 * back: never forwarded, its attachments never leave storage. A virus is named
 * first when both failed: it is the more dangerous of the two.
 */
export function quarantineOf(verdicts: InboundVerdicts): Quarantine | undefined {
  if (is(verdicts.virus, 'FAIL')) return 'VIRUS';
  if (is(verdicts.spam, 'FAIL')) return 'SPAM';
  return undefined;
}

/**
 * What makes a later delivery "the same message sent again": the same `From` address
 * (case aside) and the same `Message-ID` header, trusted the same way. The sender
 * writes its own Message-ID, so a Message-ID alone proves nothing: keyed on it alone,
 * one sender's message would answer for another's. The verification is part of the
 * key so that a forged copy (DMARC failed) can never stand in for, or be stood in for
 * by, a message that really came from that address. No Message-ID: no key, and each
 * delivery is a contact of its own.
 */
export function sameMessageKey(m: { from: string; messageId: string | undefined; verified: boolean }): string | undefined {
  const id = m.messageId?.trim();
  if (!id) return undefined;
  return `${m.verified ? 'verified' : 'unverified'}\n${m.from.trim().toLowerCase()}\n${id}`;
}

/** The decisions that keep an email from reaching the office as an ordinary message. */
const WITHHELD: readonly Decision[] = ['LOG_ONLY', 'REFUSE', 'CHANNEL_BLOCKED', 'LIMIT_REACHED'];

/** Whether a screening decision withholds an email (not forwarded, or forwarded marked "do not reply"). */
export function withholds(decision: Decision): boolean {
  return WITHHELD.includes(decision);
}

export const UNVERIFIED_REASON = 'The sender could not be verified (DMARC did not pass), so this email is recorded against nobody and cannot be a breach.';

/**
 * What is recorded for an email whose sender could not be verified, from the outcome
 * screening its claimed `From` would get. It is nobody's contact, so it names no
 * strategy and is never a potential breach; but the decision stands, so an email a
 * person's strategy would withhold is withheld the same way even when its sender
 * cannot be proved (a blocked person must not get through by failing DMARC).
 */
export function unverifiedOutcome(claimed: ScreenOutcome): ScreenOutcome {
  const reasons = claimed.reasons.filter((r) => r !== POTENTIAL_BREACH_REASON);
  return {
    decision: claimed.decision,
    reasons: [UNVERIFIED_REASON, ...(withholds(claimed.decision) ? ['Its From address belongs to someone whose contact strategy withholds it, so it is withheld the same way and queued for a second read.'] : []), ...reasons],
    ...(claimed.spoc ? { spoc: claimed.spoc } : {}),
    potentialBreach: false,
  };
}

const CASE_REFERENCE = /\bOPCC-\d{4}-\d{6}\b/i;

/** The first case reference (`OPCC-2026-000123`) in a subject, upper-cased; undefined when there is none. */
export function caseReferenceIn(subject: string | undefined): string | undefined {
  return subject?.match(CASE_REFERENCE)?.[0].toUpperCase();
}

export const LOGGED_PREFIX = '[Logged – do not reply]';
/** Subjects are at most 300 characters; a longer one is cut, never refused. */
export const MAX_SUMMARY = 300;

/** The subject recorded as the contact's summary: control characters dropped, at most 300 characters. */
export function summaryOf(subject: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const clean = (subject ?? '').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  const text = clean === '' ? 'Inbound email (no subject)' : clean;
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

export interface ScreenedEmail {
  decision: Decision;
  reasons: string[];
  contactId: string;
  spoc?: { staffId: string; staffName: string };
  potentialBreach: boolean;
  /** The sender as it claims to be (the `From` address), verified or not. */
  from: string;
  senderUnverified: boolean;
  /** Held back as spam or a virus: never forwarded. */
  quarantined?: Quarantine;
  subject: string;
}

export type ForwardPlan =
  | { forward: false; reason: string }
  | { forward: true; subject: string; firstLine: string; headers: Record<string, string> };

/**
 * What happens to a screened email:
 * - spam or a virus: not forwarded (queued for a second read instead);
 * - PROCEED and PROCEED_VIA_SPOC: forwarded with the decision in headers and a first
 *   line saying who it is from and what is in force (for an unverified sender, that
 *   the sender could not be verified);
 * - LOG_ONLY and REFUSE: forwarded with the subject prefixed `[Logged – do not reply]`
 *   and the reason in the first line;
 * the first line words the decision ("Screened “Log only – do not respond”:"), the
 * `X-Contact-Decision` header carries its code for mail rules;
 * - CHANNEL_BLOCKED and LIMIT_REACHED: not forwarded (a potential breach when the
 *   sender was verified; withheld all the same when not).
 */
export function forwardPlan(s: ScreenedEmail): ForwardPlan {
  if (s.quarantined) return { forward: false, reason: `Held back as ${s.quarantined === 'VIRUS' ? 'a virus' : 'spam'}: not forwarded; queued for a second read.` };
  const reasons = s.reasons.length ? s.reasons.join(' ') : 'No contact strategy is in force.';
  const who = s.senderUnverified ? `${s.from} (not verified)` : s.from;
  // The decision's code is in the header, for mail rules; the first line words it for the reader.
  const screened = `Screened “${decisionTitle(s.decision)}”:`;
  const headers: Record<string, string> = { 'X-Contact-Decision': s.decision, 'X-Contact-Id': s.contactId };
  if (s.senderUnverified) headers['X-Contact-Sender-Unverified'] = 'true';
  switch (s.decision) {
    case 'PROCEED':
    case 'PROCEED_VIA_SPOC': {
      if (s.spoc) headers['X-Contact-Spoc'] = `${s.spoc.staffName} (${s.spoc.staffId})`;
      const spoc = s.spoc ? ` Single point of contact: ${s.spoc.staffName}; only they reply.` : '';
      const opening = s.senderUnverified ? `The sender could not be verified. From ${who}.` : `From ${who}.`;
      return { forward: true, subject: s.subject, headers, firstLine: `${opening} ${screened} ${reasons}${spoc}` };
    }
    case 'LOG_ONLY':
    case 'REFUSE':
      return {
        forward: true,
        subject: `${LOGGED_PREFIX} ${s.subject}`.slice(0, 998),
        headers,
        firstLine: `Logged – do not reply. From ${who}. ${screened} ${reasons}`,
      };
    case 'CHANNEL_BLOCKED':
    case 'LIMIT_REACHED':
      return {
        forward: false,
        reason: s.senderUnverified ? `Screened “${decisionTitle(s.decision)}” for the address it claims: not forwarded; queued for a second read.` : `Screened “${decisionTitle(s.decision)}”: not forwarded; recorded as a potential breach.`,
      };
  }
}

/** The body of a forwarded email: the first line, a blank line, then the original text. */
export function forwardedText(firstLine: string, originalText: string | undefined): string {
  return `${firstLine}\n\n${originalText?.trim() ? originalText : '(The message had no text part; see the attachments.)'}`;
}
