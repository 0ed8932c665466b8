import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { doc } from '../clients/dynamodb.js';
import { nowIso } from '../clock.js';
import type { LetterKind } from '../workflow.js';
import { commit, ConditionFailed, queryAll, SYSTEM_ACTOR, TABLE, timelineWrite, type Write } from './db.js';
import { INDEX, stripKeys } from './table.js';
import { strategyHistoryWrite } from './strategies.js';

/**
 * Letters to the person about their contact strategy (policy 1.5: told in writing,
 * by email and by post, with a copy of the policy; a copy of the correspondence
 * recorded against each case).
 *
 * | item   | pk              | sk            | GSI1                  | GSI2 (EMAIL letters once sent)  |
 * |--------|-----------------|---------------|-----------------------|---------------------------------|
 * | letter | STRATEGY#<sid>  | LETTER#<id>   | LETTER#<id> / LETTER  | SESMSG#<messageId> / LETTER     |
 *
 * GSI2 finds an emailed letter from the SES message id a bounce or complaint
 * event carries (lib/delivery/bounces.ts).
 *
 * Every write of a letter lands in one transaction with a `LETTER` timeline entry
 * on each case of the strategy (`ref: { strategyId, letterId }`), so the case
 * history and the letter never disagree. The letter item keeps a copy of what was
 * sent (`text`, `html`), reachable from the timeline through `letterId`.
 */
export type LetterChannel = 'EMAIL' | 'POST';
/** BOUNCED and COMPLAINED: an emailed letter SES reported as undeliverable (lib/delivery/bounces.ts). */
export type LetterStatus = 'SENT' | 'QUEUED' | 'DISPATCHED' | 'FAILED' | 'BOUNCED' | 'COMPLAINED';

export interface Letter {
  id: string;
  strategyId: string;
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
  /** For POST: where the pack (letter + policy) is stored. */
  packKey?: string;
  /** Why delivery failed (error name and a short cause), for FAILED letters. */
  failure?: { error: string; cause?: string };
  /** For EMAIL: the SES message id of the email (bounce and complaint events name it). */
  sesMessageId?: string;
  /** For BOUNCED / COMPLAINED letters: what SES reported, and when it was recorded. */
  undeliverable?: { event: 'BOUNCE' | 'COMPLAINT' | 'REJECT'; detail?: string; at: string };
  /** Set when nobody else would act (no posted copy): when the SOM was emailed about it. */
  somNotifiedAt?: string;
}

/** What `GET /strategies/{id}` lists under `letters`. */
export interface LetterSummary {
  id: string;
  kind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  subject: string;
  sentAt?: string;
  queuedAt?: string;
  dispatchedAt?: string;
}

const LETTER_KEY = (strategyId: string, id: string) => ({ pk: `STRATEGY#${strategyId}`, sk: `LETTER#${id}` });

/**
 * The idempotency key of a delivery: a strategy is implemented once, so its
 * IMPLEMENTED letter is sent once per channel however often a task is retried or
 * re-driven; other letters (review and breach outcomes) once per request.
 */
export function deliveryKeyOf(kind: LetterKind, requestId: string): string {
  return kind === 'IMPLEMENTED' ? 'IMPLEMENTED' : `${kind}#${requestId}`;
}

/** The GSI2 key that finds an emailed letter by its SES message id. */
export const sesMessageKey = (messageId: string) => `SESMSG#${messageId}`;

function letterItem(l: Letter) {
  return {
    ...LETTER_KEY(l.strategyId, l.id),
    gsi1pk: `LETTER#${l.id}`,
    gsi1sk: 'LETTER',
    ...(l.sesMessageId ? { gsi2pk: sesMessageKey(l.sesMessageId), gsi2sk: 'LETTER' } : {}),
    entity: 'Letter',
    ...l,
  };
}

/** The key of a letter item (for writes composed elsewhere, e.g. lib/delivery/bounces.ts). */
export const letterKey = LETTER_KEY;

const toLetter = (item: Record<string, unknown>) => stripKeys(item) as unknown as Letter;

export const toLetterSummary = (l: Letter): LetterSummary => ({
  id: l.id,
  kind: l.kind,
  channel: l.channel,
  status: l.status,
  subject: l.subject,
  ...(l.sentAt ? { sentAt: l.sentAt } : {}),
  ...(l.queuedAt ? { queuedAt: l.queuedAt } : {}),
  ...(l.dispatchedAt ? { dispatchedAt: l.dispatchedAt } : {}),
});

const CHANNEL_WORDS: Record<LetterChannel, string> = { EMAIL: 'email', POST: 'post' };

function summaryFor(l: Letter): string {
  switch (l.status) {
    case 'SENT':
      return `${l.kind} letter sent by email: ${l.subject}`;
    case 'QUEUED':
      return `${l.kind} letter queued for post: ${l.subject}`;
    case 'DISPATCHED':
      return `${l.kind} letter dispatched by post: ${l.subject}`;
    case 'FAILED':
      return `${l.kind} letter could not be sent by ${CHANNEL_WORDS[l.channel]} (${l.failure?.error ?? 'unknown error'}); it needs sending by hand: ${l.subject}`;
    case 'BOUNCED':
      return `${l.kind} letter sent by email bounced: ${l.subject}`;
    case 'COMPLAINED':
      return `${l.kind} letter sent by email was marked as spam by the recipient: ${l.subject}`;
  }
}

/** The LETTER entry on each case, and the strategy's own history entry. */
function timelineWrites(l: Letter, at: string): Write[] {
  return [
    strategyHistoryWrite(l.strategyId, { at, actor: SYSTEM_ACTOR, event: `LETTER_${l.status}`, summary: `${summaryFor(l)} (letter ${l.id})` }),
    ...l.caseIds.map((caseId) =>
      timelineWrite(caseId, { at, actor: SYSTEM_ACTOR, kind: 'LETTER', summary: summaryFor(l), ref: { strategyId: l.strategyId, letterId: l.id } }),
    ),
  ];
}

/** Every letter of a strategy, oldest first. */
export async function listLetters(strategyId: string): Promise<Letter[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)',
    ExpressionAttributeValues: { ':pk': `STRATEGY#${strategyId}`, ':l': 'LETTER#' },
    ConsistentRead: true,
  });
  return items.map(toLetter);
}

/** The `letters` of `GET /strategies/{id}`. */
export async function listLetterSummaries(strategyId: string): Promise<LetterSummary[]> {
  return (await listLetters(strategyId)).map(toLetterSummary);
}

/** One letter by id (the copy of the correspondence a timeline entry points at). */
export async function getLetter(letterId: string): Promise<Letter | undefined> {
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk', ExpressionAttributeValues: { ':pk': `LETTER#${letterId}`, ':sk': 'LETTER' } }),
  );
  const item = res.Items?.[0];
  return item ? toLetter(item) : undefined;
}

/** The emailed letter an SES message id belongs to (GSI2), if any: staff emails have none. */
export async function findLetterBySesMessageId(messageId: string): Promise<Letter | undefined> {
  const res = await doc.send(
    new QueryCommand({ TableName: TABLE, IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk', ExpressionAttributeValues: { ':pk': sesMessageKey(messageId), ':sk': 'LETTER' } }),
  );
  const item = res.Items?.[0];
  return item ? toLetter(item) : undefined;
}

/** A letter already sent, queued or dispatched for this delivery, if any (so a retried task never sends twice). */
export async function findDelivered(strategyId: string, deliveryKey: string, channel: LetterChannel): Promise<Letter | undefined> {
  return (await listLetters(strategyId)).find((l) => l.deliveryKey === deliveryKey && l.channel === channel && l.status !== 'FAILED');
}

export interface NewLetter {
  strategyId: string;
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
}

/** Allocates a letter id (the post pack is stored under it before the letter is recorded). */
export const newLetterId = (): string => ulid();

async function record(l: Letter, at: string): Promise<Letter> {
  await commit([{ Put: { Item: letterItem(l), ConditionExpression: 'attribute_not_exists(pk)' } }, ...timelineWrites(l, at)]);
  return l;
}

function base(input: NewLetter, at: string): Omit<Letter, 'status'> {
  return {
    id: input.id ?? newLetterId(),
    strategyId: input.strategyId,
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
  };
}

/** Records an emailed letter as SENT, with its LETTER entry on each case. */
export async function recordSent(input: NewLetter): Promise<Letter> {
  const at = nowIso();
  return record({ ...base({ ...input, channel: 'EMAIL' }, at), status: 'SENT', sentAt: at }, at);
}

/** Records a letter put on the post queue as QUEUED, with its LETTER entry on each case. */
export async function recordQueued(input: NewLetter): Promise<Letter> {
  const at = nowIso();
  return record({ ...base({ ...input, channel: 'POST' }, at), status: 'QUEUED', queuedAt: at }, at);
}

/**
 * Records a delivery that failed after every retry as a FAILED letter, so it is
 * seen on each case (and can be sent by hand) rather than lost.
 */
export async function recordFailed(input: NewLetter & { failure: { error: string; cause?: string } }): Promise<Letter> {
  const at = nowIso();
  const failure = { error: input.failure.error.slice(0, 200), ...(input.failure.cause ? { cause: input.failure.cause.slice(0, 1000) } : {}) };
  return record({ ...base(input, at), status: 'FAILED', failure }, at);
}

/**
 * Marks a posted letter DISPATCHED (the post-queue consumer), with a LETTER entry
 * on each case. Idempotent: a letter already dispatched is left as it is, so a
 * redelivered queue message changes nothing. Returns false for an unknown letter.
 */
export async function markDispatched(letterId: string): Promise<'DISPATCHED' | 'ALREADY' | 'UNKNOWN'> {
  const current = await getLetter(letterId);
  if (!current) return 'UNKNOWN';
  if (current.status === 'DISPATCHED') return 'ALREADY';
  const at = nowIso();
  const next: Letter = { ...current, status: 'DISPATCHED', dispatchedAt: at };
  try {
    await commit([
      {
        name: 'letter',
        Update: {
          Key: LETTER_KEY(current.strategyId, current.id),
          UpdateExpression: 'SET #s = :d, dispatchedAt = :at',
          ConditionExpression: '#s = :q',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':d': 'DISPATCHED', ':q': 'QUEUED', ':at': at },
        },
      },
      ...timelineWrites(next, at),
    ]);
  } catch (err) {
    if (err instanceof ConditionFailed && err.write === 'letter') return 'ALREADY';
    throw err;
  }
  return 'DISPATCHED';
}

/**
 * A route the person does not have (no email address, no postal address) is
 * recorded on each case, not treated as an error.
 */
export async function recordMissingRoute(input: { strategyId: string; kind: LetterKind; channel: LetterChannel; caseIds: string[]; undeliverable?: boolean }): Promise<void> {
  const at = nowIso();
  const what = input.undeliverable ? 'no email address that letters have not bounced from' : input.channel === 'EMAIL' ? 'no email address' : 'no postal address';
  await commit(
    input.caseIds.map((caseId) =>
      timelineWrite(caseId, {
        at,
        actor: SYSTEM_ACTOR,
        kind: 'LETTER_NOT_SENT',
        summary: `The person has ${what} on record, so the ${input.kind} letter was not sent by ${CHANNEL_WORDS[input.channel]}.`,
        ref: { strategyId: input.strategyId, channel: input.channel },
      }),
    ),
  );
}
