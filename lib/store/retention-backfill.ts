/**
 * The one-off catch-up of the retention index for people put on record before it
 * existed: their profile has no `retentionFrom`, so `GET /retention/due` never lists
 * them. Run once after deploying, with the operator's credentials
 * (`npx tsx scripts/backfill-retention-index.ts`); running it again changes nothing.
 *
 * It pages through everyone on the people-by-name index (GSI1 `SU_NAME`, a Query,
 * not a Scan) and gives each person without the key the date the rule gives someone
 * put on record when they were: `createdAt` plus `RETENTION_YEARS`. Nothing of theirs
 * can have concluded or ended before they were put on record, so the index lists
 * them early, never late, and the rule decides. The update is conditional on the key
 * still being absent: a case or strategy change meanwhile has written a later date,
 * which stands.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { doc } from '../clients/dynamodb.js';
import { inPartition, TABLE } from './db.js';
import { retentionIndexSet } from './retention.js';
import { KEY, SERVICE_USER_KEYS } from './table.js';

export interface BackfillSummary {
  people: number;
  indexed: number;
}

export async function backfillRetentionIndex(): Promise<BackfillSummary> {
  const summary: BackfillSummary = { people: 0, indexed: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({ TableName: TABLE, ...inPartition(SERVICE_USER_KEYS.byName()), ProjectionExpression: 'id, createdAt, retentionFrom', ExclusiveStartKey: start }),
    );
    for (const p of (res.Items ?? []) as Array<{ id: string; createdAt: string; retentionFrom?: string }>) {
      summary.people++;
      if (p.retentionFrom) continue;
      const set = retentionIndexSet(p.id, new Date(p.createdAt));
      try {
        await doc.send(
          new UpdateCommand({
            TableName: TABLE,
            Key: KEY.serviceUser(p.id),
            UpdateExpression: `SET ${set.expression}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retentionFrom)',
            ExpressionAttributeValues: set.values,
          }),
        );
        summary.indexed++;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return summary;
}
