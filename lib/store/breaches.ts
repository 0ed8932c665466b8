/**
 * The breach repository: breaches of contact strategies (policy 1.6).
 *
 * | item   | pk          | sk     | GSI1                                      | GSI2                                        |
 * |--------|-------------|--------|-------------------------------------------|---------------------------------------------|
 * | breach | BREACH#<id> | BREACH | STRATEGY#<sid>#BREACH / <reportedAt>#<id> | BREACH_STATUS#<status> / <reportedAt>#<id>  |
 */
import * as z from 'zod';
import type { Actor } from '../domain/staff.js';
import { BREACH_STATUSES, type BreachAction, type BreachStatus, type LegalAdviceOutcome, type LinkedRecord } from '../domain/breach.js';
import { ActorSchema } from '../schemas/common.js';
import type { Restriction } from '../schemas/restrictions.js';
import { BreachDecisionRecord, LegalAdviceRecord } from '../schemas/breaches.js';
import { batchGet } from './batch-get.js';
import { getItem, queryAll, queryPage, type Page, type Write } from './db.js';
import { BREACH_INDEX, CONTACT_KEYS, INDEX, KEY } from './table.js';

export interface BreachDecisionRecord {
  actions: BreachAction[];
  notes: string;
  restrictions?: Restriction[];
  nextReviewDate?: string;
  /** POLICE_REFERRAL: the police's reference and when the report was made. */
  policeReference?: string;
  reportedAt?: string;
  decidedBy: Actor;
  decidedAt: string;
}

/** The advice a LEGAL_ADVICE decision sought, when it came back, and the one action taken on it. */
export interface LegalAdviceRecord {
  receivedAt: string;
  summary: string;
  outcome: LegalAdviceOutcome;
  notes: string;
  restrictions?: Restriction[];
  nextReviewDate?: string;
  policeReference?: string;
  reportedAt?: string;
  recordedBy: Actor;
  recordedAt: string;
}

export interface Breach {
  id: string;
  strategyId: string;
  serviceUserId: string;
  /** The strategy's cases when the breach was reported: each has it on its timeline. */
  caseIds: string[];
  status: BreachStatus;
  occurredAt: string;
  description: string;
  contactIds: string[];
  incidentIds: string[];
  reportedBy: Actor;
  reportedAt: string;
  decision?: BreachDecisionRecord;
  legalAdvice?: LegalAdviceRecord;
  /** While it waits for legal advice: when its mailbox was reminded, and when the Statutory Operations Manager was told it still waits (the daily chasers). */
  chasedAt?: string;
  escalatedToSomAt?: string;
  updatedAt: string;
  version: number;
}

const BreachItem: z.ZodType<Breach> = z.object({
  id: z.string(),
  strategyId: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()),
  status: z.enum(BREACH_STATUSES),
  occurredAt: z.string(),
  description: z.string(),
  contactIds: z.array(z.string()),
  incidentIds: z.array(z.string()),
  reportedBy: ActorSchema,
  reportedAt: z.string(),
  decision: BreachDecisionRecord.optional(),
  legalAdvice: LegalAdviceRecord.optional(),
  chasedAt: z.string().optional(),
  escalatedToSomAt: z.string().optional(),
  updatedAt: z.string(),
  version: z.number(),
});

const toBreach = (item: Record<string, unknown>): Breach => BreachItem.parse(item);

function breachItem(b: Breach) {
  return { ...KEY.breach(b.id), ...BREACH_INDEX.keys(b), entity: 'Breach', ...b };
}

// --- reads -----------------------------------------------------------------------------

export async function getBreach(id: string): Promise<Breach | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.breach(id));
  return item ? toBreach(item) : undefined;
}

/** The breaches of a strategy, newest first. */
export async function listBreachesOfStrategy(strategyId: string, limit: number, cursor?: string): Promise<Page<Breach>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': BREACH_INDEX.ofStrategy(strategyId) }, ScanIndexForward: false },
    limit,
    cursor,
    toBreach,
  );
}

/** The managers' inbox: breaches in one status, oldest first (the longest waiting at the top). */
export async function listBreachesByStatus(status: BreachStatus, limit: number, cursor?: string): Promise<Page<Breach>> {
  return queryPage({ IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': BREACH_INDEX.inStatus(status) } }, limit, cursor, toBreach);
}

/** The breaches in a status reported on or before `to` (an instant): the chasers' work list of breaches awaiting legal advice. */
export async function listBreachesInStatusReportedBy(status: BreachStatus, to: string): Promise<Breach[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: INDEX.GSI2,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :hi',
    ExpressionAttributeValues: { ':pk': BREACH_INDEX.inStatus(status), ':hi': `${to}#~` },
  });
  return items.map(toBreach);
}

const LINK_KEY = { contact: KEY.contact, incident: KEY.incident } as const;

const Owner = z.object({ pk: z.string(), serviceUserId: z.string().optional() });

/**
 * Whom each linked contact or incident is about: null when there is no such
 * record, undefined when it is about nobody (an unmatched contact).
 */
export async function ownersOf(linked: readonly LinkedRecord[]): Promise<(r: LinkedRecord) => string | undefined | null> {
  if (linked.length === 0) return () => null;
  const items = await batchGet(
    linked.map((r) => LINK_KEY[r.kind](r.id)),
    'pk, serviceUserId',
  );
  const found = new Map(items.map((i) => Owner.parse(i)).map((o) => [o.pk, o.serviceUserId]));
  return (r) => {
    const pk = LINK_KEY[r.kind](r.id).pk;
    return found.has(pk) ? found.get(pk) : null;
  };
}

// --- writes ----------------------------------------------------------------------------

/** The name of the breach item's write in a transaction. */
export const BREACH_WRITE = 'breach';

/** A new breach; its condition fails if the id is taken. */
export function newBreachWrite(b: Breach): Write {
  return { name: BREACH_WRITE, Put: { Item: breachItem(b), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The breach as decided (or given its legal advice outcome), on the condition that it is still `from` at the version read. */
export function breachUpdateWrite(next: Breach, from: BreachStatus, version: number): Write {
  return {
    name: BREACH_WRITE,
    Put: {
      Item: breachItem(next),
      ConditionExpression: '#s = :reported AND #v = :v',
      ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
      ExpressionAttributeValues: { ':reported': from, ':v': version },
    },
  };
}

/** A check that a linked contact or incident is still there and still about this person. */
export function linkedRecordCheck(r: LinkedRecord, serviceUserId: string): Write {
  const condition = { ConditionExpression: 'attribute_exists(pk) AND serviceUserId = :su', ExpressionAttributeValues: { ':su': serviceUserId } };
  if (r.kind === 'contact') {
    // A contact a breach names leaves the managers' inbox of potential breaches, in the same transaction.
    return { name: r.path, Update: { Key: LINK_KEY[r.kind](r.id), UpdateExpression: `REMOVE ${CONTACT_KEYS.potentialBreachAttributes.join(', ')}`, ...condition } };
  }
  return { name: r.path, ConditionCheck: { Key: LINK_KEY[r.kind](r.id), ...condition } };
}
