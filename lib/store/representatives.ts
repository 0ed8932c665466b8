/**
 * A person's representatives (lib/domain/representatives.ts) in the person's own
 * partition: the representative item (`REP#<id>`) and one contact-point item per
 * email address and phone number (`REPCP#<id>#<kind>#<value>`), on GSI1 while the
 * representative acts. Ending one keeps every item: the representative is marked
 * ended and its contact points leave the index, so screening no longer finds it.
 */
import type { ContactPointKind } from '../domain/contact-points.js';
import type { RepresentativeKind, RepresentativeMatch } from '../domain/representatives.js';
import type { Actor } from '../domain/staff.js';
import { getItem, inPartition, queryAll, type Write } from './db.js';
import { REPRESENTATIVE_KEYS, stripKeys, type Stored } from './table.js';

export type EndReason = 'CONSENT_WITHDRAWN' | 'NO_LONGER_ACTING';

export interface Representative {
  id: string;
  serviceUserId: string;
  name: string;
  kind: RepresentativeKind;
  emails: string[];
  phones: string[];
  postalAddress?: { lines: string[]; postcode: string };
  /** The person's consent: when it was given, and how. */
  consent: { recordedAt: string; how: string };
  /** Every letter to the person is also sent to the representative, marked as a copy. */
  copyLetters: boolean;
  status: 'ACTIVE' | 'ENDED';
  recordedAt: string;
  recordedBy: Actor;
  ended?: { at: string; by: Actor; reason: EndReason };
}

type RepresentativeItem = Stored<Representative>;
type RepresentativeContactPointItem = Stored<{ serviceUserId: string; representativeId: string; name: string; kind: RepresentativeKind; contactKind: ContactPointKind; value: string }>;

const toRepresentative = (item: RepresentativeItem): Representative => stripKeys(item);

const contactPointsOf = (r: Representative) => [...r.emails.map((v) => ['EMAIL', v] as const), ...r.phones.map((v) => ['PHONE', v] as const)];

/** A new representative and its contact points, for one transaction. */
export function newRepresentativeWrites(r: Representative): Write[] {
  const item: RepresentativeItem = { ...REPRESENTATIVE_KEYS.representative(r.serviceUserId, r.id), entity: 'Representative', ...r };
  return [
    { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...contactPointsOf(r).map(([kind, value]): Write => {
      const cp: RepresentativeContactPointItem = {
        ...REPRESENTATIVE_KEYS.contactPoint(r.serviceUserId, r.id, kind, value),
        ...REPRESENTATIVE_KEYS.indexKeys(r.serviceUserId, r.id, kind, value),
        entity: 'RepresentativeContactPoint',
        serviceUserId: r.serviceUserId,
        representativeId: r.id,
        name: r.name,
        kind: r.kind,
        contactKind: kind,
        value,
      };
      return { Put: { Item: cp, ConditionExpression: 'attribute_not_exists(pk)' } };
    }),
  ];
}

/** The name of the write that ends a representative (its condition fails if it has ended already). */
export const END_REPRESENTATIVE_WRITE = 'endRepresentative';

/** Ends a representative: marked ended (only while it acts), and its contact points off the index. */
export function endRepresentativeWrites(r: Representative, ended: NonNullable<Representative['ended']>): Write[] {
  return [
    {
      name: END_REPRESENTATIVE_WRITE,
      Update: {
        Key: REPRESENTATIVE_KEYS.representative(r.serviceUserId, r.id),
        UpdateExpression: 'SET #s = :ended, ended = :e',
        ConditionExpression: '#s = :active',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':ended': 'ENDED', ':active': 'ACTIVE', ':e': ended },
      },
    },
    ...contactPointsOf(r).map(
      ([kind, value]): Write => ({
        Update: { Key: REPRESENTATIVE_KEYS.contactPoint(r.serviceUserId, r.id, kind, value), UpdateExpression: `REMOVE ${REPRESENTATIVE_KEYS.indexAttributes.join(', ')}` },
      }),
    ),
  ];
}

/** One representative of a person, or undefined. */
export async function getRepresentative(serviceUserId: string, id: string): Promise<Representative | undefined> {
  const item = await getItem<RepresentativeItem>(REPRESENTATIVE_KEYS.representative(serviceUserId, id));
  return item ? toRepresentative(item) : undefined;
}

/** Every representative of a person, ended ones too, in the order they were recorded (ids are ULIDs). */
export async function listRepresentatives(serviceUserId: string): Promise<Representative[]> {
  const items = await queryAll<RepresentativeItem>({ ...inPartition(REPRESENTATIVE_KEYS.partition(serviceUserId), { beginsWith: REPRESENTATIVE_KEYS.prefix }), ConsistentRead: true });
  return items.map(toRepresentative);
}

/** The representatives still acting at an email address or phone number, with whom they act for (GSI1). */
export async function representativesAt(from: { kind: ContactPointKind; value: string }): Promise<RepresentativeMatch[]> {
  const items = await queryAll<RepresentativeContactPointItem>({ ...inPartition(REPRESENTATIVE_KEYS.at(from.kind, from.value)), ProjectionExpression: 'serviceUserId, representativeId, #n, kind', ExpressionAttributeNames: { '#n': 'name' } });
  return items.map((i) => ({ serviceUserId: i.serviceUserId, representativeId: i.representativeId, name: i.name, kind: i.kind })).sort((a, b) => a.representativeId.localeCompare(b.representativeId));
}
