import { createHash } from 'node:crypto';
import PostalMime, { type Email } from 'postal-mime';
import type { Actor } from '../auth.js';
import { config } from '../config.js';
import { caseReferenceIn, forwardedText, forwardPlan, senderVerified, summaryOf, type SenderVerdicts } from '../domain/inbound-email.js';
import { ProblemError } from '../errors.js';
import { logger } from '../observability.js';
import type { EmailAttachment } from '../ports/mailer.js';
import { ScreenContact, type ScreenResult } from '../schemas/screening.js';
import { findCaseByReference } from '../store/cases.js';
import { inboundMessages, mailer } from '../wiring.js';
import { screenContact } from './screening.js';

/**
 * Inbound email (docs/inbound-email.md): one received message, screened by its
 * `From` through the same code as `POST /contacts/screen`, recorded once per
 * Message-ID, then forwarded to the office mailbox as the decision says (or not).
 * Deployed, functions/inbound-email.ts calls it with the message SES stored in S3;
 * locally, the SMTP server in local/smtp.ts does.
 */

/** Who records inbound email on the contact log. */
export const INBOUND_ACTOR: Actor = { sub: 'inbound-email', name: 'Inbound email gateway' };

export interface ReceivedEmail {
  /** The message as received (RFC 5322 bytes), held once: parsing and forwarding read this same buffer. */
  raw: Uint8Array;
  /** SES's SPF and DKIM verdicts (locally both PASS). */
  verdicts: SenderVerdicts;
}

export interface InboundOutcome {
  contactId: string;
  decision: ScreenResult['decision'];
  potentialBreach: boolean;
  senderUnverified: boolean;
  /** The id of the forwarded email, absent when it was not forwarded. */
  forwardedMessageId?: string;
  /** The message could not be read; it was forwarded untouched. */
  unreadable?: true;
}

async function parse(raw: Uint8Array): Promise<Email | undefined> {
  try {
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    // A message without a sender address is not an email the gateway can screen.
    return email.from?.address ? email : undefined;
  } catch {
    return undefined;
  }
}

/** The case a reference in the subject names, if exactly one case has it. */
async function caseNamedIn(subject: string | undefined): Promise<string | undefined> {
  const reference = caseReferenceIn(subject);
  if (!reference) return undefined;
  const cases = await findCaseByReference(reference);
  return cases.length === 1 ? cases[0]!.id : undefined;
}

/**
 * Screens the contact; a case named in the subject that is not the sender's (or no
 * longer exists) is ignored rather than refusing the email: it is then screened
 * by its sender alone.
 */
async function screen(input: ScreenContact, mark: Parameters<typeof screenContact>[3]): Promise<ScreenResult> {
  try {
    return await screenContact(input, INBOUND_ACTOR, undefined, mark);
  } catch (err) {
    if (err instanceof ProblemError && input.caseId !== undefined && (err.status === 404 || err.status === 422)) {
      const { caseId: _ignored, ...withoutCase } = input;
      return screenContact(withoutCase, INBOUND_ACTOR, undefined, mark);
    }
    throw err;
  }
}

const digest = (raw: Uint8Array) => `sha256:${createHash('sha256').update(raw).digest('hex')}`;

/** A message that cannot be read: recorded (sender unknown) and forwarded untouched, attached, to the office mailbox. */
async function unreadable(raw: Uint8Array): Promise<InboundOutcome> {
  const input = ScreenContact.parse({ channel: 'EMAIL', summary: 'Inbound email that could not be read; forwarded untouched to the office mailbox.' });
  const result = await screen(input, { messageKey: digest(raw), senderUnverified: true });
  const forwardedMessageId = await mailer().send({
    to: [config.OFFICE_MAILBOX],
    subject: '[Unreadable email] forwarded untouched',
    text: `An email reached the office that could not be read (no sender address could be found in it). It was recorded as contact ${result.contactId} and is attached exactly as received. Nobody screened it: read it with care before replying.`,
    headers: { 'X-Contact-Decision': result.decision, 'X-Contact-Id': result.contactId, 'X-Contact-Unreadable': 'true' },
    attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: raw }],
  });
  logger.warn('inbound email could not be read; forwarded untouched', { contactId: result.contactId });
  return { contactId: result.contactId, decision: result.decision, potentialBreach: result.potentialBreach, senderUnverified: true, forwardedMessageId, unreadable: true };
}

const attachmentsOf = (email: Email): EmailAttachment[] => [
  ...email.attachments.map((a, i) => ({
    filename: a.filename ?? `attachment-${i + 1}`,
    contentType: a.mimeType || 'application/octet-stream',
    content: typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content),
  })),
  // A message with HTML only: its HTML travels as an attachment (the forward's body is plain text).
  ...(!email.text?.trim() && email.html ? [{ filename: 'message.html', contentType: 'text/html', content: new TextEncoder().encode(email.html) }] : []),
];

/**
 * Screens, records and forwards one received email. Throws when the forward fails,
 * so the caller retries (the contact is recorded once whatever the number of attempts;
 * a retried message may reach the office mailbox twice, never zero times).
 */
export async function receiveEmail(received: ReceivedEmail): Promise<InboundOutcome> {
  const email = await parse(received.raw);
  if (!email) return unreadable(received.raw);

  const claimed = email.from!.address!.trim();
  const verified = senderVerified(received.verdicts);
  const from = verified ? ScreenContact.shape.from.safeParse(claimed) : undefined;
  // Trusted only when SPF or DKIM passed and the address is one: otherwise screened as an unknown sender.
  const senderUnverified = !(from?.success && from.data);
  const subject = summaryOf(email.subject);
  // A case reference names the case only for a trusted sender: a forged From must not put a contact on someone's case.
  const caseId = senderUnverified ? undefined : await caseNamedIn(email.subject);
  const input: ScreenContact = {
    channel: 'EMAIL',
    summary: subject,
    ...(senderUnverified ? {} : { from: from!.data }),
    ...(caseId ? { caseId } : {}),
  };
  const result = await screen(input, { messageKey: email.messageId?.trim() || digest(received.raw), senderUnverified, claimedFrom: claimed.toLowerCase() });

  const outcome: InboundOutcome = { contactId: result.contactId, decision: result.decision, potentialBreach: result.potentialBreach, senderUnverified };
  const plan = forwardPlan({ ...result, from: claimed, senderUnverified, subject: email.subject?.trim() || '(no subject)' });
  if (!plan.forward) {
    logger.info('inbound email not forwarded', { contactId: result.contactId, decision: result.decision });
    return outcome;
  }
  const forwardedMessageId = await mailer().send({
    to: [config.OFFICE_MAILBOX],
    subject: plan.subject,
    text: forwardedText(plan.firstLine, email.text),
    headers: plan.headers,
    replyTo: [claimed],
    attachments: attachmentsOf(email),
  });
  logger.info('inbound email forwarded', { contactId: result.contactId, decision: result.decision });
  return { ...outcome, forwardedMessageId };
}

/** Deployed: the message SES stored (its object key) with SES's verdicts, read once and received as above. */
export async function receiveStoredEmail(stored: { key: string; verdicts: SenderVerdicts }): Promise<InboundOutcome> {
  return receiveEmail({ raw: await inboundMessages().read(stored.key), verdicts: stored.verdicts });
}
