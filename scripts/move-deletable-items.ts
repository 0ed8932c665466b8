import { moveDeletableItems } from '../lib/store/move-deletable-items.js';

/**
 * Once, after deploying the release that moved contact points and review claims into
 * partitions of their own: `TABLE_NAME=<the stack's TableName output> npx tsx scripts/move-deletable-items.ts`
 * with credentials that may read, write and delete in the table (the functions' roles may not).
 */
const summary = await moveDeletableItems();
console.log(`Moved ${summary.contactPoints} contact points of ${summary.people} people and ${summary.claims} review claims.`);
