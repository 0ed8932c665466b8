import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { doc } from '../clients/dynamodb.js';
import { nowIso } from '../clock.js';
import { notFound } from '../errors.js';
import type { CallCounts, StrategyInForce } from '../schemas/restrictions.js';
import type { CreateServiceUser, UpdateServiceUser } from '../schemas/service-users.js';
import { commit, getItem, queryPage, TABLE, versionCondition, type Page, type Write } from './db.js';
import { INDEX, KEY, stripKeys } from './table.js';

export interface ServiceUser {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  postalAddress?: { lines: string[]; postcode: string };
  additionalNeeds?: string;
  version: number;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
}

/** The profile item: the person plus the screening snapshot denormalised onto it. */
export interface ServiceUserItem extends ServiceUser {
  inForce: StrategyInForce[];
  callCounts: CallCounts;
  /** Bumped whenever `inForce` changes, so copies onto contact points never go stale. */
  snapshotVersion: number;
}

const SNAPSHOT_FIELDS = ['inForce', 'callCounts', 'snapshotVersion'] as const;

export function toServiceUser(item: Record<string, unknown>): ServiceUser {
  const out = stripKeys(item) as Record<string, unknown>;
  for (const f of SNAPSHOT_FIELDS) delete out[f];
  return out as unknown as ServiceUser;
}

export function contactPointKeys(u: { emails: string[]; phones: string[] }) {
  return [
    ...u.emails.map((value) => ({ kind: 'EMAIL' as const, value })),
    ...u.phones.map((value) => ({ kind: 'PHONE' as const, value })),
  ];
}

/** A contact-point item: found by email or phone through GSI1; carries the snapshot. */
export function contactPointItem(profile: ServiceUserItem, kind: 'EMAIL' | 'PHONE', value: string) {
  return {
    ...KEY.contactPoint(profile.id, kind, value),
    gsi1pk: `CP#${kind}#${value}`,
    gsi1sk: `SU#${profile.id}`,
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

function profileItem(u: ServiceUserItem) {
  return {
    ...KEY.serviceUser(u.id),
    gsi1pk: 'SU_NAME',
    gsi1sk: `${u.name.toLowerCase()}#${u.id}`,
    entity: 'ServiceUser',
    ...u,
  };
}

export function createServiceUserWrites(input: CreateServiceUser, actor: Actor): { user: ServiceUser; writes: Write[] } {
  const at = nowIso();
  const item: ServiceUserItem = {
    id: ulid(),
    name: input.name,
    emails: input.emails,
    phones: input.phones,
    postalAddress: input.postalAddress,
    additionalNeeds: input.additionalNeeds,
    version: 1,
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
    inForce: [],
    callCounts: {},
    snapshotVersion: 0,
  };
  const writes: Write[] = [
    { Put: { Item: profileItem(item), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...contactPointKeys(item).map((cp) => ({ Put: { Item: contactPointItem(item, cp.kind, cp.value) } })),
  ];
  return { user: toServiceUser(item as unknown as Record<string, unknown>), writes };
}

export async function getServiceUserItem(id: string): Promise<ServiceUserItem | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.serviceUser(id));
  return item ? (stripKeys(item) as unknown as ServiceUserItem) : undefined;
}

export async function requireServiceUserItem(id: string): Promise<ServiceUserItem> {
  const item = await getServiceUserItem(id);
  if (!item) throw notFound(`No service user ${id}.`);
  return item;
}

/** Applies a PATCH: the profile under its version, contact points added and removed in the same transaction. */
export async function updateServiceUser(id: string, patch: UpdateServiceUser, expectedVersion: number): Promise<ServiceUser> {
  const current = await requireServiceUserItem(id);
  const next: ServiceUserItem = { ...current, version: current.version + 1, updatedAt: nowIso() };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.emails !== undefined) next.emails = patch.emails;
  if (patch.phones !== undefined) next.phones = patch.phones;
  if (patch.postalAddress !== undefined) next.postalAddress = patch.postalAddress ?? undefined;
  if (patch.additionalNeeds !== undefined) next.additionalNeeds = patch.additionalNeeds ?? undefined;

  const vc = versionCondition(expectedVersion, 'service user');
  const before = new Set(contactPointKeys(current).map((c) => `${c.kind}#${c.value}`));
  const after = new Set(contactPointKeys(next).map((c) => `${c.kind}#${c.value}`));
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
  for (const c of contactPointKeys(current)) {
    if (!after.has(`${c.kind}#${c.value}`)) writes.push({ Delete: { Key: KEY.contactPoint(id, c.kind, c.value) } });
  }
  // Each contact point carries the name and the full list of contact points: rewrite them all when either changes.
  const pointsChanged = before.size !== after.size || [...after].some((k) => !before.has(k));
  for (const c of contactPointKeys(next)) {
    if (!before.has(`${c.kind}#${c.value}`) || next.name !== current.name || pointsChanged) {
      writes.push({ Put: { Item: contactPointItem(next, c.kind, c.value) } });
    }
  }
  await commit(writes);
  return toServiceUser(next as unknown as Record<string, unknown>);
}

/** Service users reachable at an email address or phone number (already normalised). */
export async function findByContactPoint(kind: 'EMAIL' | 'PHONE', value: string): Promise<ServiceUser[]> {
  const res = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: INDEX.GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CP#${kind}#${value}` },
      ProjectionExpression: 'serviceUserId',
    }),
  );
  const ids = [...new Set((res.Items ?? []).map((i) => i.serviceUserId as string))];
  if (ids.length === 0) return [];
  const got = await doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: ids.map((i) => KEY.serviceUser(i)) } } }));
  return (got.Responses?.[TABLE] ?? []).map(toServiceUser).sort((a, b) => a.id.localeCompare(b.id));
}

/** Name-prefix search (case-insensitive) over GSI1. */
export async function searchByName(prefix: string, limit: number, cursor?: string): Promise<Page<ServiceUser>> {
  return queryPage(
    {
      IndexName: INDEX.GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'SU_NAME', ':prefix': prefix.trim().toLowerCase() },
    },
    limit,
    cursor,
    toServiceUser,
  );
}
