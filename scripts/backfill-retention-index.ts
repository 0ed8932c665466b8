import { backfillRetentionIndex } from '../lib/store/retention-backfill.js';

/**
 * Once, after deploying the release that added the retention index, on a table with
 * people put on record before it: `TABLE_NAME=<the stack's TableName output> RETENTION_YEARS=<as deployed> npx tsx scripts/backfill-retention-index.ts`
 * with credentials that may read and write the table.
 */
const summary = await backfillRetentionIndex();
console.log(`Put ${summary.indexed} of ${summary.people} people on the retention index.`);
