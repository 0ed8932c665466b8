import { inPartition, queryAll } from './db.js';
import { APPEAL_INDEX, CASE_KEYS, CONTACT_KEYS, INCIDENT_KEYS, KEY_ATTRIBUTES, REPRESENTATIVE_KEYS, STRATEGY_READS, TIMELINE_KEYS, WARNING_KEYS, type Partition } from './table.js';

type Item = Record<string, unknown>;

/** Internal working data, not information about the person: the screening snapshot is exported as `strategies`; task tokens are bearer secrets. */
const NOT_EXPORTED = [...KEY_ATTRIBUTES, 'approvalTaskToken', 'inForce', 'callCounts', 'snapshotVersion'];

/** An item as exported: everything held about the person, without keys or internal working data. */
const exported = (item: Item): Item => Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_EXPORTED.includes(k)));

const all = (p: Partition) => queryAll(inPartition(p));

/**
 * Everything held about one person (UK GDPR Article 15) but the profile: their
 * representatives (with the consent given and any withdrawal), cases with each
 * timeline, contacts (with their second read), incidents, warnings
 * with their letters, and strategies with each history, letters, breaches and
 * appeals, gathered by Query over the person's collections (no Scan).
 */
export async function recordsOf(serviceUserId: string) {
  const [representatives, cases, contacts, incidents, strategies, warnings] = await Promise.all([
    queryAll(inPartition(REPRESENTATIVE_KEYS.partition(serviceUserId), { beginsWith: REPRESENTATIVE_KEYS.prefix })),
    all(CASE_KEYS.ofServiceUser(serviceUserId)),
    all(CONTACT_KEYS.ofServiceUser(serviceUserId)),
    all(INCIDENT_KEYS.ofServiceUser(serviceUserId)),
    all(STRATEGY_READS.ofServiceUser(serviceUserId)),
    all(WARNING_KEYS.ofServiceUser(serviceUserId)),
  ]);
  const timelines = await Promise.all(
    cases.map(async (c) => ({
      caseId: String(c.id),
      entries: (await queryAll(inPartition(TIMELINE_KEYS.partition(String(c.id)), { beginsWith: TIMELINE_KEYS.prefix }))).map(exported),
    })),
  );
  const strategyDetails = await Promise.all(
    strategies.map(async (s) => {
      const [partition, breaches, appeals] = await Promise.all([
        all(STRATEGY_READS.partition(String(s.id))),
        all(STRATEGY_READS.breachesOf(String(s.id))),
        all(APPEAL_INDEX.ofStrategy(String(s.id))),
      ]);
      return {
        strategy: exported(s),
        history: partition.filter((i) => String(i.sk).startsWith(STRATEGY_READS.historyPrefix)).map(exported),
        letters: partition.filter((i) => String(i.sk).startsWith(STRATEGY_READS.letterPrefix)).map(exported),
        breaches: breaches.map(exported),
        appeals: appeals.map(exported),
      };
    }),
  );
  // A warning's partition holds the warning and its letters (WARNING_KEYS).
  const warningDetails = await Promise.all(
    warnings.map(async (w) => {
      const partition = await all({ pk: WARNING_KEYS.pk(String(w.id)) });
      return { warning: exported(w), letters: partition.filter((i) => String(i.sk).startsWith(WARNING_KEYS.letterPrefix)).map(exported) };
    }),
  );
  return {
    representatives: representatives.map(exported),
    cases: cases.map(exported),
    timelines,
    contacts: contacts.map(exported),
    incidents: incidents.map(exported),
    strategies: strategyDetails,
    warnings: warningDetails,
  };
}
