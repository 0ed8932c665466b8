import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { doc } from '../clients/dynamodb.js';
import { config } from '../config.js';
import { retentionIndexDate } from '../domain/retention.js';
import { contactPointsOf, type ContactPointKind } from '../domain/contact-points.js';
import { nameMatches } from '../domain/people.js';
import type { CallCounts, StrategyInForce } from '../schemas/restrictions.js';
import type { Adjustments, CreateServiceUser } from '../schemas/service-users.js';
import { getItem, inPartition, named, queryAll, queryPage, TABLE, versionCondition, type Page, type Write } from './db.js';
import type { PersonHistoryEntry } from './person-record.js';
import { CONTACT_POINT_KEYS, KEY, SERVICE_USER_KEYS, stripKeys, type Stored } from './table.js';

/**
 * Service users in the table: the profile item (`SU#<id>` / `PROFILE`) and one
 * contact-point item per email address and phone number (in the partition
 * `CPOINT#<id>`, of contact points only: a removed one is deleted, and IAM allows
 * deletes only there), each carrying the screening snapshot (see
 * person-snapshot.ts) so that screening reads one item.
 */

export interface ServiceUser {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  postalAddress?: { lines: string[]; postcode: string };
  /** A letter to the postal address came back undelivered: nothing more is posted there until the address is edited. */
  postalAddressUndeliverable?: true;
  additionalNeeds?: string;
  /** Reasonable adjustments (Equality Act 2010): channels the person needs, the format of their letters. */
  adjustments?: Adjustments;
  version: number;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  /** Who last changed the person's details. */
  updatedBy?: Actor;
  /** A legal hold (litigation, an inquiry, a complaint to the regulator): while it is on, nothing of theirs is disposed of. */
  legalHold?: LegalHold;
  /**
   * On the profile item, only as written before the history moved to items of its own
   * (PERSON_RECORD_KEYS): a frozen list, never appended to, read with those items.
   */
  history?: PersonHistoryEntry[];
}

/** The screening snapshot denormalised onto the profile and every contact point. */
export interface ScreeningSnapshot {
  inForce: StrategyInForce[];
  callCounts: CallCounts;
  /** Bumped whenever `inForce` changes, so copies onto contact points never go stale. */
  snapshotVersion: number;
}

export interface LegalHold {
  reason: string;
  by: Actor;
  at: string;
}

/** The profile as stored (without its keys): the person plus the screening snapshot. */
export interface ServiceUserItem extends ServiceUser, ScreeningSnapshot {
  /** The UK date from which they may next be due for disposal: the retention index's key (lib/store/retention.ts). */
  retentionFrom?: string;
}

type ProfileItem = Stored<ServiceUserItem>;

/** A contact-point item: found by email or phone through GSI1; carries the snapshot. */
export type ContactPointItem = Stored<
  ScreeningSnapshot & {
    serviceUserId: string;
    kind: ContactPointKind;
    value: string;
    name: string;
    emails: string[];
    phones: string[];
  }
>;

export const toServiceUserItem = (item: ProfileItem): ServiceUserItem => stripKeys(item);

/** The person as the API shows them: the profile without the snapshot (and without the frozen history list, which is read with the history items). */
export function toServiceUser(u: ServiceUserItem): ServiceUser {
  const { inForce: _inForce, callCounts: _callCounts, snapshotVersion: _snapshotVersion, history: _history, retentionFrom: _retentionFrom, ...user } = u;
  return user;
}

const profileToServiceUser = (item: ProfileItem) => toServiceUser(toServiceUserItem(item));

export function contactPointItem(profile: ServiceUserItem, kind: ContactPointKind, value: string): ContactPointItem {
  return {
    ...KEY.contactPoint(profile.id, kind, value),
    ...CONTACT_POINT_KEYS.indexKeys(profile.id, kind, value),
    entity: 'ContactPoint',
    serviceUserId: profile.id,
    kind,
    value,
    name: profile.name,
    // Every contact point of the person, so that screening, which finds the person by
    // this one, can count a call on every copy of the snapshot without another read.
    emails: profile.emails,
    phones: profile.phones,
    inForce: profile.inForce,
    callCounts: profile.callCounts,
    snapshotVersion: profile.snapshotVersion,
  };
}

function profileItem(u: ServiceUserItem): ProfileItem {
  return { ...KEY.serviceUser(u.id), ...SERVICE_USER_KEYS.indexKeys(u), entity: 'ServiceUser', ...u };
}

/** A new person registered `at`, with an empty snapshot: the profile and each contact point, for one transaction. */
export function createServiceUserWrites(input: CreateServiceUser, actor: Actor, at: string): { user: ServiceUser; writes: Write[] } {
  const item: ServiceUserItem = {
    id: ulid(),
    name: input.name,
    emails: input.emails,
    phones: input.phones,
    postalAddress: input.postalAddress,
    additionalNeeds: input.additionalNeeds,
    ...(input.adjustments ? { adjustments: input.adjustments } : {}),
    version: 1,
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
    inForce: [],
    callCounts: {},
    snapshotVersion: 0,
    // Someone who never has a case is due RETENTION_YEARS after they were put on record.
    retentionFrom: retentionIndexDate(new Date(at), config.RETENTION_YEARS),
  };
  const writes: Write[] = [
    { Put: { Item: profileItem(item), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...contactPointsOf(item).map((cp) => ({ Put: { Item: contactPointItem(item, cp.kind, cp.value) } })),
  ];
  return { user: toServiceUser(item), writes };
}

export async function getServiceUserItem(id: string): Promise<ServiceUserItem | undefined> {
  const item = await getItem<ProfileItem>(KEY.serviceUser(id));
  return item ? toServiceUserItem(item) : undefined;
}

/**
 * A changed profile under its version (412 when stale) and its snapshot version
 * (the snapshot is carried over as read), with contact points added and removed.
 */
export function updateServiceUserWrites(current: ServiceUserItem, next: ServiceUserItem, expectedVersion: number): Write[] {
  const vc = versionCondition(expectedVersion, 'service user');
  const point = (c: { kind: string; value: string }) => `${c.kind}#${c.value}`;
  const before = new Set(contactPointsOf(current).map(point));
  const after = new Set(contactPointsOf(next).map(point));
  const writes: Write[] = [
    {
      Put: {
        Item: profileItem(next),
        ConditionExpression: `${vc.ConditionExpression} AND snapshotVersion = :sv`,
        ExpressionAttributeNames: vc.names,
        ExpressionAttributeValues: { ...vc.values, ':sv': current.snapshotVersion },
      },
      onConditionFailed: vc.onConditionFailed,
    },
  ];
  for (const c of contactPointsOf(current)) {
    if (!after.has(point(c))) writes.push({ Delete: { Key: KEY.contactPoint(current.id, c.kind, c.value) } });
  }
  // Each contact point carries the name and the full list of contact points: rewrite them all when either changes.
  const pointsChanged = before.size !== after.size || [...after].some((k) => !before.has(k));
  for (const c of contactPointsOf(next)) {
    if (!before.has(point(c)) || next.name !== current.name || pointsChanged) {
      writes.push({ Put: { Item: contactPointItem(next, c.kind, c.value) } });
    }
  }
  return writes;
}

/** Service users reachable at an email address or phone number (already normalised). */
export async function findByContactPoint(kind: ContactPointKind, value: string): Promise<ServiceUser[]> {
  const points = await queryAll<Pick<ContactPointItem, 'serviceUserId'>>({ ...inPartition(CONTACT_POINT_KEYS.owners(kind, value)), ProjectionExpression: 'serviceUserId' });
  const ids = [...new Set(points.map((i) => i.serviceUserId))];
  if (ids.length === 0) return [];
  const got = await doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: ids.map((i) => KEY.serviceUser(i)) } } }));
  // Typed as written by this repository (see `getItem`).
  const profiles = (got.Responses?.[TABLE] ?? []) as ProfileItem[];
  return profiles.map(profileToServiceUser).sort((a, b) => a.id.localeCompare(b.id));
}

/** Everyone on record in name order (GSI1), a page at a time. */
export async function listByName(limit: number, cursor?: string): Promise<Page<ServiceUser>> {
  return queryPage<ServiceUser, ProfileItem>(inPartition(SERVICE_USER_KEYS.byName()), limit, cursor, profileToServiceUser);
}

/**
 * People whose name contains every word (lower-cased, see `nameWords`), at most `max`:
 * a Query of the name index (GSI1), page after page, keeping the matches, until
 * `max` match or the index ends. No Scan, but the read cost grows with the people
 * on record: DynamoDB cannot filter on the index's own sort key (the lower-cased
 * name), and a filter would not lower the cost anyway (every item read is paid for).
 */
export async function searchByNameWords(words: readonly string[], max: number): Promise<ServiceUser[]> {
  const out: ServiceUser[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(new QueryCommand({ TableName: TABLE, ...inPartition(SERVICE_USER_KEYS.byName()), ExclusiveStartKey: start }));
    for (const item of (res.Items ?? []) as ProfileItem[]) {
      if (out.length < max && nameMatches(item.name, words)) out.push(profileToServiceUser(item));
    }
    start = res.LastEvaluatedKey;
  } while (start && out.length < max);
  return out;
}

/** The ids of everyone on record (GSI1, ids only). */
export async function allServiceUserIds(): Promise<string[]> {
  const items = await queryAll<Pick<ServiceUserItem, 'id'>>({ ...inPartition(SERVICE_USER_KEYS.byName()), ProjectionExpression: 'id' });
  return items.map((i) => i.id);
}

/** A letter came back from the person's postal address: marked undeliverable (until the address is edited), under a new version. */
export function postalAddressUndeliverableWrite(serviceUserId: string, at: string, actor: Actor): Write {
  return named('postalAddressUndeliverable', {
    Update: {
      Key: KEY.serviceUser(serviceUserId),
      UpdateExpression: 'SET postalAddressUndeliverable = :t, updatedAt = :at, updatedBy = :by ADD #v :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':t': true, ':at': at, ':by': actor, ':one': 1 },
    },
  });
}

/**
 * With a subject-access export's history entry (person-record.ts): bumps the person's
 * version, so that a PATCH read before the export answers 412 rather than overwrite
 * the record of it. The profile does not grow.
 */
export function exportRecordedWrite(serviceUserId: string): Write {
  return named('exportRecorded', {
    Update: {
      Key: KEY.serviceUser(serviceUserId),
      UpdateExpression: 'ADD #v :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  });
}
