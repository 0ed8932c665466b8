/**
 * The letter repository: letters to the person about their contact strategy
 * (policy 1.5: told in writing, by email and by post, with a copy of the policy; a
 * copy of the correspondence recorded against each case), in the strategy's partition.
 *
 * | letter | pk              | sk            | GSI1                  | GSI2 (EMAIL letters once sent)  |
 * |--------|-----------------|---------------|-----------------------|---------------------------------|
 * | letter | STRATEGY#<sid>  | LETTER#<id>   | LETTER#<id> / LETTER  | SESMSG#<messageId> / LETTER     |
 * | letter | WARNING#<wid>   | LETTER#<id>   | LETTER#<id> / LETTER  | SESMSG#<messageId> / LETTER     |
 *
 * GSI2 finds an emailed letter from the SES message id a bounce or complaint
 * event carries (lib/app/bounces.ts); a letter without one is on GSI2 while it
 * waits in a queue (`queueOf`): the print queue, with GOV.UK Notify, or failed.
 *
 * Every write of a letter comes with a `LETTER` timeline entry on each case of the
 * strategy (`ref: { strategyId, letterId }`) and a history entry, for one
 * transaction, so the case history and the letter never disagree. A WARNING letter
 * has no strategy: it is kept in its warning's partition, and its entries go on the
 * warning's cases only (`ref: { warningId, letterId }`). The letter item
 * keeps a copy of what was sent (`text`, `html`), reachable from the timeline
 * through `letterId`.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import { doc } from '../clients/dynamodb.js';
import { letterFields } from '../domain/letter-events.js';
import type { LetterFields } from '../domain/timeline-words.js';
import type { TimelineKind } from '../domain/timeline-kinds.js';
import { LETTER_KINDS, type LetterKind } from '../domain/letter.js';
import { REPRESENTATIVE_KINDS, type RepresentativeKind } from '../domain/representatives.js';
import { deliveryKeyOf, LETTER_CHANNELS, LETTER_STATUSES, type LetterChannel, type LetterStatus } from '../domain/letter-routes.js';
import { ActorSchema } from '../schemas/common.js';
import type { Actor } from '../domain/staff.js';
import type { LetterQueue } from '../domain/post.js';
import { inPartition, queryAll, queryPage, SYSTEM_ACTOR, TABLE, type Page, type Write } from './db.js';
import { strategyHistoryWrite, strategyTimelineWrites } from './strategies.js';
import { timelineWrite, type TimelineDraft } from './timeline.js';
import { INDEX, LETTER_INDEX, letterKey, STRATEGY_PARTITION, WARNING_KEYS } from './table.js';

/** What a letter is about: a strategy, or (a WARNING letter) a warning. */
export type LetterOwner = { strategyId: string; warningId?: undefined } | { warningId: string; strategyId?: undefined };

export interface Letter {
  id: string;
  /** The strategy it is about; absent on a WARNING letter, which has `warningId` instead. */
  strategyId?: string;
  warningId?: string;
  /** The person it was sent to (absent on letters recorded before letters named their person: read it from the strategy). */
  serviceUserId?: string;
  /** As sent: the email addresses (EMAIL), or the name and address on the envelope (POST). Later edits to the person do not change them. */
  to?: string[];
  recipientName?: string;
  postalAddress?: { lines: string[]; postcode: string };
  kind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  subject: string;
  /** The copy of the correspondence (plain text as sent; the HTML body for email). */
  text: string;
  html?: string;
  caseIds: string[];
  /** One letter per strategy, kind and channel for IMPLEMENTED; per request otherwise. */
  deliveryKey: string;
  requestId: string;
  createdAt: string;
  sentAt?: string;
  queuedAt?: string;
  dispatchedAt?: string;
  /** In-house post: when it joined the print queue. */
  printReadyAt?: string;
  /** GOV.UK Notify: when it accepted the PDF, and its notification id. */
  sentToPrinterAt?: string;
  notifyId?: string;
  /** When it was posted, and who marked it so (absent when GOV.UK Notify posted it). */
  postedAt?: string;
  postedBy?: Actor;
  /** When it came back undelivered, why, and who recorded it. */
  returned?: { at: string; reason: string; recordedBy: Actor; recordedAt: string };
  /** The letter this one sends again (same content, the person's current addresses). */
  resentFrom?: string;
  /** For POST: where the pack (letter + policy) is stored. */
  packKey?: string;
  /** Why delivery failed (error name and a short cause; `reason`: what the print provider said), for FAILED letters. */
  failure?: { error: string; cause?: string; reason?: string };
  /** For EMAIL: the SES message id of the email (bounce and complaint events name it). */
  sesMessageId?: string;
  /** For BOUNCED / COMPLAINED letters: what SES reported, and when it was recorded. */
  undeliverable?: Undeliverable;
  /** Set when nobody else would act (no posted copy): when the SOM was emailed about it. */
  somNotifiedAt?: string;
  /** When it became FAILED (a letter recorded as failed from the start: `createdAt`). */
  failedAt?: string;
  /** LARGE_PRINT: posted in large print (a reasonable adjustment), so its printed copy is too. */
  format?: 'LARGE_PRINT';
  /**
   * A copy of the person's letter sent to their representative at the person's request
   * (`copyLetters`), marked as a copy. Never counts as telling the person: the reads that
   * decide what the person was told leave copies out.
   */
  copyFor?: CopyFor;
}

/** Whom a copy was sent to: the representative, by id, name and kind. */
export interface CopyFor {
  representativeId: string;
  name: string;
  kind: RepresentativeKind;
}

export interface Undeliverable {
  event: 'BOUNCE' | 'COMPLAINT' | 'REJECT';
  detail?: string;
  at: string;
}

const LetterItem: z.ZodType<Letter> = z.object({
  id: z.string(),
  strategyId: z.string().optional(),
  warningId: z.string().optional(),
  serviceUserId: z.string().optional(),
  to: z.array(z.string()).optional(),
  recipientName: z.string().optional(),
  postalAddress: z.object({ lines: z.array(z.string()), postcode: z.string() }).optional(),
  kind: z.enum(LETTER_KINDS),
  channel: z.enum(LETTER_CHANNELS),
  status: z.enum(LETTER_STATUSES),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  caseIds: z.array(z.string()),
  deliveryKey: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  queuedAt: z.string().optional(),
  dispatchedAt: z.string().optional(),
  printReadyAt: z.string().optional(),
  sentToPrinterAt: z.string().optional(),
  notifyId: z.string().optional(),
  postedAt: z.string().optional(),
  postedBy: ActorSchema.optional(),
  returned: z.object({ at: z.string(), reason: z.string(), recordedBy: ActorSchema, recordedAt: z.string() }).optional(),
  resentFrom: z.string().optional(),
  packKey: z.string().optional(),
  failure: z.object({ error: z.string(), cause: z.string().optional(), reason: z.string().optional() }).optional(),
  sesMessageId: z.string().optional(),
  undeliverable: z.object({ event: z.enum(['BOUNCE', 'COMPLAINT', 'REJECT']), detail: z.string().optional(), at: z.string() }).optional(),
  somNotifiedAt: z.string().optional(),
  failedAt: z.string().optional(),
  format: z.literal('LARGE_PRINT').optional(),
  copyFor: z.object({ representativeId: z.string(), name: z.string(), kind: z.enum(REPRESENTATIVE_KINDS) }).optional(),
});

const toLetter = (item: Record<string, unknown>): Letter => LetterItem.parse(item);

/**
 * The statuses whose letters wait in a queue (GSI2): staff's print queue and failed
 * letters, and the letters GOV.UK Notify has. Each queue is in the order the letters
 * were made, so "oldest first" and "newest first" mean the letter's own age.
 */
const QUEUES: readonly LetterStatus[] = ['PRINT_READY', 'SENT_TO_PRINTER', 'FAILED'];

function queueOf(l: Letter): { status: LetterStatus; since: string } | undefined {
  return QUEUES.includes(l.status) && !l.sesMessageId ? { status: l.status, since: l.createdAt } : undefined;
}

function letterItem(l: Letter) {
  return { ...letterKey(l), ...LETTER_INDEX.keys({ ...l, queue: queueOf(l) }), entity: 'Letter', ...l };
}

/** Every letter to a person, newest first (GSI3). */
export async function listLettersOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<Letter>> {
  return queryPage<Letter, Record<string, unknown>>({ ...inPartition(LETTER_INDEX.ofServiceUser(serviceUserId)), ScanIndexForward: false }, limit, cursor, toLetter);
}

// --- reads -----------------------------------------------------------------------------

/** The letters waiting in a queue (GSI2): oldest first, or newest first. */
export async function listLettersInQueue(status: LetterQueue | 'SENT_TO_PRINTER', limit: number, cursor?: string, newestFirst = false): Promise<Page<Letter>> {
  return queryPage<Letter, Record<string, unknown>>({ ...inPartition(LETTER_INDEX.inQueue(status)), ScanIndexForward: !newestFirst }, limit, cursor, toLetter);
}

/** Every letter of a strategy, oldest first. */
export async function listLetters(strategyId: string): Promise<Letter[]> {
  return listLettersOf({ strategyId });
}

/**
 * Every letter to the person of a strategy or of a warning, oldest first; with
 * `{ copies: true }` the copies sent to their representatives too (whatever decides
 * what the person was told reads the person's own letters only).
 */
export async function listLettersOf(owner: LetterOwner, opts: { copies?: boolean } = {}): Promise<Letter[]> {
  const pk = owner.strategyId ? STRATEGY_PARTITION.pk(owner.strategyId) : WARNING_KEYS.pk(owner.warningId as string);
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)',
    ExpressionAttributeValues: { ':pk': pk, ':l': STRATEGY_PARTITION.LETTER },
    ConsistentRead: true,
  });
  return items.map(toLetter).filter((l) => opts.copies === true || l.copyFor === undefined);
}

/** The owner of a stored letter (its strategy, or its warning). */
export function ownerOfLetter(l: Pick<Letter, 'id' | 'strategyId' | 'warningId'>): LetterOwner {
  if (l.strategyId) return { strategyId: l.strategyId };
  if (l.warningId) return { warningId: l.warningId };
  throw new Error(`Letter ${l.id} belongs to neither a strategy nor a warning`);
}

/** One letter by id (the copy of the correspondence a timeline entry points at). */
export async function getLetter(letterId: string): Promise<Letter | undefined> {
  const { gsi1pk, gsi1sk } = LETTER_INDEX.byId(letterId);
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk', ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk } }),
  );
  const item = res.Items?.[0];
  return item ? toLetter(item) : undefined;
}

/** The emailed letter an SES message id belongs to (GSI2), if any: staff emails have none. */
export async function findLetterBySesMessageId(messageId: string): Promise<Letter | undefined> {
  const { gsi2pk, gsi2sk } = LETTER_INDEX.bySesMessageId(messageId);
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk', ExpressionAttributeValues: { ':pk': gsi2pk, ':sk': gsi2sk } }),
  );
  const item = res.Items?.[0];
  return item ? toLetter(item) : undefined;
}

/** The copy for a representative already sent, queued or dispatched for this delivery, if any (so a retried task never sends it twice). */
export async function findCopyDelivered(owner: LetterOwner, deliveryKey: string, channel: LetterChannel, representativeId: string): Promise<Letter | undefined> {
  return (await listLettersOf(owner, { copies: true })).find((l) => l.copyFor?.representativeId === representativeId && l.deliveryKey === deliveryKey && l.channel === channel && l.status !== 'FAILED');
}

/** A letter already sent, queued or dispatched for this delivery, if any (so a retried task never sends twice). */
export async function findDelivered(owner: string | LetterOwner, deliveryKey: string, channel: LetterChannel): Promise<Letter | undefined> {
  return (await listLettersOf(typeof owner === 'string' ? { strategyId: owner } : owner)).find((l) => l.deliveryKey === deliveryKey && l.channel === channel && l.status !== 'FAILED');
}

// --- new letters ---------------------------------------------------------------------

export type NewLetter = LetterOwner & NewLetterFields;

interface NewLetterFields {
  serviceUserId: string;
  /** As sent (see `Letter`). */
  to?: string[];
  recipientName?: string;
  postalAddress?: { lines: string[]; postcode: string };
  kind: LetterKind;
  channel: LetterChannel;
  subject: string;
  text: string;
  html?: string;
  caseIds: string[];
  requestId: string;
  /** Chosen by the caller when it must name the letter before recording it (the post pack). */
  id?: string;
  packKey?: string;
  /** For EMAIL: the SES message id `sendEmail` returned. */
  sesMessageId?: string;
  format?: 'LARGE_PRINT';
  copyFor?: CopyFor;
  /** The letter this one sends again. */
  resentFrom?: string;
}

/** Allocates a letter id (the post pack is stored under it before the letter is recorded). */
export const newLetterId = (): string => ulid();

/** The letter entity for `input`, created `at`, in `status` with that status's fields. */
export function newLetter(input: NewLetter, at: string, status: Pick<Letter, 'status' | 'sentAt' | 'queuedAt' | 'failure'>): Letter {
  return {
    id: input.id ?? newLetterId(),
    ...(input.strategyId ? { strategyId: input.strategyId } : { warningId: input.warningId as string }),
    serviceUserId: input.serviceUserId,
    ...(input.to ? { to: input.to } : {}),
    ...(input.recipientName ? { recipientName: input.recipientName } : {}),
    ...(input.postalAddress ? { postalAddress: input.postalAddress } : {}),
    kind: input.kind,
    channel: input.channel,
    subject: input.subject,
    text: input.text,
    ...(input.html ? { html: input.html } : {}),
    caseIds: input.caseIds,
    deliveryKey: deliveryKeyOf(input.kind, input.requestId),
    requestId: input.requestId,
    createdAt: at,
    ...(input.packKey ? { packKey: input.packKey } : {}),
    ...(input.sesMessageId ? { sesMessageId: input.sesMessageId } : {}),
    ...(input.format ? { format: input.format } : {}),
    ...(input.copyFor ? { copyFor: input.copyFor } : {}),
    ...(input.resentFrom ? { resentFrom: input.resentFrom } : {}),
    ...status,
  };
}

// --- writes ----------------------------------------------------------------------------

/** The name of the letter item's write in a transaction. */
export const LETTER_WRITE = 'letter';

/** The LETTER entry on each case, and the strategy's own history entry, for the letter as it now stands. */
function letterEntries(l: Letter, at: string): Write[] {
  const fields = letterFields(l);
  return [
    ...(l.strategyId ? [strategyHistoryWrite(l.strategyId, { at, actor: SYSTEM_ACTOR, event: 'LETTER', fields })] : []),
    ...letterTimelineWrites(l, { at, actor: SYSTEM_ACTOR, kind: 'LETTER', fields, ref: { letterId: l.id } }),
  ];
}

/** The same entry on every case of the letter, naming its strategy or its warning. */
export function letterTimelineWrites<K extends TimelineKind>(l: Pick<Letter, 'strategyId' | 'warningId' | 'caseIds'>, entry: TimelineDraft<K>): Write[] {
  if (l.strategyId) return strategyTimelineWrites({ id: l.strategyId, caseIds: l.caseIds }, entry);
  return l.caseIds.map((caseId) => timelineWrite(caseId, { ...entry, ref: { ...(l.warningId ? { warningId: l.warningId } : {}), ...entry.ref } }));
}

/** A new letter, with its entries on the history and each case. */
export function newLetterWrites(l: Letter, at: string): Write[] {
  return [{ name: LETTER_WRITE, Put: { Item: letterItem(l), ConditionExpression: 'attribute_not_exists(pk)' } }, ...letterEntries(l, at)];
}

/** What a letter's move to another status sets (besides the status), and who made it. */
export interface LetterMove {
  to: LetterStatus;
  /** The statuses it may move from: the write's condition fails from any other. */
  from: readonly LetterStatus[];
  fields: Partial<Pick<Letter, 'printReadyAt' | 'sentToPrinterAt' | 'notifyId' | 'postedAt' | 'postedBy' | 'returned' | 'failure' | 'failedAt'>>;
  actor?: Actor;
  /** What the entries record besides the letter as it now stands (why a posted letter came back). */
  words?: Pick<LetterFields, 'returnedReason'>;
}

/**
 * A letter's move from one status to another (posted letters: to the print queue,
 * to the printer, posted, returned, failed), with its entries on the history and
 * each case; it enters or leaves the queue of its status (GSI2).
 */
export function letterMoveWrites(l: Letter, move: LetterMove, at: string): Write[] {
  const next: Letter = { ...l, ...move.fields, status: move.to };
  const queue = queueOf(next);
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':to': move.to, ...Object.fromEntries(move.from.map((f, i) => [`:from${i}`, f])) };
  const sets = ['#s = :to'];
  for (const [k, v] of Object.entries({ ...move.fields, ...(queue ? LETTER_INDEX.queueKeys(l.id, queue) : {}) })) {
    names[`#f_${k}`] = k;
    values[`:f_${k}`] = v;
    sets.push(`#f_${k} = :f_${k}`);
  }
  // An emailed letter's GSI2 is its SES message id: only a queue's keys are removed.
  const remove = !queue && !l.sesMessageId ? ' REMOVE gsi2pk, gsi2sk' : '';
  const actor = move.actor ?? SYSTEM_ACTOR;
  const fields: LetterFields = { ...letterFields(next), ...move.words };
  return [
    {
      name: LETTER_WRITE,
      Update: {
        Key: letterKey(l),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: `#s IN (${move.from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...(l.strategyId ? [strategyHistoryWrite(l.strategyId, { at, actor, event: 'LETTER', fields })] : []),
    ...letterTimelineWrites(l, { at, actor, kind: 'LETTER', fields, ref: { letterId: l.id } }),
  ];
}

/** An emailed letter sent again (made QUEUED by `POST /letters/{id}/resend`) went: QUEUED → SENT, findable by its SES message id. */
export function emailSentWrites(l: Letter, sesMessageId: string | undefined, at: string): Write[] {
  const next: Letter = { ...l, status: 'SENT', sentAt: at, ...(sesMessageId ? { sesMessageId } : {}) };
  const index = sesMessageId ? LETTER_INDEX.bySesMessageId(sesMessageId) : {};
  const fields: Record<string, unknown> = { sentAt: at, ...(sesMessageId ? { sesMessageId } : {}), ...index };
  return [
    {
      name: LETTER_WRITE,
      Update: {
        Key: letterKey(l),
        UpdateExpression: `SET #s = :sent, ${Object.keys(fields).map((k) => `#f_${k} = :f_${k}`).join(', ')}`,
        ConditionExpression: '#s = :q',
        ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(Object.keys(fields).map((k) => [`#f_${k}`, k])) },
        ExpressionAttributeValues: { ':sent': 'SENT', ':q': 'QUEUED', ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:f_${k}`, v])) },
      },
    },
    ...letterEntries(next, at),
  ];
}

/** SENT → BOUNCED or COMPLAINED (the condition fails if it is no longer SENT), with what SES reported. */
export function undeliverableWrite(l: Pick<Letter, 'strategyId' | 'warningId' | 'id'>, status: 'BOUNCED' | 'COMPLAINED', undeliverable: Undeliverable): Write {
  return {
    name: LETTER_WRITE,
    Update: {
      Key: letterKey(l),
      UpdateExpression: 'SET #s = :to, undeliverable = :u',
      ConditionExpression: '#s = :sent',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':to': status, ':sent': 'SENT', ':u': undeliverable },
    },
  };
}

/** Notes on the letter when the Statutory Operations Manager was emailed about it. */
export function somNotifiedWrite(l: Pick<Letter, 'strategyId' | 'warningId' | 'id'>, at: string): Write {
  return {
    name: LETTER_WRITE,
    Update: {
      Key: letterKey(l),
      UpdateExpression: 'SET somNotifiedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    },
  };
}
