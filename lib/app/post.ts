/**
 * The post, followed to the letterbox (docs/lifecycle.md, The post): the post-queue
 * consumer hands each letter over (the office's print queue, or GOV.UK Notify),
 * staff mark printed letters posted and record those that come back, GOV.UK
 * Notify's statuses are followed, and what a letter's move means for its strategy
 * (in force once told; not in force when every route failed) is acted on here.
 */
import { nowIso } from '../clock.js';
import { config } from '../config.js';
import { notificationState, toldByPost, postStillOnItsWay, letterStatusOfNotify, MOVES_BY_HAND, LETTER_QUEUES, type LetterQueue } from '../domain/post.js';
import { failureWords } from '../domain/letter-events.js';
import type { LetterStatus } from '../domain/letter-routes.js';
import { notInFuture } from '../domain/not-in-future.js';
import type { Actor } from '../domain/staff.js';
import { letterFailedEveryRoute, NOT_ON_RECORD } from '../domain/staff-emails.js';
import { conflict, notFound, unprocessable, wrongState } from '../errors.js';
import { parsePostMessage } from '../ports/post-queue.js';
import { logger } from '../observability.js';
import { commit, ConditionFailed, SYSTEM_ACTOR, type Page, type Write } from '../store/db.js';
import { LETTER_FAILED_TALLY, LETTER_RETURNED_TALLY } from '../domain/governance.js';
import { figuresWrites } from '../store/governance.js';
import { getLetter, LETTER_WRITE, letterMoveWrites, letterTimelineWrites, listLettersInQueue, listLettersOf, ownerOfLetter, somNotifiedWrite, type Letter, type LetterMove } from '../store/letters.js';
import { personHistoryWrite } from '../store/person-record.js';
import { getServiceUserItem, postalAddressUndeliverableWrite } from '../store/service-users.js';
import { caseReferences, getStrategy } from '../store/strategies.js';
import { postPacks, printAndPost } from '../wiring.js';
import { shown, type LetterAsSent } from './letters-as-sent.js';
import { alertSom } from './not-notified.js';
import { emailStaff } from './staff-email.js';
import { activateStrategy, markNotNotified } from './strategies.js';

// --- the post-queue consumer -----------------------------------------------------------

/**
 * One post-queue message: the letter's pack is handed to print and post, and the
 * letter moves from QUEUED to what became of it (PRINT_READY, SENT_TO_PRINTER or
 * FAILED). Idempotent: a letter no longer QUEUED is left as it is, and GOV.UK
 * Notify is asked for the letter before it is sent. A provider that cannot be
 * reached throws, so the message is retried and in the end dead-lettered: a letter
 * is never recorded as handed over when it was not. An unknown letter throws too.
 */
export async function handOverLetter(body: string): Promise<LetterStatus | 'ALREADY'> {
  const message = parsePostMessage(body);
  const letter = await getLetter(message.letterId);
  if (!letter) throw new Error(`No letter ${message.letterId}`);
  if (letter.status !== 'QUEUED') {
    logger.info('letter already handed over', { letterId: letter.id, status: letter.status });
    return 'ALREADY';
  }
  const provider = printAndPost();
  const handover = await provider.handOver({ reference: letter.id, pack: () => postPacks().read(message.packKey) });
  const at = nowIso();
  const move: LetterMove =
    handover.status === 'PRINT_READY'
      ? { to: 'PRINT_READY', from: ['QUEUED'], fields: { printReadyAt: at } }
      : handover.status === 'SENT_TO_PRINTER'
        ? { to: 'SENT_TO_PRINTER', from: ['QUEUED'], fields: { sentToPrinterAt: at, notifyId: handover.providerId } }
        : { to: 'FAILED', from: ['QUEUED'], fields: { failedAt: at, failure: { error: 'PrintProviderRefused', reason: handover.reason } } };
  const moved = await moveLetter(letter, move, at);
  logger.info('letter handed over for print and post', { letterId: letter.id, strategyId: letter.strategyId, provider: provider.provider, status: move.to, moved });
  return moved ? move.to : 'ALREADY';
}

/** Commits a letter's move and acts on what it means; false when the letter had already moved on (a racing delivery). */
async function moveLetter(letter: Letter, move: LetterMove, at: string, extra: Write[] = []): Promise<boolean> {
  try {
    await commit([...letterMoveWrites(letter, move, at), ...extra, ...figuresOf(move.to, at, letter.id)]);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === LETTER_WRITE) return false;
    throw err;
  }
  await afterPostMoved({ ...letter, ...move.fields, status: move.to });
  return true;
}

/** Governance: letters returned and letters failed, in the UK month it happened. */
function figuresOf(status: LetterStatus, at: string, letterId: string) {
  if (status === 'RETURNED') return figuresWrites(at, letterId, LETTER_RETURNED_TALLY);
  if (status === 'FAILED') return figuresWrites(at, letterId, LETTER_FAILED_TALLY);
  return [];
}

/**
 * What a letter's move means beyond the letter. Posted (or sent to the printer):
 * a strategy waiting for its IMPLEMENTED letter to be posted comes into force.
 * Failed: a strategy waiting only for it is not in force (NOT_NOTIFIED, the
 * Statutory Operations Manager told as always); otherwise, when nothing else of
 * the same delivery reached the person, the Statutory Operations Manager is emailed, once.
 */
export async function afterPostMoved(letter: Letter): Promise<void> {
  // A copy for the person's representative never told the person: its moves mean nothing for the strategy.
  if (letter.copyFor) return;
  if (letter.strategyId && letter.kind === 'IMPLEMENTED' && (toldByPost(letter.status) || letter.status === 'FAILED')) {
    if (await settleAwaitingStrategy(letter.strategyId)) return;
  }
  if (letter.status === 'FAILED') await tellSomIfNothingReached(letter);
}

/**
 * An APPROVED strategy marked `awaiting: "POSTING"`: in force once one of its
 * IMPLEMENTED letters told the person; NOT_NOTIFIED once none did and none is on
 * its way. True when it was settled here (the Statutory Operations Manager hears of
 * a NOT_NOTIFIED strategy from lib/app/lifecycle.ts's alert, not again here).
 */
export async function settleAwaitingStrategy(strategyId: string): Promise<boolean> {
  const s = await getStrategy(strategyId);
  if (!s || s.status !== 'APPROVED' || s.awaiting !== 'POSTING') return false;
  const letters = (await listLettersOf({ strategyId })).filter((l) => l.kind === 'IMPLEMENTED');
  const state = notificationState(letters.map((l) => ({ channel: l.channel, outcome: l.status === 'SENT' ? 'SENT' : l.status, letterStatus: l.channel === 'POST' ? l.status : undefined })));
  if (state === 'TOLD') {
    await activateStrategy(strategyId);
    logger.info('strategy activated: its letter was posted', { strategyId });
    return true;
  }
  if (state === 'NOT_TOLD') {
    const outcomes = letters.map((l) => `${l.channel.toLowerCase()} ${l.status.toLowerCase().replace(/_/g, ' ')}`).join(', ');
    const by = (channel: 'EMAIL' | 'POST') => letters.find((l) => l.channel === channel)?.status;
    const [byEmail, byPost] = [by('EMAIL'), by('POST')];
    const { strategy, changed } = await markNotNotified(strategyId, { ...(byEmail ? { byEmail } : {}), ...(byPost ? { byPost } : {}) });
    if (changed) await alertSom(strategy, outcomes);
    return true;
  }
  return false;
}

/** Emails the Statutory Operations Manager about a failed letter, once, when no other route of the same delivery reached the person. True when they were (or had been) told. */
export async function tellSomIfNothingReached(letter: Letter): Promise<boolean> {
  if (letter.somNotifiedAt) return true;
  const others = (await listLettersOf(ownerOfLetter(letter))).filter((l) => l.id !== letter.id && l.deliveryKey === letter.deliveryKey);
  const reached = others.some((l) => (l.channel === 'EMAIL' ? l.status === 'SENT' : toldByPost(l.status) || postStillOnItsWay(l.status)));
  if (reached) return false;
  const serviceUserId = letter.serviceUserId ?? (letter.strategyId ? (await getStrategy(letter.strategyId))?.serviceUserId : undefined) ?? 'unknown';
  const [person, caseRefs] = await Promise.all([getServiceUserItem(serviceUserId), caseReferences(letter.caseIds)]);
  const personName = person?.name ?? NOT_ON_RECORD.person;
  await emailStaff([config.SOM_EMAIL], letterFailedEveryRoute({ kind: letter.kind, strategyId: letter.strategyId, personName, caseRefs }, failureWords(letter.failure)));
  const at = nowIso();
  await commit([
    somNotifiedWrite(letter, at),
    ...letterTimelineWrites(letter, { at, actor: SYSTEM_ACTOR, kind: 'LETTER_FAILED_SOM_EMAILED', fields: {}, ref: { letterId: letter.id } }),
  ]);
  logger.info('Statutory Operations Manager emailed about a failed letter', { letterId: letter.id, strategyId: letter.strategyId });
  return true;
}

// --- staff: the print queue, posted, returned --------------------------------------------

async function requireLetter(id: string): Promise<Letter> {
  const l = await getLetter(id);
  if (!l) throw notFound('There is no such letter.');
  return l;
}

/** `GET /letters?status=`: the print queue (oldest first) or the failed letters (newest first), a page at a time, as sent. */
export async function lettersInQueue(status: LetterQueue, limit: number, cursor?: string): Promise<Page<LetterAsSent>> {
  const page = await listLettersInQueue(status, limit, cursor, LETTER_QUEUES[status] === 'NEWEST_FIRST');
  return { ...page, items: await Promise.all(page.items.map(shown)) };
}

function requireNotFuture(field: string, at: string): void {
  const errors = notInFuture(field, at, new Date(nowIso()));
  if (errors.length > 0) throw unprocessable(errors[0]!.message, errors);
}

/** `POST /letters/{id}/posted`: a letter from the print queue was posted (409 from any other status). */
export async function markPosted(id: string, input: { postedAt: string }, actor: Actor): Promise<LetterAsSent> {
  requireNotFuture('postedAt', input.postedAt);
  const letter = await requireLetter(id);
  const { from, to } = MOVES_BY_HAND.posted;
  if (letter.status !== from) throw wrongState('letter', letter.status, 'marked as posted');
  const at = nowIso();
  const moved = await moveLetter(letter, { to, from: [from], fields: { postedAt: input.postedAt, postedBy: actor }, actor }, at);
  if (!moved) throw conflict('This letter changed meanwhile; read it again.');
  return shown(await requireLetter(id));
}

/**
 * `POST /letters/{id}/returned`: a posted letter came back (409 from any other
 * status). The person's postal address is marked undeliverable until it is edited,
 * and each case's timeline says so; a returned copy for their representative is
 * recorded alone.
 */
export async function recordReturned(id: string, input: { returnedAt: string; reason: string }, actor: Actor): Promise<LetterAsSent> {
  requireNotFuture('returnedAt', input.returnedAt);
  const letter = await requireLetter(id);
  const { from, to } = MOVES_BY_HAND.returned;
  if (letter.status !== from) throw wrongState('letter', letter.status, 'recorded as returned');
  const at = nowIso();
  // A copy came back from the representative's address, not the person's: theirs stays as it is.
  const person = letter.copyFor ? undefined : letter.serviceUserId;
  const moved = await moveLetter(
    letter,
    { to, from: [from], fields: { returned: { at: input.returnedAt, reason: input.reason, recordedBy: actor, recordedAt: at } }, actor, words: { returnedReason: input.reason } },
    at,
    person ? [postalAddressUndeliverableWrite(person, at, actor), personHistoryWrite(person, { at, actor, action: 'UPDATED', fields: ['postalAddressUndeliverable'] })] : [],
  );
  if (!moved) throw conflict('This letter changed meanwhile; read it again.');
  return shown(await requireLetter(id));
}

// --- GOV.UK Notify's statuses -------------------------------------------------------------

/**
 * Follows GOV.UK Notify's status of every letter it accepted and has not yet
 * posted (run on the schedule): `received` is POSTED, a failure is FAILED with
 * Notify's status as the reason. One letter's lookup failing is logged and left for
 * the next run. Nothing to do in-house.
 */
export async function followNotifyLetters(): Promise<{ checked: number; moved: number }> {
  const provider = printAndPost();
  if (!provider.statusOf) return { checked: 0, moved: 0 };
  let checked = 0;
  let moved = 0;
  let cursor: string | undefined;
  do {
    const page = await listLettersInQueue('SENT_TO_PRINTER', 100, cursor);
    for (const letter of page.items) {
      if (!letter.notifyId) continue;
      checked++;
      try {
        const verdict = letterStatusOfNotify(await provider.statusOf(letter.notifyId));
        if (!verdict || verdict.status === 'SENT_TO_PRINTER') continue;
        const at = nowIso();
        const move: LetterMove =
          verdict.status === 'POSTED'
            ? { to: 'POSTED', from: ['SENT_TO_PRINTER'], fields: { postedAt: at } }
            : { to: 'FAILED', from: ['SENT_TO_PRINTER'], fields: { failedAt: at, failure: { error: 'PrintProviderFailed', reason: verdict.reason } } };
        if (await moveLetter(letter, move, at)) moved++;
      } catch (err) {
        logger.warn('GOV.UK Notify status not followed for a letter: left for the next run', { letterId: letter.id, error: (err as Error).name });
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  logger.info('GOV.UK Notify letter statuses followed', { checked, moved });
  return { checked, moved };
}
