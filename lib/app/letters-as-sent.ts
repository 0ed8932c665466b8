/**
 * Letters kept exactly as sent, so the record shows what the person was told: the
 * rendered letter is stored on the letter item when it is sent or queued, so later
 * edits to the person or the strategy never change what staff see here.
 */
import { office } from '../config.js';
import { ukDateOf } from '../domain/calendar.js';
import { bodyForPrint, ukLongDate } from '../domain/letter.js';
import { letterPdfs } from '../wiring.js';
import { failureWords } from '../domain/letter-events.js';
import { notFound } from '../errors.js';
import { getLetter, listLettersOfServiceUser, type Letter } from '../store/letters.js';
import { getStrategy } from '../store/strategies.js';
import { recordRead, type Reader } from './access-log.js';
import { requireServiceUserItem } from './service-users.js';

/** The letter as the API shows it: what was sent, to whom, and when. */
export interface LetterAsSent {
  id: string;
  strategyId?: string;
  /** A WARNING letter names its warning (it has no strategy). */
  warningId?: string;
  serviceUserId: string;
  kind: Letter['kind'];
  channel: Letter['channel'];
  status: Letter['status'];
  to?: string[];
  /** Post: the name on the envelope, as sent. */
  recipientName?: string;
  postalAddress?: { lines: string[]; postcode: string };
  subject: string;
  text: string;
  html: string;
  createdAt: string;
  sentAt?: string;
  /** A copy sent to the person's representative at their request (to whom), not the person's own letter. */
  copyFor?: Letter['copyFor'];
  /** Post: when it was posted, and who marked it so (absent when GOV.UK Notify posted it). */
  postedAt?: string;
  postedBy?: { sub: string; name: string };
  /** Post: when it came back, and why. */
  returned?: { at: string; reason: string; recordedBy: { sub: string; name: string }; recordedAt: string };
  /** Why it could not be sent (FAILED). */
  failure?: { reason: string };
  /** The letter this one sent again. */
  resentFrom?: string;
  /** Post with GOV.UK Notify: its notification id. */
  notifyId?: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function asSent(l: Letter, serviceUserId: string): LetterAsSent {
  const sentAt = l.sentAt ?? l.queuedAt;
  return {
    id: l.id,
    ...(l.strategyId ? { strategyId: l.strategyId } : {}),
    ...(l.warningId ? { warningId: l.warningId } : {}),
    serviceUserId,
    kind: l.kind,
    channel: l.channel,
    status: l.status,
    ...(l.to ? { to: l.to } : {}),
    ...(l.recipientName ? { recipientName: l.recipientName } : {}),
    ...(l.postalAddress ? { postalAddress: l.postalAddress } : {}),
    subject: l.subject,
    text: l.text,
    // Letters recorded before the HTML was kept show their text as HTML paragraphs.
    html: l.html ?? l.text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n'),
    createdAt: l.createdAt,
    ...(sentAt ? { sentAt } : {}),
    ...(l.copyFor ? { copyFor: l.copyFor } : {}),
    ...(l.postedAt ? { postedAt: l.postedAt } : {}),
    ...(l.postedBy ? { postedBy: l.postedBy } : {}),
    ...(l.returned ? { returned: l.returned } : {}),
    ...(l.failure ? { failure: { reason: failureWords(l.failure) } } : {}),
    ...(l.resentFrom ? { resentFrom: l.resentFrom } : {}),
    ...(l.notifyId ? { notifyId: l.notifyId } : {}),
  };
}

async function requireLetter(id: string): Promise<Letter> {
  const l = await getLetter(id);
  if (!l) throw notFound('There is no such letter.');
  return l;
}

/** The letter as sent, to whoever it was written to. */
export async function shown(l: Letter): Promise<LetterAsSent> {
  return asSent(l, await ownerOf(l));
}

async function ownerOf(l: Letter): Promise<string> {
  return l.serviceUserId ?? (l.strategyId ? (await getStrategy(l.strategyId))?.serviceUserId : undefined) ?? '';
}

/** `GET /letters/{id}`: the letter as it was sent. */
export async function letterAsSent(id: string, reader: Reader): Promise<LetterAsSent> {
  const l = await requireLetter(id);
  const owner = await ownerOf(l);
  await recordRead(owner, reader);
  return asSent(l, owner);
}

/**
 * `GET /letters/{id}/pdf`: the printed letter as posted, regenerated from the copy
 * frozen at the time (deterministic: same text, address, date line and reference).
 * 404 for a letter that was not posted.
 */
export async function postedLetterPdf(id: string, reader: Reader): Promise<Uint8Array> {
  const l = await requireLetter(id);
  if (l.channel !== 'POST' || !l.postalAddress || !l.recipientName) throw notFound('This letter was not posted: there is no printed copy.');
  await recordRead(await ownerOf(l), reader);
  const dateLine = ukLongDate(ukDateOf(new Date(l.queuedAt ?? l.createdAt)));
  // The PDF code is loaded only now (letterPdfs): only this route of the letters function returns a PDF.
  return letterPdfs().letter({
    recipientName: l.recipientName,
    postalAddress: l.postalAddress,
    dateLine,
    subject: l.subject,
    text: bodyForPrint(l.text, [l.recipientName, ...l.postalAddress.lines, l.postalAddress.postcode], dateLine),
    reference: l.strategyId ?? l.warningId,
    format: l.format,
    // The office as it is configured now: the sender block is not frozen with the letter.
    senderLines: [office().name, ...office().postalAddress],
  });
}

/** `GET /service-users/{id}/letters`: every letter to the person, newest first (404 for no such person). */
export async function lettersOfServiceUser(serviceUserId: string, limit: number, cursor: string | undefined, reader: Reader) {
  await requireServiceUserItem(serviceUserId);
  const page = await listLettersOfServiceUser(serviceUserId, limit, cursor);
  await recordRead(serviceUserId, reader);
  return { ...page, items: page.items.map((l) => asSent(l, serviceUserId)) };
}
