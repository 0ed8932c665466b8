import { startDynamoDbProxy } from '../../local/dynamodb-proxy.js';

/** DynamoDB operations that change the table. */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);
const COUNT_PATH = '/__writes';

export interface WriteCounter {
  /** The endpoint the stack uses instead of DynamoDB's own. */
  endpoint: string;
  /** `GET` it for `{ writes }`: the write requests DynamoDB accepted so far. */
  countUrl: string;
  close: () => Promise<void>;
}

/**
 * A proxy in front of the integration stack's DynamoDB Local that counts the write
 * requests DynamoDB accepted (HTTP 200), counted before the caller sees the answer.
 * "A refused request writes nothing" then costs two tiny requests instead of two scans
 * of the whole shared table, and it is stricter: an update of an existing item counts
 * too, where an item count would not see it. (PartiQL statements count as writes
 * whatever they do: the application never uses them.)
 */
export async function startWriteCounter(target: string): Promise<WriteCounter> {
  let writes = 0;
  const proxy = await startDynamoDbProxy(target, {
    onAnswer: (op, status) => {
      if (WRITES.has(op) && status === 200) writes++;
    },
    extraRoute: { path: COUNT_PATH, answer: () => ({ writes }) },
  });
  return { endpoint: proxy.url, countUrl: `${proxy.url}${COUNT_PATH}`, close: proxy.close };
}
