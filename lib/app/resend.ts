/**
 * `POST /letters/{id}/resend`: a letter that did not reach the person (failed,
 * came back, bounced or marked as spam) sent again with the same content, by the
 * same route, to the person's addresses as they are now. The new letter names the
 * first (`resentFrom`); it is recorded QUEUED with the request, and sent in the
 * request's follow-up (a replay of the request completes it).
 */
import { ulid } from 'ulid';
import { nowIso, ukToday } from '../clock.js';
import { packKeyOf } from '../ports/post-packs.js';
import { policyDocuments, postQueue } from '../wiring.js';
import { ukDateOf } from '../domain/calendar.js';
import { bodyForPrint, ukLongDate } from '../domain/letter.js';
import { deliverableEmails, type LetterStatus } from '../domain/letter-routes.js';
import type { Actor } from '../domain/staff.js';
import { conflict, notFound, unprocessable, wrongState } from '../errors.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed } from '../store/db.js';
import { emailSentWrites, getLetter, LETTER_WRITE, newLetter, newLetterId, newLetterWrites, ownerOfLetter, type Letter } from '../store/letters.js';
import { getServiceUserItem } from '../store/service-users.js';
import { getStrategy } from '../store/strategies.js';
import { sendEmail } from './email.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { shown, type LetterAsSent } from './letters-as-sent.js';
import { storeLetterPack } from './letters.js';

/** The letters that may be sent again: those that did not reach the person. */
const NOT_REACHED: readonly LetterStatus[] = ['FAILED', 'RETURNED', 'BOUNCED', 'COMPLAINED'];

const addressLines = (name: string, a: { lines: string[]; postcode: string }) => [name, ...a.lines, a.postcode];
const dateLineOf = (l: Letter) => ukLongDate(ukDateOf(new Date(l.queuedAt ?? l.sentAt ?? l.createdAt)));

/**
 * Sends letter `id` again, once per `Idempotency-Key`: the new letter is recorded
 * QUEUED, then sent (by a replay when the first attempt crashed before); answers it
 * as sent. 409 for a letter that reached the person, 422 when the person has no
 * address for its route now.
 */
export function resendLetter(id: string, actor: Actor, idempotency?: IdempotencyScope): Promise<LetterAsSent> {
  return once(idempotency, () => newCopy(id, actor), (first) => deliverResent(first.id));
}

/** The new letter (QUEUED) and its writes. */
async function newCopy(id: string, actor: Actor): Promise<Produced<LetterAsSent>> {
  const first = await getLetter(id);
  if (!first) throw notFound('There is no such letter.');
  if (!NOT_REACHED.includes(first.status)) throw wrongState('letter', first.status, 'sent again');
  // Sent again here, a copy would go to the person as if it were their own letter.
  if (first.copyFor) throw conflict("This letter is a copy for the person's representative: send it to them by hand.");
  const serviceUserId = first.serviceUserId ?? (first.strategyId ? (await getStrategy(first.strategyId))?.serviceUserId : undefined);
  const person = serviceUserId ? await getServiceUserItem(serviceUserId) : undefined;
  if (!person) throw notFound('The person this letter was written to is not on record.');
  const at = nowIso();
  const letterId = newLetterId();
  const common = { ...ownerOfLetter(first), id: letterId, serviceUserId: person.id, kind: first.kind, subject: first.subject, caseIds: first.caseIds, requestId: ulid(), resentFrom: first.id };
  let letter: Letter;
  if (first.channel === 'EMAIL') {
    const strategy = first.strategyId ? await getStrategy(first.strategyId) : undefined;
    const to = deliverableEmails(person.emails, strategy?.emailUndeliverableTo);
    if (to.length === 0) throw unprocessable('The person has no email address a letter can go to: add one, or send the letter by post.', [{ path: 'channel', message: 'no email address a letter can go to' }]);
    letter = newLetter({ ...common, channel: 'EMAIL', to, text: first.text, ...(first.html ? { html: first.html } : {}) }, at, { status: 'QUEUED', queuedAt: at });
  } else {
    const address = person.postalAddress;
    if (!address || person.postalAddressUndeliverable) {
      throw unprocessable('The person has no postal address a letter can go to: record their new address first.', [{ path: 'postalAddress', message: 'no postal address a letter can go to' }]);
    }
    // The same letter, headed by the person's address now and today's date.
    const body = first.postalAddress && first.recipientName ? bodyForPrint(first.text, addressLines(first.recipientName, first.postalAddress), dateLineOf(first)) : first.text;
    const text = [addressLines(person.name, address).join('\n'), ukLongDate(ukToday()), body].join('\n\n');
    letter = newLetter(
      {
        ...common,
        channel: 'POST',
        recipientName: person.name,
        postalAddress: { lines: [...address.lines], postcode: address.postcode },
        text,
        ...(first.html ? { html: first.html } : {}),
        packKey: packKeyOf({ ...ownerOfLetter(first), letterId }),
        ...(first.format ? { format: first.format } : {}),
      },
      at,
      { status: 'QUEUED', queuedAt: at },
    );
  }
  logger.info('letter to be sent again', { letterId, resentFrom: first.id, channel: first.channel, actor: actor.sub });
  return { result: await shown(letter), writes: newLetterWrites(letter, at), followUp: () => deliverResent(letterId) };
}

/** Sends a resent letter still QUEUED: by email, or its pack made and put on the post queue. Idempotent for a letter already sent. */
async function deliverResent(letterId: string): Promise<void> {
  const l = await getLetter(letterId);
  if (!l || l.status !== 'QUEUED') return;
  const policy = await policyDocuments().policyDocument();
  if (l.channel === 'EMAIL') {
    const sesMessageId = await sendEmail({
      to: l.to ?? [],
      subject: l.subject,
      text: l.text,
      html: l.html ?? l.text,
      attachments: [{ filename: policy.filename, contentType: 'application/pdf', content: policy.pdf }],
    });
    try {
      await commit(emailSentWrites(l, sesMessageId, nowIso()));
    } catch (err) {
      if (!(err instanceof ConditionFailed && err.write === LETTER_WRITE)) throw err;
    }
    return;
  }
  if (!l.postalAddress || !l.recipientName) throw new Error(`Letter ${l.id} has no address to post to`);
  const dateLine = dateLineOf(l);
  const packKey = await storeLetterPack({
    letterId: l.id,
    owner: ownerOfLetter(l),
    recipientName: l.recipientName,
    postalAddress: l.postalAddress,
    dateLine,
    subject: l.subject,
    text: l.text,
    printBody: bodyForPrint(l.text, addressLines(l.recipientName, l.postalAddress), dateLine),
    reference: l.strategyId ?? l.warningId ?? l.id,
    largePrint: l.format === 'LARGE_PRINT',
    policy,
    createdAt: l.queuedAt ?? l.createdAt,
  });
  await postQueue().queue({ letterId: l.id, ...ownerOfLetter(l), packKey, queuedAt: l.queuedAt ?? l.createdAt });
}
