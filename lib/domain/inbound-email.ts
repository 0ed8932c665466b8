import type { Decision } from './screening.js';

/**
 * Inbound email (docs/inbound-email.md): the pure decisions. Whether the sender
 * can be trusted, which case the subject names, and what is forwarded to the office
 * mailbox, with which subject, first line and headers. No I/O here: the use case in
 * lib/app/inbound-email.ts reads, records and sends.
 */

/** SES's verdicts (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`); locally both are `PASS`. */
export interface SenderVerdicts {
  spf?: string;
  dkim?: string;
}

/** The sender is trusted only when SES's SPF or DKIM verdict is PASS; otherwise it is screened as unknown. */
export function senderVerified(verdicts: SenderVerdicts): boolean {
  return verdicts.spf?.toUpperCase() === 'PASS' || verdicts.dkim?.toUpperCase() === 'PASS';
}

const CASE_REFERENCE = /\bOPCC-\d{4}-\d{6}\b/i;

/** The first case reference (`OPCC-2026-000123`) in a subject, upper-cased; undefined when there is none. */
export function caseReferenceIn(subject: string | undefined): string | undefined {
  return subject?.match(CASE_REFERENCE)?.[0].toUpperCase();
}

export const LOGGED_PREFIX = '[Logged – do not reply]';
/** Subjects are at most 300 characters, as everywhere in the API; a longer one is cut, never refused. */
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
  subject: string;
}

export type ForwardPlan =
  | { forward: false; reason: string }
  | { forward: true; subject: string; firstLine: string; headers: Record<string, string> };

/**
 * What happens to a screened email (docs/inbound-email.md, What is forwarded):
 * PROCEED and PROCEED_VIA_SPOC are forwarded with the decision in headers and a first
 * line saying who it is from and what is in force; LOG_ONLY and REFUSE are forwarded
 * with the subject prefixed `[Logged – do not reply]` and the reason in the first
 * line; CHANNEL_BLOCKED and LIMIT_REACHED are not forwarded (logged as a potential breach).
 */
export function forwardPlan(s: ScreenedEmail): ForwardPlan {
  const reasons = s.reasons.length ? s.reasons.join(' ') : 'No contact strategy is in force.';
  const who = s.senderUnverified ? `${s.from} (sender not verified: SPF and DKIM did not pass; screened as an unknown sender)` : s.from;
  const headers: Record<string, string> = { 'X-Contact-Decision': s.decision, 'X-Contact-Id': s.contactId };
  if (s.senderUnverified) headers['X-Contact-Sender-Unverified'] = 'true';
  switch (s.decision) {
    case 'PROCEED':
    case 'PROCEED_VIA_SPOC': {
      if (s.spoc) headers['X-Contact-Spoc'] = `${s.spoc.staffName} (${s.spoc.staffId})`;
      const spoc = s.spoc ? ` Single point of contact: ${s.spoc.staffName}; only they reply.` : '';
      return { forward: true, subject: s.subject, headers, firstLine: `From ${who}. Screened ${s.decision}: ${reasons}${spoc}` };
    }
    case 'LOG_ONLY':
    case 'REFUSE':
      return {
        forward: true,
        subject: `${LOGGED_PREFIX} ${s.subject}`.slice(0, 998),
        headers,
        firstLine: `Logged – do not reply. From ${who}. Screened ${s.decision}: ${reasons}`,
      };
    case 'CHANNEL_BLOCKED':
    case 'LIMIT_REACHED':
      return { forward: false, reason: `Screened ${s.decision}: not forwarded; recorded as a potential breach.` };
  }
}

/** The body of a forwarded email: the first line, a blank line, then the original text. */
export function forwardedText(firstLine: string, originalText: string | undefined): string {
  return `${firstLine}\n\n${originalText?.trim() ? originalText : '(The message had no text part; see the attachments.)'}`;
}
