import PostalMime, { type Email } from 'postal-mime';
import type { Actor } from '../domain/staff.js';
import { config } from '../config.js';
import { caseReferenceIn, forwardedText, forwardPlan, quarantineOf, sameMessageKey, senderVerified, summaryOf, type InboundVerdicts, type Quarantine } from '../domain/inbound-email.js';
import { ProblemError } from '../errors.js';
import { logger } from '../observability.js';
import type { EmailAttachment, OutgoingEmail } from '../ports/mailer.js';
import { ScreenContact, type ScreenResult } from '../schemas/screening.js';
import { findCaseByReference } from '../store/cases.js';
import { commit } from '../store/db.js';
import { forwardedWrite } from '../store/inbound-email.js';
import { inboundMessages, mailer } from '../wiring.js';
import { screenInboundEmail, type InboundEmailMark, type InboundScreening } from './screening.js';

/**
 * Inbound email: one received message, screened by its `From` through the same code
 * as `POST /contacts/screen`, recorded once per delivery (and not again when the same
 * sender sends the same message again), then forwarded to the office mailbox as the
 * decision says, or held back. Deployed, functions/inbound-email.ts calls it with the
 * message SES stored in S3; locally, the SMTP server in local/smtp.ts does.
 */

/** Who records inbound email on the contact log. */
export const INBOUND_ACTOR: Actor = { sub: 'inbound-email', name: 'Inbound email gateway' };

export interface ReceivedEmail {
  /** The message as received (RFC 5322 bytes), held once: parsing and forwarding read this same buffer. */
  raw: Uint8Array;
  /** The receiving system's own id for this delivery (SES's `mail.messageId`), never the sender's Message-ID. */
  deliveryId: string;
  /** The receiving system's DMARC, spam and virus verdicts. */
  verdicts: InboundVerdicts;
}

export interface InboundOutcome {
  contactId: string;
  decision: ScreenResult['decision'];
  potentialBreach: boolean;
  senderUnverified: boolean;
  /** Held back as spam or a virus. */
  quarantined?: Quarantine;
  /** Nothing was recorded: the same delivery, or the same sender's same message, was recorded before (its contact is `contactId`). */
  repeat?: 'DELIVERY' | 'MESSAGE';
  /** The id of the forwarded email, absent when nothing was forwarded. */
  forwardedMessageId?: string;
  /** The message could not be read; it was forwarded untouched (unless held back). */
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
async function caseNamedIn(subject: string | undefined): Promise<{ id: string; serviceUserId: string } | undefined> {
  const reference = caseReferenceIn(subject);
  if (!reference) return undefined;
  const cases = await findCaseByReference(reference);
  return cases.length === 1 ? { id: cases[0]!.id, serviceUserId: cases[0]!.serviceUserId } : undefined;
}

/**
 * Screens and records the contact; a case named in the subject that is not the
 * sender's (or no longer exists) is ignored rather than refusing the email: it is
 * then screened by its sender alone.
 */
async function screen(input: ScreenContact, mark: InboundEmailMark): Promise<InboundScreening> {
  try {
    return await screenInboundEmail(input, INBOUND_ACTOR, mark);
  } catch (err) {
    if (err instanceof ProblemError && input.caseId !== undefined && (err.status === 404 || err.status === 422)) {
      const { caseId: _ignored, ...withoutCase } = input;
      return screenInboundEmail(withoutCase, INBOUND_ACTOR, mark);
    }
    throw err;
  }
}

const outcomeOf = (s: InboundScreening): InboundOutcome => ({
  contactId: s.first.result.contactId,
  decision: s.first.result.decision,
  potentialBreach: s.first.result.potentialBreach,
  senderUnverified: s.first.senderUnverified,
  ...(s.first.quarantined ? { quarantined: s.first.quarantined } : {}),
  ...(s.repeat ? { repeat: s.repeat } : {}),
});

/**
 * Whether this delivery sends the forward: a first delivery whose plan forwards it,
 * or a repeat whose first delivery's forward is still owed (it failed, so the retry
 * or resend completes it). Otherwise a repeat forwards nothing.
 */
const sendsForward = (s: InboundScreening) => s.repeat === undefined || s.first.forwardOwed === true;

/** Sends the forward, then notes it on the first delivery's marker, so a later repeat owes nothing. */
async function forward(s: InboundScreening, email: OutgoingEmail): Promise<string> {
  const forwardedMessageId = await mailer().send(email);
  try {
    await commit([forwardedWrite(s.first.deliveryId)]);
  } catch (err) {
    // The email went; failing now would send it again on the retry. A later repeat may forward it twice: never zero times.
    logger.warn('inbound email forwarded, but not marked as forwarded', { contactId: s.first.result.contactId, error: (err as Error)?.name });
  }
  return forwardedMessageId;
}

/**
 * A message that cannot be read: recorded (sender unknown) and forwarded untouched,
 * attached, to the office mailbox; unless it was judged spam or a virus, when it is
 * recorded as held back and queued for a second read, and nothing leaves storage.
 */
async function unreadable(received: ReceivedEmail): Promise<InboundOutcome> {
  const input = ScreenContact.parse({ channel: 'EMAIL', summary: 'Inbound email that could not be read; forwarded untouched to the office mailbox.' });
  const quarantined = quarantineOf(received.verdicts);
  const screened = await screenInboundEmail(
    quarantined ? { ...input, summary: `Inbound email that could not be read, held back as ${quarantined === 'VIRUS' ? 'a virus' : 'spam'}.` } : input,
    INBOUND_ACTOR,
    { deliveryId: received.deliveryId, senderUnverified: true, ...(quarantined ? { quarantined } : {}), forwards: () => !quarantined },
  );
  const outcome: InboundOutcome = { ...outcomeOf(screened), unreadable: true };
  if (quarantined || !sendsForward(screened)) {
    logger.warn('inbound email could not be read; not forwarded', { contactId: outcome.contactId, quarantined, repeat: screened.repeat });
    return outcome;
  }
  const { contactId, decision } = screened.first.result;
  const forwardedMessageId = await forward(screened, {
    to: [config.OFFICE_MAILBOX],
    subject: '[Unreadable email] forwarded untouched',
    text: `An email reached the office that could not be read (no sender address could be found in it). It was recorded on the contact log and is attached exactly as received. Nobody screened it: read it with care before replying.`,
    headers: { 'X-Contact-Decision': decision, 'X-Contact-Id': contactId, 'X-Contact-Unreadable': 'true' },
    attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: received.raw }],
  });
  logger.warn('inbound email could not be read; forwarded untouched', { contactId });
  return { ...outcome, forwardedMessageId };
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
 * so the caller retries: the contact is recorded once whatever the number of
 * attempts, and the retry (or the sender's resend) completes the forward the first
 * attempt owed. A repeat forwards nothing else.
 */
export async function receiveEmail(received: ReceivedEmail): Promise<InboundOutcome> {
  const email = await parse(received.raw);
  if (!email) return unreadable(received);

  const claimed = email.from!.address!.trim();
  const parsedFrom = ScreenContact.shape.from.safeParse(claimed);
  const from = parsedFrom.success ? parsedFrom.data : undefined;
  // Trusted only when DMARC passed and the address is one; otherwise recorded against nobody.
  const senderUnverified = !(senderVerified(received.verdicts) && from);
  const quarantined = quarantineOf(received.verdicts);
  const subject = email.subject?.trim() || '(no subject)';
  const named = await caseNamedIn(email.subject);
  const input: ScreenContact = {
    channel: 'EMAIL',
    summary: summaryOf(email.subject),
    ...(from ? { from } : {}),
    ...(named ? { caseId: named.id } : {}),
  };
  const planOf = (result: ScreenResult, first: { senderUnverified: boolean; quarantined?: Quarantine }) =>
    forwardPlan({ ...result, from: claimed, senderUnverified: first.senderUnverified, ...(first.quarantined ? { quarantined: first.quarantined } : {}), subject });
  const mark: InboundEmailMark = {
    deliveryId: received.deliveryId,
    sameMessage: sameMessageKey({ from: claimed, messageId: email.messageId, verified: !senderUnverified }),
    senderUnverified,
    ...(senderUnverified ? { claimedFrom: from?.value ?? claimed.toLowerCase().slice(0, 320) } : {}),
    ...(senderUnverified && named ? { caseOwner: named.serviceUserId } : {}),
    ...(quarantined ? { quarantined } : {}),
    forwards: (result) => planOf(result, { senderUnverified, ...(quarantined ? { quarantined } : {}) }).forward,
  };
  const screened = await screen(input, mark);
  const outcome = outcomeOf(screened);
  const { result } = screened.first;
  const plan = planOf(result, screened.first);
  if (!plan.forward || !sendsForward(screened)) {
    logger.info('inbound email not forwarded', { contactId: result.contactId, decision: result.decision, quarantined: screened.first.quarantined, repeat: screened.repeat });
    return outcome;
  }
  const forwardedMessageId = await forward(screened, {
    to: [config.OFFICE_MAILBOX],
    subject: plan.subject,
    text: forwardedText(plan.firstLine, email.text),
    headers: plan.headers,
    replyTo: [claimed],
    attachments: attachmentsOf(email),
  });
  logger.info('inbound email forwarded', { contactId: result.contactId, decision: result.decision, repeat: screened.repeat });
  return { ...outcome, forwardedMessageId };
}

/** Deployed: the message SES stored (its object key) with SES's own id for it and its verdicts, read once and received as above. */
export async function receiveStoredEmail(stored: { key: string; deliveryId: string; verdicts: InboundVerdicts }): Promise<InboundOutcome> {
  return receiveEmail({ raw: await inboundMessages().read(stored.key), deliveryId: stored.deliveryId, verdicts: stored.verdicts });
}
