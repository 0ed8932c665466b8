import { nowIso } from '../clock.js';
import { queryAll } from './db.js';
import { INDEX, stripKeys } from './table.js';
import { requireServiceUserItem, toServiceUser } from './service-users.js';

const clean = (items: Record<string, unknown>[]) =>
  items.map((i) => {
    const out = stripKeys(i) as Record<string, unknown>;
    // Internal working data, not information about the person: the screening snapshot is
    // exported as `strategies`; task tokens are bearer secrets.
    delete out.approvalTaskToken;
    delete out.inForce;
    delete out.callCounts;
    delete out.snapshotVersion;
    return out;
  });

const byIndex = (index: string, pkAttr: string, value: string) =>
  queryAll({ IndexName: index, KeyConditionExpression: `${pkAttr} = :pk`, ExpressionAttributeValues: { ':pk': value } });

/**
 * A subject-access export (UK GDPR Article 15): everything held about one person,
 * gathered by Query over the person's collections (no Scan).
 */
export async function exportServiceUser(id: string) {
  const profile = await requireServiceUserItem(id);
  const [cases, contacts, incidents, strategies] = await Promise.all([
    byIndex(INDEX.GSI1, 'gsi1pk', `SU#${id}#CASE`),
    byIndex(INDEX.GSI2, 'gsi2pk', `SU#${id}#CONTACT`),
    byIndex(INDEX.GSI2, 'gsi2pk', `SU#${id}#INCIDENT`),
    byIndex(INDEX.GSI1, 'gsi1pk', `SU#${id}#STRATEGY`),
  ]);
  const timelines = await Promise.all(
    cases.map(async (c) => ({
      caseId: c.id as string,
      entries: clean(await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)', ExpressionAttributeValues: { ':pk': `CASE#${c.id}`, ':tl': 'TL#' } })),
    })),
  );
  const strategyDetails = await Promise.all(
    strategies.map(async (s) => {
      const [partition, breaches] = await Promise.all([
        queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `STRATEGY#${s.id}` } }),
        byIndex(INDEX.GSI1, 'gsi1pk', `STRATEGY#${s.id}#BREACH`),
      ]);
      return {
        strategy: clean([s])[0],
        history: clean(partition.filter((i) => String(i.sk).startsWith('HISTORY#'))),
        letters: clean(partition.filter((i) => String(i.sk).startsWith('LETTER#'))),
        breaches: clean(breaches),
      };
    }),
  );
  return {
    generatedAt: nowIso(),
    serviceUser: toServiceUser(profile as unknown as Record<string, unknown>),
    cases: clean(cases),
    timelines,
    contacts: clean(contacts),
    incidents: clean(incidents),
    strategies: strategyDetails,
  };
}
