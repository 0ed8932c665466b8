import { inject } from 'vitest';

/** The run's table, on the stack's DynamoDB Local (global-setup.ts names it). */
export const TABLE = 'contact-strategy-test';

/**
 * Points the store modules at the run's table. They read their settings at import, so
 * a test calls this before it imports any of them.
 */
export function useRunTable(): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = TABLE;
}

/** The store's own document client, commands and keys on the run's table: for tests of one-off commands that run outside any handler. */
export async function storeOnRunTable() {
  useRunTable();
  const [clients, lib, table] = await Promise.all([import('../../lib/clients/dynamodb.js'), import('@aws-sdk/lib-dynamodb'), import('../../lib/store/table.js')]);
  return { doc: clients.doc, lib, table };
}
