/**
 * The strategy repository. One partition per strategy holds the strategy item
 * (`STRATEGY`), its history (`HISTORY#<at>#<ulid>`), its letters (`LETTER#<id>`,
 * lib/store/letters.ts) and the review sweep's claims (lib/store/review-claims.ts),
 * so one Query reads it all. Every key is built in lib/store/table.ts.
 *
 * | item      | pk            | sk                   | GSI1                                   | GSI2                                         | GSI3                                        |
 * |-----------|---------------|----------------------|----------------------------------------|----------------------------------------------|---------------------------------------------|
 * | strategy  | STRATEGY#<id> | STRATEGY             | SU#<suid>#STRATEGY / <createdAt>#<id>  | STRATEGY_STATUS#<status> / <createdAt>#<id>  | REVIEW / <reviewDate>#<id>, only while ACTIVE or REVIEW_DUE |
 * | history   | STRATEGY#<id> | HISTORY#<at>#<ulid>  |                                        |                                              |                                             |
 *
 * Items are parsed into entities (zod) on the way out; the approval task token is
 * kept on the strategy item and only the approval functions below read or write it.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import type { Actor } from '../domain/staff.js';
import { doc } from '../clients/dynamodb.js';
import { LETTER_KINDS, type LetterKind } from '../domain/letter.js';
import { LETTER_CHANNELS, LETTER_STATUSES, type LetterChannel, type LetterStatus } from '../domain/letter-routes.js';
import type { ReviewOutcome } from '../domain/review.js';
import type { SpocCover } from '../domain/spoc.js';
import { IN_FORCE } from '../domain/strategy-rules.js';
import { ActorSchema, EntryFieldsSchema } from '../schemas/common.js';
import { Restriction, STATUSES, type StrategyStatus } from '../schemas/restrictions.js';
import { Factors, type NotifiedHow } from '../schemas/strategies.js';
import { LastReviewRecord, NotifiedRecord, SpocCoverRecord } from '../schemas/strategy-resources.js';
import { getCases } from './cases.js';
import { HISTORY_WORDS, storedEvent, type EntryFields, type HistoryEvent, type HistoryFact, type HistoryFields } from '../domain/timeline-words.js';
import type { TimelineKind } from '../domain/timeline-kinds.js';
import { encodeCursor, getItem, queryAll, queryPage, startKeyOf, TABLE, timelineWrite, type Page, type Write } from './db.js';
import type { TimelineDraft } from './timeline.js';
import { INDEX, KEY, STRATEGY_INDEX, STRATEGY_PARTITION } from './table.js';
import { NOT_ON_RECORD } from '../domain/staff-emails.js';

// --- entities ----------------------------------------------------------------------

export interface StrategyDecisionRecord {
  decision: 'APPROVE' | 'REJECT';
  comments: string;
  decidedAt: string;
}

/** How a NOT_NOTIFIED strategy was brought to the person's attention after all. */
export interface NotifiedRecord {
  how: NotifiedHow;
  at: string;
  notes: string;
  recordedBy: Actor;
  recordedAt: string;
}

/** How the last review of a strategy went: who decided what, and when. */
export interface ReviewRecord {
  outcome: ReviewOutcome;
  notes: string;
  decidedBy: Actor;
  decidedAt: string;
  /** The review date the decision was about. */
  reviewDate: string;
  /** EXTEND and VARY: when it will next be reviewed. */
  nextReviewDate?: string;
  /** Set when a breach decision adjusted the strategy (policy 1.6). */
  breachId?: string;
}

export interface StrategyHistoryEntry {
  at: string;
  actor: Actor;
  /** What happened: DRAFTED, UPDATED, SUBMITTED, APPROVED, REJECTED, ACTIVATED, ... (HISTORY_EVENTS in timeline-words.ts). */
  event: string;
  /** The sentence timeline-words.ts makes of `fields`. */
  summary: string;
  /** What happened, as structured data: the console words it with the same table. Absent on entries written before fields. */
  fields?: EntryFields;
  fromStatus?: StrategyStatus;
  toStatus?: StrategyStatus;
}

export interface StrategyLetterSummary {
  id: string;
  kind: LetterKind;
  channel: LetterChannel;
  status: LetterStatus;
  /** When it was sent (email), or dispatched (post; until then, when it was put on the post queue). */
  sentAt?: string;
}

/** The strategy as stored on its item (what lists return). */
export interface StrategyRecord {
  id: string;
  serviceUserId: string;
  caseIds: string[];
  reason: string;
  purpose: string;
  reviewDate: string;
  restrictions: Restriction[];
  factors: Factors;
  status: StrategyStatus;
  version: number;
  proposedBy: Actor;
  /** The proposer's mailbox (from the token's `email` claim), for the emails that chase decisions and reviews. */
  proposedByEmail?: string;
  decidedBy?: Actor;
  decision?: StrategyDecisionRecord;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  activatedAt?: string;
  /** Set when every approval letter failed (policy 1.3, 1.5: not in force until the person is told). */
  notNotifiedAt?: string;
  /** APPROVED, told by post only, and that letter not yet posted: in force once it is (or sent to the printer). */
  awaiting?: 'POSTING';
  /** How the person was told another way, recorded by staff (`POST /strategies/{id}/notified`). */
  notified?: NotifiedRecord;
  /** The last review outcome (or breach decision that adjusted the strategy). */
  lastReview?: ReviewRecord;
  endedAt?: string;
  /** Set when SES reported an emailed letter undeliverable (lib/app/bounces.ts): which letter, and the addresses it went to. */
  emailUndeliverable?: boolean;
  emailUndeliverableLetterId?: string;
  emailUndeliverableTo?: string[];
  /** The strategy this draft was copied from (`POST /strategies/{id}/copy`). */
  copiedFrom?: string;
  /** On a copy: who drafted, edited, submitted or decided the original; none of them may decide the copy. */
  originalParticipants?: Actor[];
  /** Set on submission: the person had been warned before (a warning letter, or an incident recording a warning given). */
  precededByWarning?: boolean;
  /** Who stands in for the single point of contact while they are away (`POST /strategies/{id}/spoc-cover`); the latest replaces any before. */
  spocCover?: SpocCover & { recordedBy: Actor; recordedAt: string };
}

/** The whole strategy, with its letters and history (what `GET /strategies/{id}` returns). */
export interface Strategy extends StrategyRecord {
  letters: StrategyLetterSummary[];
  history: StrategyHistoryEntry[];
}

// --- items <-> entities ------------------------------------------------------------

type Item = Record<string, unknown>;

/** The strategy item's attributes, as entity fields: keys, `entity` and the approval task token are left out. */
const StrategyItem: z.ZodType<StrategyRecord> = z.object({
  id: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()),
  reason: z.string(),
  purpose: z.string(),
  reviewDate: z.string(),
  restrictions: z.array(Restriction),
  factors: Factors,
  status: z.enum(STATUSES),
  version: z.number(),
  proposedBy: ActorSchema,
  proposedByEmail: z.string().optional(),
  decidedBy: ActorSchema.optional(),
  decision: z.object({ decision: z.enum(['APPROVE', 'REJECT']), comments: z.string(), decidedAt: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().optional(),
  activatedAt: z.string().optional(),
  notNotifiedAt: z.string().optional(),
  awaiting: z.literal('POSTING').optional(),
  notified: NotifiedRecord.optional(),
  lastReview: LastReviewRecord.optional(),
  endedAt: z.string().optional(),
  emailUndeliverable: z.boolean().optional(),
  emailUndeliverableLetterId: z.string().optional(),
  emailUndeliverableTo: z.array(z.string()).optional(),
  copiedFrom: z.string().optional(),
  originalParticipants: z.array(ActorSchema).optional(),
  precededByWarning: z.boolean().optional(),
  spocCover: SpocCoverRecord
    .optional(),
});

const HistoryItem: z.ZodType<StrategyHistoryEntry> = z.object({
  at: z.string(),
  actor: ActorSchema,
  event: z.string(),
  summary: z.string(),
  fields: EntryFieldsSchema.optional(),
  fromStatus: z.enum(STATUSES).optional(),
  toStatus: z.enum(STATUSES).optional(),
});

/** What the strategy lists of each letter in its partition (the letter repository owns the rest). */
const LetterItem = z.object({
  id: z.string(),
  kind: z.enum(LETTER_KINDS),
  channel: z.enum(LETTER_CHANNELS),
  status: z.enum(LETTER_STATUSES),
  sentAt: z.string().optional(),
  dispatchedAt: z.string().optional(),
  queuedAt: z.string().optional(),
});

const ApprovalToken = z.object({ approvalTaskToken: z.string().optional() });

const IdOnly = z.object({ id: z.string() });

const toStrategyRecord = (item: Item): StrategyRecord => StrategyItem.parse(item);

function toLetterSummary(item: Item): StrategyLetterSummary {
  const l = LetterItem.parse(item);
  // Email: when sent. Post: when dispatched by the post room, or until then when queued for it.
  const sentAt = l.sentAt ?? l.dispatchedAt ?? l.queuedAt;
  return { id: l.id, kind: l.kind, channel: l.channel, status: l.status, ...(sentAt ? { sentAt } : {}) };
}

const inForce = (status: StrategyStatus) => IN_FORCE.includes(status);

function strategyItem(s: StrategyRecord) {
  return { ...KEY.strategy(s.id), ...STRATEGY_INDEX.keys(s, inForce(s.status)), entity: 'Strategy', ...s };
}

// --- reads -----------------------------------------------------------------------------

const startsWith = (prefix: string) => (i: Item) => String(i.sk).startsWith(prefix);

/** The strategy with its history and letters, and the approval task token if one is stored, in one Query. */
export async function getStrategyAndApprovalToken(id: string): Promise<{ strategy: Strategy; approvalTaskToken?: string } | undefined> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': STRATEGY_PARTITION.pk(id) }, ConsistentRead: true });
  const item = items.find((i) => i.sk === KEY.strategy(id).sk);
  if (!item) return undefined;
  const history = items.filter(startsWith(STRATEGY_PARTITION.HISTORY)).map((i) => HistoryItem.parse(i));
  const letters = items.filter(startsWith(STRATEGY_PARTITION.LETTER)).map(toLetterSummary);
  const { approvalTaskToken } = ApprovalToken.parse(item);
  return { strategy: { ...toStrategyRecord(item), letters, history }, ...(approvalTaskToken ? { approvalTaskToken } : {}) };
}

export async function getStrategy(id: string): Promise<Strategy | undefined> {
  return (await getStrategyAndApprovalToken(id))?.strategy;
}

/** The strategy item alone (one GetItem), without its history and letters. */
export async function getStrategyRecord(id: string): Promise<StrategyRecord | undefined> {
  const item = await getItem<Item>(KEY.strategy(id));
  return item ? toStrategyRecord(item) : undefined;
}

/** The register: strategies in one status, newest first (GSI2). */
export async function listStrategies(status: StrategyStatus, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': STRATEGY_INDEX.inStatus(status) }, ScanIndexForward: false },
    limit,
    cursor,
    toStrategyRecord,
  );
}

/** A person's strategies, newest first (GSI1). */
export async function listStrategiesOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': STRATEGY_INDEX.ofServiceUser(serviceUserId) }, ScanIndexForward: false },
    limit,
    cursor,
    toStrategyRecord,
  );
}

/** Strategies in force whose review falls on or before `by`, earliest first (the review index, GSI3). */
export async function listReviewsDue(by: string, limit: number, cursor?: string): Promise<Page<StrategyRecord>> {
  return queryPage(
    { IndexName: INDEX.GSI3, KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :hi', ExpressionAttributeValues: { ':pk': STRATEGY_INDEX.review(), ':hi': STRATEGY_INDEX.reviewDueBy(by) } },
    limit,
    cursor,
    toStrategyRecord,
  );
}

/** One page of the ids on the review index up to `by` (only the ids are read); `nextCursor` reads on. */
export async function reviewIndexIds(by: string, pageSize: number, cursor?: string): Promise<{ ids: string[]; nextCursor?: string }> {
  const query = {
    IndexName: INDEX.GSI3,
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :hi',
    ExpressionAttributeValues: { ':pk': STRATEGY_INDEX.review(), ':hi': STRATEGY_INDEX.reviewDueBy(by) },
  };
  // A cursor that does not fit the review index is refused (400), never passed to DynamoDB.
  const res = await doc.send(new QueryCommand({ TableName: TABLE, ...query, ProjectionExpression: 'id', Limit: pageSize, ExclusiveStartKey: startKeyOf(cursor, query) }));
  const ids = (res.Items ?? []).map((i) => IdOnly.parse(i).id);
  const nextCursor = encodeCursor(res.LastEvaluatedKey);
  return nextCursor ? { ids, nextCursor } : { ids };
}

/**
 * `GET /strategies?spoc=`: the strategies in force whose single point of contact, or
 * cover today, is `staffId`. Only a strategy in force has anyone to route to, and the
 * review index (GSI3) holds exactly those: one partition, bounded by the strategies in
 * force (a few dozen in an office), never every strategy ever drafted. Who covers
 * "today" depends on the day asked, so the match is made here rather than kept in a key.
 */
export async function listStrategiesInForce(): Promise<StrategyRecord[]> {
  const items = await queryAll({ IndexName: INDEX.GSI3, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': STRATEGY_INDEX.review() } });
  return items.map(toStrategyRecord);
}

/** The references of these cases, in order (the id where a case is not found): how staff emails name them. */
export async function caseReferences(ids: readonly string[]): Promise<string[]> {
  const cases = await getCases(ids);
  return ids.map((id) => cases.get(id)?.reference ?? NOT_ON_RECORD.case);
}

// --- writes ----------------------------------------------------------------------------

/** The name of the strategy item's write in a transaction. */
export const STRATEGY_WRITE = 'strategy';

/** A new strategy item; its condition fails if the id is taken. */
export function newStrategyWrite(s: StrategyRecord): Write {
  return { name: STRATEGY_WRITE, Put: { Item: strategyItem(s), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** A condition on the strategy item: it is in `status` (and, if given, at `version` and about `reviewDate`). */
export interface StrategyCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
}

export function inState(status: StrategyStatus, version?: number, reviewDate?: string): StrategyCondition {
  const names: Record<string, string> = { '#c_status': 'status' };
  const values: Item = { ':c_status': status };
  let expression = 'attribute_exists(pk) AND #c_status = :c_status';
  if (version !== undefined) {
    expression += ' AND #c_version = :c_version';
    names['#c_version'] = 'version';
    values[':c_version'] = version;
  }
  if (reviewDate !== undefined) {
    expression += ' AND reviewDate = :c_review';
    values[':c_review'] = reviewDate;
  }
  return { expression, names, values };
}

/**
 * An Update of the strategy item that sets `fields` (and the index keys of the
 * resulting state) under `condition`, leaving every other attribute alone.
 */
export function strategyUpdate(next: StrategyRecord, fields: (keyof StrategyRecord)[], condition: StrategyCondition): Write {
  const names: Record<string, string> = { ...condition.names };
  const values: Item = { ...condition.values };
  const sets: string[] = [];
  const removes: string[] = [];
  const keys: Record<string, string> = STRATEGY_INDEX.keys(next, inForce(next.status));
  const all: Record<string, unknown> = { ...Object.fromEntries(fields.map((f) => [f, next[f]])), ...keys };
  for (const [k, v] of Object.entries(all)) {
    names[`#f_${k}`] = k;
    if (v === undefined) removes.push(`#f_${k}`);
    else {
      values[`:f_${k}`] = v;
      sets.push(`#f_${k} = :f_${k}`);
    }
  }
  if (!('gsi3pk' in keys)) {
    names['#f_gsi3pk'] = 'gsi3pk';
    names['#f_gsi3sk'] = 'gsi3sk';
    removes.push('#f_gsi3pk', '#f_gsi3sk');
  }
  return {
    name: STRATEGY_WRITE,
    Update: {
      Key: KEY.strategy(next.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A check (no write) that the strategy is in one of `statuses` (and, if given, still about `reviewDate`). */
export function strategyStatusCheck(id: string, statuses: readonly StrategyStatus[], reviewDate?: string): Write {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return {
    name: STRATEGY_WRITE,
    ConditionCheck: {
      Key: KEY.strategy(id),
      ConditionExpression: `#status IN (${Object.keys(values).join(', ')})${reviewDate !== undefined ? ' AND reviewDate = :d' : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...values, ...(reviewDate !== undefined ? { ':d': reviewDate } : {}) },
    },
  };
}

/** A check that the person a new strategy is about exists. */
export function serviceUserCheck(serviceUserId: string): Write {
  return { name: 'serviceUser', ConditionCheck: { Key: KEY.serviceUser(serviceUserId), ConditionExpression: 'attribute_exists(pk)' } };
}

/**
 * Which submission (its `submittedAt`) the Statutory Operations Manager was last
 * asked to decide on. Kept on the strategy item, never returned by the API.
 */
export async function decisionRequestedFor(id: string): Promise<string | undefined> {
  const item = await getItem<Item>(KEY.strategy(id));
  return typeof item?.decisionRequestedFor === 'string' ? item.decisionRequestedFor : undefined;
}

/** Records that the decision request for the submission made at `submittedAt` went out (only while it is that submission). */
export function decisionRequestedWrite(id: string, submittedAt: string): Write {
  return {
    name: STRATEGY_WRITE,
    Update: { Key: KEY.strategy(id), UpdateExpression: 'SET decisionRequestedFor = :s', ConditionExpression: 'submittedAt = :s', ExpressionAttributeValues: { ':s': submittedAt } },
  };
}

/** A history item in the strategy's partition. */
/** A history entry to write: its event and fields; the summary is always the table's sentence for them. */
export interface HistoryDraft<E extends HistoryEvent> {
  at: string;
  actor: Actor;
  event: E;
  fields: HistoryFields[E];
  fromStatus?: StrategyStatus;
  toStatus?: StrategyStatus;
}

declare const worded: unique symbol;
/** An entry whose summary came from the table (only `historyEntry` makes one), so no sentence bypasses it. */
export type WordedHistoryEntry = StrategyHistoryEntry & { readonly [worded]: true };

/** The entry a draft is stored as: its event (`LETTER_<status>` for a letter's), its fields and the table's sentence for them. */
export function historyEntry<E extends HistoryEvent>(draft: HistoryDraft<E>): WordedHistoryEntry {
  const entry: StrategyHistoryEntry = { ...draft, event: storedEvent(draft as HistoryFact), fields: draft.fields as EntryFields, summary: (HISTORY_WORDS[draft.event] as (f: object) => string)(draft.fields) };
  return entry as WordedHistoryEntry;
}

export function strategyHistoryWrite<E extends HistoryEvent>(strategyId: string, draft: HistoryDraft<E> | WordedHistoryEntry): Write {
  const entry = 'summary' in draft ? draft : historyEntry(draft);
  return {
    Put: {
      Item: { ...STRATEGY_PARTITION.history(strategyId, entry.at, ulid()), entity: 'StrategyHistory', strategyId, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The same timeline entry on every case of the strategy, each naming the strategy. */
export function strategyTimelineWrites<K extends TimelineKind>(s: Pick<StrategyRecord, 'id' | 'caseIds'>, entry: TimelineDraft<K>): Write[] {
  return s.caseIds.map((caseId) => timelineWrite(caseId, { ...entry, ref: { strategyId: s.id, ...entry.ref } }));
}

/**
 * Flags the strategy: an emailed letter was undeliverable to these addresses, so
 * staff see the email route failed. The addresses are added to every one bounced
 * before (`emailUndeliverableTo` only grows), so later letters skip them all.
 */
export function emailUndeliverableWrite(strategyId: string, letterId: string, addresses: string[], at: string): Write {
  return {
    Update: {
      Key: KEY.strategy(strategyId),
      UpdateExpression: 'SET emailUndeliverable = :t, emailUndeliverableLetterId = :l, emailUndeliverableTo = list_append(if_not_exists(emailUndeliverableTo, :none), :to), updatedAt = :at ADD #v :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':t': true, ':l': letterId, ':to': addresses.map((a) => a.toLowerCase()), ':none': [], ':at': at, ':one': 1 },
    },
  };
}

// --- the approval task token ---------------------------------------------------------

/**
 * Stores the approval execution's task token on the strategy, only while it is in
 * an `awaiting` status. False when it is not (or there is no such strategy). The
 * token is never returned by the API nor logged.
 */
export async function storeApprovalToken(id: string, taskToken: string, awaiting: readonly StrategyStatus[]): Promise<boolean> {
  const statuses = Object.fromEntries(awaiting.map((s, i) => [`:s${i}`, s]));
  try {
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: KEY.strategy(id),
        UpdateExpression: 'SET approvalTaskToken = :t',
        ConditionExpression: `attribute_exists(pk) AND #s IN (${Object.keys(statuses).join(', ')})`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ...statuses },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error)?.name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Removes the task token if it is still `taskToken` (a token is resumed once). */
export async function dropApprovalToken(id: string, taskToken: string): Promise<void> {
  await doc
    .send(
      new UpdateCommand({
        TableName: TABLE,
        Key: KEY.strategy(id),
        UpdateExpression: 'REMOVE approvalTaskToken',
        ConditionExpression: 'approvalTaskToken = :t',
        ExpressionAttributeValues: { ':t': taskToken },
      }),
    )
    .catch((err: unknown) => {
      if ((err as Error)?.name !== 'ConditionalCheckFailedException') throw err;
    });
}
