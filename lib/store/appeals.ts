/**
 * The appeal repository: appeals against contact strategies (docs/lifecycle.md, Appeals).
 *
 * | item   | pk          | sk     | GSI1                                      | GSI2                                        |
 * |--------|-------------|--------|-------------------------------------------|---------------------------------------------|
 * | appeal | APPEAL#<id> | APPEAL | STRATEGY#<sid>#APPEAL / <receivedAt>#<id> | APPEAL_STATUS#<status> / <receivedAt>#<id>  |
 *
 * The `APPEAL_STATUS#RECEIVED` partition holds only the undecided appeals (an appeal
 * moves to `APPEAL_STATUS#DECIDED` when decided): the managers' inbox reads it, and
 * governance counts the overdue ones from it (`listUndecidedAppeals`).
 */
import * as z from 'zod';
import type { Actor } from '../domain/staff.js';
import { APPEAL_OUTCOMES, APPEAL_STATUSES, type AppealOutcome, type AppealStatus } from '../domain/appeals.js';
import { ActorSchema } from '../schemas/common.js';
import { Restriction } from '../schemas/restrictions.js';
import { getItem, inPartition, queryAll, queryPage, type Page, type Write } from './db.js';
import { APPEAL_INDEX, KEY, timeRange } from './table.js';

export interface AppealDecisionRecord {
  outcome: AppealOutcome;
  reasons: string;
  /** VARIED: the strategy's restrictions and review date after the variation. */
  restrictions?: Restriction[];
  nextReviewDate?: string;
  decidedBy: Actor;
  decidedAt: string;
  /** Decided after `decisionDueBy`. */
  late: boolean;
}

/** An appeal as stored (the API adds `overdue`, computed on read). */
export interface AppealRecord {
  id: string;
  strategyId: string;
  serviceUserId: string;
  /** The strategy's cases when the appeal was received: each has it on its timeline. */
  caseIds: string[];
  status: AppealStatus;
  receivedAt: string;
  grounds: string;
  lateReason?: string;
  /** Received after `appealBy`. */
  late: boolean;
  /** The last UK day an appeal was on time (APPEAL_DAYS after the implementation letter). */
  appealBy: string;
  recordedBy: Actor;
  recordedAt: string;
  decision?: AppealDecisionRecord;
  /** While undecided: when its mailboxes were reminded, and when the Statutory Operations Manager was told it still waits (the daily chasers). */
  chasedAt?: string;
  escalatedToSomAt?: string;
  updatedAt: string;
  version: number;
}

const AppealItem: z.ZodType<AppealRecord> = z.object({
  id: z.string(),
  strategyId: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()),
  status: z.enum(APPEAL_STATUSES),
  receivedAt: z.string(),
  grounds: z.string(),
  lateReason: z.string().optional(),
  late: z.boolean(),
  appealBy: z.string(),
  recordedBy: ActorSchema,
  recordedAt: z.string(),
  decision: z
    .object({
      outcome: z.enum(APPEAL_OUTCOMES),
      reasons: z.string(),
      restrictions: z.array(Restriction).optional(),
      nextReviewDate: z.string().optional(),
      decidedBy: ActorSchema,
      decidedAt: z.string(),
      late: z.boolean(),
    })
    .optional(),
  chasedAt: z.string().optional(),
  escalatedToSomAt: z.string().optional(),
  updatedAt: z.string(),
  version: z.number(),
});

const UndecidedItem = z.object({ id: z.string(), status: z.enum(APPEAL_STATUSES), receivedAt: z.string() });

const toAppeal = (item: Record<string, unknown>): AppealRecord => AppealItem.parse(item);

function appealItem(a: AppealRecord) {
  return { ...KEY.appeal(a.id), ...APPEAL_INDEX.keys(a), entity: 'Appeal', ...a };
}

// --- reads -----------------------------------------------------------------------------

export async function getAppeal(id: string): Promise<AppealRecord | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.appeal(id));
  return item ? toAppeal(item) : undefined;
}

/** The appeals of a strategy, newest first. */
export async function listAppealsOfStrategy(strategyId: string, limit: number, cursor?: string): Promise<Page<AppealRecord>> {
  return queryPage({ ...inPartition(APPEAL_INDEX.ofStrategy(strategyId)), ScanIndexForward: false }, limit, cursor, toAppeal);
}

/** Appeals in one status, oldest received first (the longest waiting at the top). */
export async function listAppealsByStatus(status: AppealStatus, limit: number, cursor?: string): Promise<Page<AppealRecord>> {
  return queryPage(inPartition(APPEAL_INDEX.inStatus(status)), limit, cursor, toAppeal);
}

/**
 * Every undecided appeal, oldest received first, read from the sparse partition of
 * undecided appeals only (its cost grows with the appeals waiting, not with the
 * people on record). Only what governance needs to count the overdue ones per month
 * of receipt: `isOverdue` (lib/domain/appeals.ts) and `ukMonthOf(receivedAt)`.
 */
export async function listUndecidedAppeals(): Promise<Pick<AppealRecord, 'id' | 'status' | 'receivedAt'>[]> {
  const items = await queryAll<Record<string, unknown>>({
    ...inPartition(APPEAL_INDEX.inStatus('RECEIVED')),
    ProjectionExpression: 'id, #s, receivedAt',
    ExpressionAttributeNames: { '#s': 'status' },
  });
  return items.map((i) => UndecidedItem.parse(i));
}

/** The undecided appeals received on or before `to` (an instant), oldest first: the chasers' work list. */
export async function listUndecidedAppealsReceivedBy(to: string): Promise<AppealRecord[]> {
  const items = await queryAll<Record<string, unknown>>({ ...inPartition(APPEAL_INDEX.inStatus('RECEIVED'), timeRange(undefined, to)) });
  return items.map(toAppeal);
}

// --- writes ----------------------------------------------------------------------------

/** The name of the appeal item's write in a transaction. */
export const APPEAL_WRITE = 'appeal';

/** A new appeal; its condition fails if the id is taken. */
export function newAppealWrite(a: AppealRecord): Write {
  return { name: APPEAL_WRITE, Put: { Item: appealItem(a), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The appeal as decided, on the condition that it is still `from` at the version read. */
export function appealUpdateWrite(next: AppealRecord, from: AppealStatus, version: number): Write {
  return {
    name: APPEAL_WRITE,
    Put: {
      Item: appealItem(next),
      ConditionExpression: '#s = :from AND #v = :v',
      ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
      ExpressionAttributeValues: { ':from': from, ':v': version },
    },
  };
}
