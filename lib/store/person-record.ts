import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { doc } from '../clients/dynamodb.js';
import { inPartition, queryAll, queryPage, TABLE, type Page, type Write } from './db.js';
import { PERSON_RECORD_KEYS, type Stored } from './table.js';

/**
 * A person's change history and access log: one append-only item per event in the
 * person's partition (PERSON_RECORD_KEYS), so neither grows the profile item.
 */

export interface PersonHistoryEntry {
  at: string;
  actor: Actor;
  /** `UPDATED`: the details changed; `EXPORTED`: a subject-access export was made; `REPRESENTATIVE_ADDED` / `_ENDED`: a representative recorded or ended; a legal hold set or lifted. */
  action: 'UPDATED' | 'EXPORTED' | 'REPRESENTATIVE_ADDED' | 'REPRESENTATIVE_ENDED' | 'LEGAL_HOLD_SET' | 'LEGAL_HOLD_LIFTED';
  fields: string[];
}

/** One read of the person's record: when, by whom, and the request (`GET /cases/<id>/timeline`, ids only). */
export interface AccessLogEntry {
  at: string;
  actor: Actor;
  route: string;
}

type HistoryItem = Stored<PersonHistoryEntry & { serviceUserId: string }>;
type AccessItem = Stored<AccessLogEntry & { serviceUserId: string }>;

/** A history entry, for the transaction of the change (or export) it records. */
export function personHistoryWrite(serviceUserId: string, entry: PersonHistoryEntry): Write {
  const item: HistoryItem = { ...PERSON_RECORD_KEYS.history(serviceUserId, entry.at, ulid()), entity: 'PersonHistory', serviceUserId, ...entry };
  return { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

const toHistoryEntry = (i: HistoryItem): PersonHistoryEntry => ({ at: i.at, actor: i.actor, action: i.action, fields: i.fields });

/** The newest `max` history entries, oldest first, and whether older ones exist. One Query. */
export async function latestPersonHistory(serviceUserId: string, max: number): Promise<{ entries: PersonHistoryEntry[]; more: boolean }> {
  const page = await queryPage<PersonHistoryEntry, HistoryItem>(
    { ...inPartition(PERSON_RECORD_KEYS.partition(serviceUserId), { beginsWith: PERSON_RECORD_KEYS.historyPrefix }), ScanIndexForward: false, ConsistentRead: true },
    max + 1,
    undefined,
    toHistoryEntry,
  );
  return { entries: page.items.slice(0, max).reverse(), more: page.items.length > max };
}

/** Every history entry, oldest first (the subject-access export). */
export async function allPersonHistory(serviceUserId: string): Promise<PersonHistoryEntry[]> {
  const items = await queryAll<HistoryItem>(inPartition(PERSON_RECORD_KEYS.partition(serviceUserId), { beginsWith: PERSON_RECORD_KEYS.historyPrefix }));
  return items.map(toHistoryEntry);
}

function accessItem(serviceUserId: string, entry: AccessLogEntry): AccessItem {
  return { ...PERSON_RECORD_KEYS.access(serviceUserId, entry.at, ulid()), entity: 'AccessLog', serviceUserId, ...entry };
}

/** An access-log entry, for a transaction that also records something else (the export). */
export function accessLogWrite(serviceUserId: string, entry: AccessLogEntry): Write {
  return { Put: { Item: accessItem(serviceUserId, entry), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * Records one read with a single PutItem (no transaction: one write unit for an
 * item under 1 KB). A new ULID in the key makes it a new item every time; a failure
 * throws (throttling answers 503), so the read it would record is not answered.
 */
export async function putAccessLogEntry(serviceUserId: string, entry: AccessLogEntry): Promise<void> {
  await doc.send(new PutCommand({ TableName: TABLE, Item: accessItem(serviceUserId, entry), ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** The access log, newest first, a page at a time. */
export async function listAccessLog(serviceUserId: string, limit: number, cursor?: string): Promise<Page<AccessLogEntry>> {
  return queryPage<AccessLogEntry, AccessItem>(
    { ...inPartition(PERSON_RECORD_KEYS.partition(serviceUserId), { beginsWith: PERSON_RECORD_KEYS.accessPrefix }), ScanIndexForward: false },
    limit,
    cursor,
    (i) => ({ at: i.at, actor: i.actor, route: i.route }),
  );
}
