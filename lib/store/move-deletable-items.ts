/**
 * The one-off move of contact points and review claims into partitions of their own
 * (`CPOINT#<suid>`, `CLAIM#<strategyId>`: see DELETABLE_PARTITIONS in table.ts), for
 * a table written before they moved. Run once after deploying, with the operator's
 * credentials (`npx tsx scripts/move-deletable-items.ts`); running it again moves
 * nothing. Until it has run, a person still found at an earlier contact-point item
 * is found twice by email or phone.
 *
 * Each person is moved in one transaction: their contact points rebuilt from the
 * profile (the snapshot's authoritative copy) at the new keys, the earlier items
 * deleted, on condition that the profile's `snapshotVersion` is still the one read
 * (a strategy put in force meanwhile makes the move retry that person). Claims of
 * the strategies in force (the only ones the review sweep reads) are copied to the
 * new partition and deleted from the strategy's.
 */
import { contactPointsOf } from '../domain/contact-points.js';
import { commit, getItem, inPartition, queryAll, type Write } from './db.js';
import { contactPointItem, type ServiceUserItem } from './service-users.js';
import { EARLIER_KEYS, INDEX, KEY, REVIEW_CLAIM_KEYS, SERVICE_USER_KEYS, STRATEGY_INDEX, STRATEGY_PARTITION, stripKeys } from './table.js';

type Item = Record<string, unknown> & { pk: string; sk: string };

export interface MoveSummary {
  people: number;
  contactPoints: number;
  claims: number;
}

async function movePerson(id: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const earlier = await queryAll<Item>({ ...inPartition({ pk: KEY.serviceUser(id).pk }, { beginsWith: EARLIER_KEYS.contactPointPrefix }), ConsistentRead: true });
    if (earlier.length === 0) return 0;
    const profile = await getItem<Item>(KEY.serviceUser(id));
    if (!profile) return 0;
    const person = stripKeys(profile) as unknown as ServiceUserItem;
    const writes: Write[] = [
      {
        ConditionCheck: {
          Key: KEY.serviceUser(id),
          ConditionExpression: 'snapshotVersion = :sv',
          ExpressionAttributeValues: { ':sv': person.snapshotVersion },
        },
      },
      ...contactPointsOf(person).map((c): Write => ({ Put: { Item: contactPointItem(person, c.kind, c.value) } })),
      ...earlier.map((i): Write => ({ Delete: { Key: { pk: i.pk, sk: i.sk } } })),
    ];
    try {
      await commit(writes);
      return earlier.length;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

async function moveClaims(strategyId: string): Promise<number> {
  const earlier = await queryAll<Item>({ ...inPartition({ pk: STRATEGY_PARTITION.pk(strategyId) }, { beginsWith: EARLIER_KEYS.reviewClaimPrefix }), ConsistentRead: true });
  for (const claim of earlier) {
    const { pk: _pk, sk, ...rest } = claim;
    await commit([
      { Put: { Item: { ...rest, pk: REVIEW_CLAIM_KEYS.partition(strategyId).pk, sk }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Delete: { Key: { pk: claim.pk, sk } } },
    ]).catch(async () => {
      // Claimed again at the new key meanwhile: the earlier claim only needs to go.
      await commit([{ Delete: { Key: { pk: claim.pk, sk } } }]);
    });
  }
  return earlier.length;
}

export async function moveDeletableItems(): Promise<MoveSummary> {
  const summary: MoveSummary = { people: 0, contactPoints: 0, claims: 0 };
  const people = await queryAll<{ id: string }>({ ...inPartition(SERVICE_USER_KEYS.byName()), ProjectionExpression: 'id' });
  for (const { id } of people) {
    const moved = await movePerson(id);
    if (moved > 0) summary.people++;
    summary.contactPoints += moved;
  }
  const inForce = await queryAll<{ id: string }>({ ...inPartition({ index: INDEX.GSI3, pk: STRATEGY_INDEX.review() }), ProjectionExpression: 'id' });
  for (const { id } of inForce) summary.claims += await moveClaims(id);
  return summary;
}
