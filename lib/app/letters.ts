/**
 * Telling the person in writing (policy 1.5): by email and by post, each route
 * they have, each letter carrying the policy. One function per route, called by
 * the state machine's two parallel branches; each is idempotent (a retried or
 * re-driven task never sends the same letter twice) and a missing route is
 * recorded on each case rather than treated as an error.
 */
import { nowIso, ukToday } from '../clock.js';
import { office } from '../config.js';
import { bodyForPrint, escapeHtml, ukLongDate, type LetterKind } from '../domain/letter.js';
import { letterPdfs, policyDocuments, postPacks, postQueue } from '../wiring.js';
import { sendEmail } from './email.js';
import { deliverableEmails, deliveryKeyOf, letterFitsStatus, type LetterChannel } from '../domain/letter-routes.js';
import { logger } from '../observability.js';
import { commit, SYSTEM_ACTOR } from '../store/db.js';
import { copyNotice } from '../domain/representatives.js';
import { listRepresentatives, type Representative } from '../store/representatives.js';
import { findCopyDelivered, findDelivered, letterTimelineWrites, newLetter, newLetterId, newLetterWrites, type CopyFor, type Letter, type LetterOwner, type NewLetter } from '../store/letters.js';
import { getServiceUserItem, type ServiceUserItem } from '../store/service-users.js';
import { getStrategy } from '../store/strategies.js';
import { getWarning } from '../store/warnings.js';
import { NotDeliverable, render, type DeliveryRequest, type DeliveryResult } from './delivery-failure.js';
import { renderWarning } from './warning-letter.js';

export type { DeliveryRequest, DeliveryResult };

/**
 * What a letter is about, as the two routes need it: a strategy (its letter of
 * `letterKind`) or a warning (its WARNING letter; a warning has no strategy).
 */
interface Subject {
  owner: LetterOwner;
  person: ServiceUserItem;
  caseIds: string[];
  /** Addresses a letter of this strategy bounced from (not written to again). */
  emailUndeliverableTo?: string[] | undefined;
  /** Printed in the footer of the posted letter, to match returned post. */
  reference: string;
  render: () => Promise<{ subject: string; text: string; html: string }>;
}

async function load(req: DeliveryRequest): Promise<Subject> {
  if (req.warningId !== undefined) {
    const warning = await getWarning(req.warningId);
    if (!warning) throw new NotDeliverable(`No warning ${req.warningId}`);
    const person = await getServiceUserItem(warning.serviceUserId);
    if (!person) throw new NotDeliverable(`No service user ${warning.serviceUserId}`);
    return { owner: { warningId: warning.id }, person, caseIds: warning.caseIds, reference: warning.id, render: () => renderWarning(warning, { issuedOn: ukToday() }) };
  }
  const strategy = await getStrategy(req.strategyId);
  if (!strategy) throw new NotDeliverable(`No strategy ${req.strategyId}`);
  if (!letterFitsStatus(req.letterKind, strategy.status)) {
    throw new NotDeliverable(`Strategy ${req.strategyId} is ${strategy.status}: no ${req.letterKind} letter`);
  }
  const person = await getServiceUserItem(strategy.serviceUserId);
  if (!person) throw new NotDeliverable(`No service user ${strategy.serviceUserId}`);
  return {
    owner: { strategyId: strategy.id },
    person,
    caseIds: strategy.caseIds,
    emailUndeliverableTo: strategy.emailUndeliverableTo,
    reference: strategy.id,
    render: () => render(strategy, req.letterKind, req.requestId),
  };
}

/** Records a letter in its first status, with its LETTER entry on the history and each case. */
async function record(input: NewLetter, status: (at: string) => Pick<Letter, 'status' | 'sentAt' | 'queuedAt'>): Promise<Letter> {
  const at = nowIso();
  const letter = newLetter(input, at, status(at));
  await commit(newLetterWrites(letter, at));
  return letter;
}

/** A route the person does not have, recorded on each case. */
async function recordMissingRoute(subject: Subject, kind: LetterKind, channel: LetterChannel, undeliverable?: boolean): Promise<void> {
  await commit(
    letterTimelineWrites({ ...subject.owner, caseIds: subject.caseIds }, { at: nowIso(), actor: SYSTEM_ACTOR, kind: 'LETTER_NOT_SENT', fields: { letterKind: kind, channel, ...(undeliverable ? { undeliverable } : {}) }, ref: { channel } }),
  );
}

/**
 * The email route: the letter as HTML and text, the policy PDF attached; then a copy,
 * marked as one, to each representative the person asked to be copied in.
 */
export async function sendEmailLetter(req: DeliveryRequest): Promise<DeliveryResult> {
  const subject = await load(req);
  // A copy goes once per letter whatever happens to the person's own: when theirs fails,
  // the copies are still sent before the attempt throws (to be retried, and in the end
  // recorded as failed), and a retry finds each copy already sent (`findCopyDelivered`).
  try {
    return await emailToPerson(subject, req);
  } finally {
    await emailCopies(subject, req);
  }
}

async function emailToPerson(subject: Subject, req: DeliveryRequest): Promise<DeliveryResult> {
  const { person } = subject;
  const to = deliverableEmails(person.emails, subject.emailUndeliverableTo);
  if (to.length === 0) {
    await recordMissingRoute(subject, req.letterKind, 'EMAIL', person.emails.length > 0);
    return { outcome: 'NO_ROUTE', letterId: null };
  }
  const existing = await findDelivered(subject.owner, deliveryKeyOf(req.letterKind, req.requestId), 'EMAIL');
  if (existing) return { outcome: 'ALREADY', letterId: existing.id };

  const [letter, policy] = await Promise.all([subject.render(), policyDocuments().policyDocument()]);
  const sesMessageId = await sendEmail({
    to,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    attachments: [{ filename: policy.filename, contentType: 'application/pdf', content: policy.pdf }],
  });
  const recorded = await record(
    {
      ...subject.owner,
      serviceUserId: person.id,
      to,
      kind: req.letterKind,
      channel: 'EMAIL',
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      caseIds: subject.caseIds,
      requestId: req.requestId,
      ...(sesMessageId ? { sesMessageId } : {}),
    },
    (at) => ({ status: 'SENT', sentAt: at }),
  );
  logger.info('letter sent by email', { ...subject.owner, letterId: recorded.id, kind: req.letterKind });
  return { outcome: 'SENT', letterId: recorded.id };
}

/** What a posted letter's pack is made from: the printed letter (its body without the address and date, drawn in their places) and the policy after it. */
export interface PackInput {
  letterId: string;
  owner: LetterOwner;
  recipientName: string;
  postalAddress: { lines: string[]; postcode: string };
  dateLine: string;
  subject: string;
  /** The letter as recorded (the pack's manifest keeps it). */
  text: string;
  printBody: string;
  reference: string;
  largePrint: boolean;
  policy: { filename: string; pdf: Uint8Array };
  createdAt: string;
}

/** Makes the pack (the letter followed by the policy, one print-ready PDF) and stores it with its manifest; returns its key. */
export async function storeLetterPack(input: PackInput): Promise<string> {
  const pdfs = letterPdfs();
  const letterFile = await pdfs.letter({
    recipientName: input.recipientName,
    postalAddress: input.postalAddress,
    dateLine: input.dateLine,
    subject: input.subject,
    senderLines: [office().name, ...office().postalAddress],
    text: input.printBody,
    reference: input.reference,
    ...(input.largePrint ? { format: 'LARGE_PRINT' as const } : {}),
  });
  const pack = await pdfs.postPack(letterFile, input.policy.pdf, input.subject);
  return postPacks().store(pack, {
    letterId: input.letterId,
    ...input.owner,
    recipientName: input.recipientName,
    postalAddress: input.postalAddress,
    subject: input.subject,
    text: input.text,
    enclosures: [input.policy.filename],
    createdAt: input.createdAt,
  });
}

/**
 * The post route: the pack (letter + policy) stored, the letter recorded as
 * QUEUED, then the message put on the post queue. A retry that finds the letter
 * QUEUED puts the message on the queue again (the consumer is idempotent per letter).
 * Then a copy, marked as one, to each representative the person asked to be copied in.
 */
export async function queuePostLetter(req: DeliveryRequest): Promise<DeliveryResult> {
  const subject = await load(req);
  // As by email: the copies go whatever happens to the person's own letter, once each.
  try {
    return await postToPerson(subject, req);
  } finally {
    await postCopies(subject, req);
  }
}

async function postToPerson(subject: Subject, req: DeliveryRequest): Promise<DeliveryResult> {
  const { person } = subject;
  const address = person.postalAddress;
  // An address a letter came back from is not posted to again until it is changed.
  if (!address || person.postalAddressUndeliverable) {
    await recordMissingRoute(subject, req.letterKind, 'POST', person.postalAddressUndeliverable === true);
    return { outcome: 'NO_ROUTE', letterId: null };
  }
  const existing = await findDelivered(subject.owner, deliveryKeyOf(req.letterKind, req.requestId), 'POST');
  if (existing) {
    if (existing.status === 'QUEUED' && existing.packKey) {
      await postQueue().queue({ letterId: existing.id, ...subject.owner, packKey: existing.packKey, queuedAt: existing.queuedAt ?? nowIso() });
    }
    return { outcome: 'ALREADY', letterId: existing.id };
  }

  const [letter, policy] = await Promise.all([subject.render(), policyDocuments().policyDocument()]);
  const letterId = newLetterId();
  // A reasonable adjustment (Equality Act 2010): large print, posted letters only (emails are unchanged).
  const largePrint = person.adjustments?.format === 'LARGE_PRINT';
  const dateLine = ukLongDate(ukToday());
  const queuedAt = nowIso();
  const packKey = await storeLetterPack({
    letterId,
    owner: subject.owner,
    recipientName: person.name,
    postalAddress: address,
    dateLine,
    subject: letter.subject,
    text: letter.text,
    printBody: bodyForPrint(letter.text, [person.name, ...address.lines, address.postcode], dateLine),
    reference: subject.reference,
    largePrint,
    policy,
    createdAt: queuedAt,
  });
  await record(
    {
      id: letterId,
      ...subject.owner,
      serviceUserId: person.id,
      recipientName: person.name,
      postalAddress: { lines: [...address.lines], postcode: address.postcode },
      kind: req.letterKind,
      channel: 'POST',
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      caseIds: subject.caseIds,
      requestId: req.requestId,
      packKey,
      ...(largePrint ? { format: 'LARGE_PRINT' as const } : {}),
    },
    (at) => ({ status: 'QUEUED', queuedAt: at }),
  );
  await postQueue().queue({ letterId, ...subject.owner, packKey, queuedAt });
  logger.info('letter queued for post', { ...subject.owner, letterId, kind: req.letterKind });
  return { outcome: 'QUEUED', letterId };
}

// --- copies for the person's representatives (copyLetters) ---

/** The representatives still acting whom the person asked to be sent a copy of every letter. */
async function copiedIn(person: ServiceUserItem): Promise<Representative[]> {
  return (await listRepresentatives(person.id)).filter((r) => r.status === 'ACTIVE' && r.copyLetters);
}

const copyForOf = (r: Representative): CopyFor => ({ representativeId: r.id, name: r.name, kind: r.kind });

/**
 * A copy by email to each representative copied in who has an email address: the
 * letter with "Copy sent to ... at the request of ..." at its top and "Copy: " before
 * its subject, recorded as a letter of its own (`copyFor`) with its SES message id, so
 * that a bounce or complaint about it is followed (lib/app/bounces.ts).
 */
async function emailCopies(subject: Subject, req: DeliveryRequest): Promise<void> {
  const reps = (await copiedIn(subject.person)).filter((r) => r.emails.length > 0);
  if (reps.length === 0) return;
  const [letter, policy] = await Promise.all([subject.render(), policyDocuments().policyDocument()]);
  await eachCopy(subject, req, 'EMAIL', reps, async (rep) => {
    if (await findCopyDelivered(subject.owner, deliveryKeyOf(req.letterKind, req.requestId), 'EMAIL', rep.id)) return;
    const notice = copyNotice(rep, subject.person.name);
    const copy = { subject: `${notice.subjectPrefix}${letter.subject}`, text: `${notice.line}\n\n${letter.text}`, html: withNotice(letter.html, notice.line) };
    const sesMessageId = await sendEmail({ to: rep.emails, ...copy, attachments: [{ filename: policy.filename, contentType: 'application/pdf', content: policy.pdf }] });
    const recorded = await record(
      {
        ...subject.owner,
        serviceUserId: subject.person.id,
        to: rep.emails,
        kind: req.letterKind,
        channel: 'EMAIL',
        ...copy,
        caseIds: subject.caseIds,
        requestId: req.requestId,
        copyFor: copyForOf(rep),
        ...(sesMessageId ? { sesMessageId } : {}),
      },
      (at) => ({ status: 'SENT', sentAt: at }),
    );
    logger.info('copy of a letter sent to a representative by email', { ...subject.owner, letterId: recorded.id, representativeId: rep.id, kind: req.letterKind });
  });
}

/** The copy notice as the first paragraph of an emailed letter's HTML body. */
function withNotice(html: string, line: string): string {
  const paragraph = `<p><strong>${escapeHtml(line)}</strong></p>`;
  return /<body[^>]*>/i.test(html) ? html.replace(/<body[^>]*>/i, (tag) => `${tag}${paragraph}`) : `${paragraph}${html}`;
}

/** A copy by post to each representative copied in who has a postal address, addressed to them and marked as a copy. */
async function postCopies(subject: Subject, req: DeliveryRequest): Promise<void> {
  const reps = (await copiedIn(subject.person)).filter((r) => r.postalAddress !== undefined);
  if (reps.length === 0) return;
  const [letter, policy] = await Promise.all([subject.render(), policyDocuments().policyDocument()]);
  const { person } = subject;
  const dateLine = ukLongDate(ukToday());
  const pdfs = letterPdfs();
  await eachCopy(subject, req, 'POST', reps, async (rep) => {
    const address = rep.postalAddress!;
    const existing = await findCopyDelivered(subject.owner, deliveryKeyOf(req.letterKind, req.requestId), 'POST', rep.id);
    if (existing) {
      if (existing.status === 'QUEUED' && existing.packKey) await postQueue().queue({ letterId: existing.id, ...subject.owner, packKey: existing.packKey, queuedAt: existing.queuedAt ?? nowIso() });
      return;
    }
    const notice = copyNotice(rep, person.name);
    const personAddress = person.postalAddress ? [person.name, ...person.postalAddress.lines, person.postalAddress.postcode] : [];
    const text = `${notice.line}\n\n${bodyForPrint(letter.text, personAddress, dateLine)}`;
    const copySubject = `${notice.subjectPrefix}${letter.subject}`;
    const letterId = newLetterId();
    const letterFile = await pdfs.letter({ recipientName: rep.name, postalAddress: address, dateLine, subject: copySubject, senderLines: [office().name, ...office().postalAddress], text, reference: subject.reference });
    const pack = await pdfs.postPack(letterFile, policy.pdf, copySubject);
    const queuedAt = nowIso();
    const packKey = await postPacks().store(pack, { letterId, ...subject.owner, recipientName: rep.name, postalAddress: address, subject: copySubject, text, enclosures: [policy.filename], createdAt: queuedAt });
    await record(
      {
        id: letterId,
        ...subject.owner,
        serviceUserId: person.id,
        recipientName: rep.name,
        postalAddress: { lines: [...address.lines], postcode: address.postcode },
        kind: req.letterKind,
        channel: 'POST',
        subject: copySubject,
        text,
        caseIds: subject.caseIds,
        requestId: req.requestId,
        packKey,
        copyFor: copyForOf(rep),
      },
      (at) => ({ status: 'QUEUED', queuedAt: at }),
    );
    await postQueue().queue({ letterId, ...subject.owner, packKey, queuedAt });
    logger.info('copy of a letter queued for post to a representative', { ...subject.owner, letterId, representativeId: rep.id, kind: req.letterKind });
  });
}

/**
 * Sends each copy in turn. A copy that cannot be sent is recorded on each case for
 * staff to send by hand, and never fails the person's own letter.
 */
async function eachCopy(subject: Subject, req: DeliveryRequest, channel: LetterChannel, reps: Representative[], send: (rep: Representative) => Promise<void>): Promise<void> {
  for (const rep of reps) {
    try {
      await send(rep);
    } catch (err) {
      logger.warn('copy of a letter to a representative not sent', { ...subject.owner, representativeId: rep.id, channel, error: (err as Error)?.name });
      await commit(
        letterTimelineWrites(
          { ...subject.owner, caseIds: subject.caseIds },
          { at: nowIso(), actor: SYSTEM_ACTOR, kind: 'LETTER_NOT_SENT', fields: { letterKind: req.letterKind, channel, copyForName: rep.name, copyForKind: rep.kind }, ref: { channel } },
        ),
      );
    }
  }
}
