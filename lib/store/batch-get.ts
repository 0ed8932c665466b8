import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { doc } from '../clients/dynamodb.js';
import { TABLE } from './db.js';

type Key = { pk: string; sk: string };

/**
 * The items that exist for `keys` (each key once), in one consistent BatchGet per
 * hundred keys; keys DynamoDB leaves unprocessed are asked again, up to five tries.
 */
export async function batchGet<I = Record<string, unknown>>(keys: readonly Key[], projection?: string): Promise<I[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\n${k.sk}`, k])).values()];
  const out: I[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
    for (let attempt = 0; batch && batch.length > 0 && attempt < 5; attempt++) {
      const res: BatchGetCommandOutput = await doc.send(
        new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: batch, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } } }),
      );
      out.push(...((res.Responses?.[TABLE] ?? []) as I[]));
      batch = res.UnprocessedKeys?.[TABLE]?.Keys;
    }
  }
  return out;
}
