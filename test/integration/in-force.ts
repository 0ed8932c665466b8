import { randomUUID } from 'node:crypto';
import type { Restriction, StrategyInForce } from '../../lib/schemas/restrictions.js';
import { useRunTable } from './run-table.js';

/**
 * Strategies put in force on a person's screening snapshot directly, as the lifecycle
 * does when one becomes ACTIVE: screening tests need the restrictions, not the journey
 * to them. The store modules read their settings at import, so they are loaded only once
 * the stack's DynamoDB is known.
 */
async function store() {
  useRunTable();
  const [db, snapshot, users] = await Promise.all([import('../../lib/store/db.js'), import('../../lib/store/person-snapshot.js'), import('../../lib/store/service-users.js')]);
  return { commit: db.commit, setInForceWrites: snapshot.setInForceWrites, getServiceUserItem: users.getServiceUserItem };
}

/** Adds a strategy with these restrictions to those in force for the person (on the profile and every contact point); answers its id. */
export async function putInForce(personId: string, restrictions: Restriction[], over: Partial<StrategyInForce> = {}): Promise<string> {
  const { commit, setInForceWrites, getServiceUserItem } = await store();
  const profile = await getServiceUserItem(personId);
  if (!profile) throw new Error(`no person ${personId}`);
  const strategyId = over.strategyId ?? `STRAT-${randomUUID()}`;
  await commit(setInForceWrites(profile, [...(profile.inForce ?? []), { strategyId, status: 'ACTIVE', caseIds: [], restrictions, reviewDate: '2027-12-01', ...over }], new Date()));
  return strategyId;
}
