/**
 * The single table's key design, and the one place every key and index key is
 * built. Every item has `pk`/`sk`; three overloaded, sparse global secondary
 * indexes serve the collections. A summary follows; the reference is the key table of
 * docs/data-model.md, which test/unit/data-model-doc.test.ts holds to `itemKinds()` below.
 *
 * | item                  | pk                       | sk                         | GSI1 (gsi1pk / gsi1sk)                    | GSI2 (gsi2pk / gsi2sk)              | GSI3 (gsi3pk / gsi3sk)         |
 * |-----------------------|--------------------------|----------------------------|-------------------------------------------|-------------------------------------|--------------------------------|
 * | service user          | SU#<id>                  | PROFILE                    | SU_NAME / <lower name>#<id>               | RETENTION / <due from>#<id>         |                                |
 * | person history entry  | SU#<id>                  | HISTORY#<at>#<ulid>        |                                           |                                     |                                |
 * | person access log     | SU#<id>                  | ACCESS#<at>#<ulid>         |                                           |                                     |                                |
 * | contact point         | CPOINT#<suid>            | <EMAIL|PHONE>#<value>      | CP#<EMAIL|PHONE>#<value> / SU#<suid>      |                                     |                                |
 * | representative        | SU#<suid>                | REP#<id>                   |                                           |                                     |                                |
 * | representative's contact point | SU#<suid>       | REPCP#<id>#<EMAIL|PHONE>#<value> | REPCP#<EMAIL|PHONE>#<value> / SU#<suid>#REP#<id> (only while the representative acts) |   |                |
 * | case                  | CASE#<id>                | CASE                       | SU#<suid>#CASE / <openedAt>#<id>          | CASEREF#<ref> / CASE                |                                |
 * | case timeline entry   | CASE#<id>                | TL#<at>#<ulid>             |                                           |                                     |                                |
 * | contact               | CONTACT#<id>             | CONTACT                    | CASE#<cid>#CONTACT / <occurredAt>#<id>    | SU#<suid>#CONTACT / <occurredAt>#<id>, or UNMATCHED_CONTACT / <occurredAt>#<id> (with a `ttl`) | POTENTIAL_BREACH / <occurredAt>#<id> (screened, flagged, not yet named by a breach) |
 * | unanswered contact    | CONTACT#<id>             | UNANSWERED                 | UNANSWERED#UNCHECKED / <occurredAt>#<id>, then UNANSWERED#CHECKED / <checkedAt>#<id> |          |                                |
 * | incident              | INCIDENT#<id>            | INCIDENT                   | CASE#<cid>#INCIDENT / <occurredAt>#<id>   | SU#<suid>#INCIDENT / <occurredAt>#<id> | INCIDENT_QUEUE#<status> / <enteredAt>#<id> (only while awaiting someone) |
 * | strategy              | STRATEGY#<id>            | STRATEGY                   | SU#<suid>#STRATEGY / <createdAt>#<id>     | STRATEGY_STATUS#<status> / <createdAt>#<id> | REVIEW / <reviewDate>#<id> (only while ACTIVE or REVIEW_DUE) |
 * | strategy history      | STRATEGY#<id>            | HISTORY#<at>#<ulid>        |                                           |                                     |                                |
 * | letter                | STRATEGY#<id>            | LETTER#<id>                | LETTER#<id> / LETTER                      | SESMSG#<messageId> / LETTER (emailed), or LETTER_QUEUE#<status> / <createdAt>#<id> (print queue, sent to printer, failed) | SU#<suid>#LETTER / <createdAt>#<id> |
 * | review action claim   | CLAIM#<strategyId>       | REVIEW_ACTION#<date>#<act> |                                           |                                     |                                |
 * | warning               | WARNING#<id>             | WARNING                    | SU#<suid>#WARNING / <sentAt>#<id>         |                                     |                                |
 * | warning letter        | WARNING#<id>             | LETTER#<id>                | LETTER#<id> / LETTER                      | SESMSG#<messageId> / LETTER (emailed), or LETTER_QUEUE#<status> / <createdAt>#<id> | SU#<suid>#LETTER / <createdAt>#<id> |
 * | breach                | BREACH#<id>              | BREACH                     | STRATEGY#<sid>#BREACH / <reportedAt>#<id> | BREACH_STATUS#<status> / <reportedAt>#<id> |                         |
 * | appeal                | APPEAL#<id>              | APPEAL                     | STRATEGY#<sid>#APPEAL / <receivedAt>#<id> | APPEAL_STATUS#<status> / <receivedAt>#<id> |                         |
 * | reference counter     | COUNTER                  | CASEREF#<year>             |                                           |                                     |                                |
 * | idempotency record    | IDEMPOTENCY#<hash>       | IDEMPOTENCY                | (with a `ttl`)                            |                                     |                                |
 * | inbound email seen    | INBOUND_EMAIL#<kind>:<hash> | INBOUND_EMAIL           | (a delivery, or a sender's same message; `ttl`) | CONTACT#<ctid>#INBOUND_EMAIL / <recordedAt>#<kind> (the contact it recorded) |  |
 * | switchboard call      | CALL#<connect contact id> | CALL                      | SWITCHBOARD / <at>#<connect contact id> (`ttl`) | SU#<suid>#CALL / <at>#<connect contact id> (a caller on record) |          |
 * | governance tallies    | FIGURES                  | MONTH#<YYYY-MM>#<shard>    | (counters per UK month; lib/store/figures.ts) |                                 |                                |
 * | disposal              | DISPOSAL#<id>            | DISPOSAL                   | DISPOSALS / <proposedAt>#<id>             |                                     |                                |
 *
 * Contact points and review action claims are the only items the working day
 * deletes (a person's changed address; a claim given back when its email failed),
 * so each lives in a partition of its own kind (`DELETABLE_PARTITIONS`): IAM limits
 * `dynamodb:DeleteItem` to those partition-key prefixes (`dynamodb:LeadingKeys`),
 * and no function can delete a profile, timeline, history or letter item, except
 * the one that carries out an approved disposal (lib/app/disposals.ts).
 */

/**
 * The partition-key prefixes of the only items a function may delete, each kind
 * in partitions of its own. Infra grants `dynamodb:DeleteItem` only with a
 * `dynamodb:LeadingKeys` condition on these (infra/constructs/lambda-function.ts).
 */
export const DELETABLE_PARTITIONS = {
  /** A person's contact points: `CPOINT#<serviceUserId>`. */
  contactPoints: 'CPOINT#',
  /** A strategy's review action claims: `CLAIM#<strategyId>`. */
  reviewClaims: 'CLAIM#',
} as const;
export type DeletableItems = keyof typeof DELETABLE_PARTITIONS;

/**
 * Where contact points and review claims were kept before they moved to partitions
 * of their own: read only by the one-off move (lib/store/move-deletable-items.ts).
 */
export const EARLIER_KEYS = {
  /** Contact points in the person's partition: `SU#<id>` / `CP#<EMAIL|PHONE>#<value>`. */
  contactPointPrefix: 'CP#',
  /** Review claims in the strategy's partition: `STRATEGY#<id>` / `REVIEW_ACTION#<date>#<action>`. */
  reviewClaimPrefix: 'REVIEW_ACTION#',
} as const;

export const KEY = {
  serviceUser: (id: string) => ({ pk: `SU#${id}`, sk: 'PROFILE' }),
  contactPoint: (serviceUserId: string, kind: 'EMAIL' | 'PHONE', value: string) => ({
    pk: `${DELETABLE_PARTITIONS.contactPoints}${serviceUserId}`,
    sk: `${kind}#${value}`,
  }),
  case: (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' }),
  contact: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT' }),
  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' }),
  strategy: (id: string) => ({ pk: `STRATEGY#${id}`, sk: 'STRATEGY' }),
  breach: (id: string) => ({ pk: `BREACH#${id}`, sk: 'BREACH' }),
  appeal: (id: string) => ({ pk: `APPEAL#${id}`, sk: 'APPEAL' }),
  warning: (id: string) => ({ pk: `WARNING#${id}`, sk: 'WARNING' }),
  counter: (name: string) => ({ pk: 'COUNTER', sk: name }),
  idempotency: (hash: string) => ({ pk: `IDEMPOTENCY#${hash}`, sk: 'IDEMPOTENCY' }),
  inboundEmail: (hash: string) => ({ pk: `INBOUND_EMAIL#${hash}`, sk: 'INBOUND_EMAIL' }),
  switchboardCall: (connectContactId: string) => ({ pk: `CALL#${connectContactId}`, sk: 'CALL' }),
  figures: (month: string, shard: number) => ({ pk: PARTITION.figures.pk, sk: `MONTH#${month}#${shard}` }),
} as const;

/** Partitions that hold one kind of item only. */
export const PARTITION = {
  /** Governance counters, one item per UK month and shard. */
  figures: { pk: 'FIGURES' },
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2', GSI3: 'GSI3' } as const;
export type IndexName = (typeof INDEX)[keyof typeof INDEX];

/** One partition of the table (no `index`) or of an index: what one Query reads. */
export interface Partition {
  index?: IndexName;
  pk: string;
}

/** The attributes that hold the partition and sort keys of the table and of each index. */
export const KEY_ATTRIBUTES_OF = {
  TABLE: { pk: 'pk', sk: 'sk' },
  GSI1: { pk: 'gsi1pk', sk: 'gsi1sk' },
  GSI2: { pk: 'gsi2pk', sk: 'gsi2sk' },
  GSI3: { pk: 'gsi3pk', sk: 'gsi3sk' },
} as const;

/** `<at>#<id>`: an index sort key in time order, unique by id. */
const inTimeOrder = (at: string, id: string) => `${at}#${id}`;

/**
 * Bounds on `inTimeOrder` sort keys that include every item at exactly `from` or
 * `to` (UTC ISO timestamps): '#' sorts below every id character and '~' above.
 */
export const timeRange = (from: string | undefined, to: string | undefined) => ({
  ...(from !== undefined ? { from: `${from}#` } : {}),
  ...(to !== undefined ? { to: `${to}#~` } : {}),
});

// --- the records side: service users, contact points, cases, timelines, contacts, incidents ---

type ContactPointKind = 'EMAIL' | 'PHONE';

const contactPointOwners = (kind: ContactPointKind, value: string): Partition => ({ index: INDEX.GSI1, pk: `CP#${kind}#${value}` });
const SERVICE_USERS_BY_NAME: Partition = { index: INDEX.GSI1, pk: 'SU_NAME' };

const RETENTION_INDEX: Partition = { index: INDEX.GSI2, pk: 'RETENTION' };

export const SERVICE_USER_KEYS = {
  /** GSI1: everyone, by lower-cased name then id, for a name-prefix search. */
  byName: (): Partition => SERVICE_USERS_BY_NAME,
  namePrefix: (prefix: string) => prefix.trim().toLowerCase(),
  /**
   * GSI2: everyone by the date from which they may next be due for disposal
   * (`retentionFrom`, never later than the real date), so the people due are the
   * start of one Query; lib/domain/retention.ts decides each one.
   */
  byRetention: (): Partition => RETENTION_INDEX,
  /** The sort-key bound that includes every person whose date is on or before `date`. */
  retentionDueBy: (date: string) => `${date}#~`,
  indexKeys: (u: { id: string; name: string; retentionFrom?: string | undefined }) => ({
    gsi1pk: SERVICE_USERS_BY_NAME.pk,
    gsi1sk: `${u.name.toLowerCase()}#${u.id}`,
    ...(u.retentionFrom ? { gsi2pk: RETENTION_INDEX.pk, gsi2sk: `${u.retentionFrom}#${u.id}` } : {}),
  }),
};

/** Disposals of records past their retention, for the auditor in the order they were proposed (GSI1). */
const DISPOSALS: Partition = { index: INDEX.GSI1, pk: 'DISPOSALS' };
export const DISPOSAL_KEYS = {
  item: (id: string) => ({ pk: `DISPOSAL#${id}`, sk: 'DISPOSAL' }),
  all: (): Partition => DISPOSALS,
  indexKeys: (d: { id: string; proposedAt: string }) => ({ gsi1pk: DISPOSALS.pk, gsi1sk: inTimeOrder(d.proposedAt, d.id) }),
};

/**
 * A person's change history (edits, exports) and the log of who read their record
 * are items of their own beside the profile, one per event, never a list on the
 * profile: an item is capped at 400 KB, and a person read ten thousand times would
 * reach it. Both are append-only and read newest first with one Query.
 */
export const PERSON_RECORD_KEYS = {
  partition: (serviceUserId: string): Partition => ({ pk: KEY.serviceUser(serviceUserId).pk }),
  historyPrefix: 'HISTORY#',
  history: (serviceUserId: string, at: string, id: string) => ({ pk: KEY.serviceUser(serviceUserId).pk, sk: `HISTORY#${at}#${id}` }),
  accessPrefix: 'ACCESS#',
  access: (serviceUserId: string, at: string, id: string) => ({ pk: KEY.serviceUser(serviceUserId).pk, sk: `ACCESS#${at}#${id}` }),
} as const;

/**
 * A person's representatives live in the person's own partition (so whatever removes
 * the person's record removes them too), one item each, with one small item per email
 * address and phone number for screening to find them by (GSI1). Ending a
 * representative keeps every item and takes its contact points off the index (a sparse
 * index): nothing is deleted, and an ended representative is no longer recognised.
 */
const representativesAt = (kind: ContactPointKind, value: string): Partition => ({ index: INDEX.GSI1, pk: `REPCP#${kind}#${value}` });

export const REPRESENTATIVE_KEYS = {
  partition: (serviceUserId: string): Partition => ({ pk: KEY.serviceUser(serviceUserId).pk }),
  prefix: 'REP#',
  representative: (serviceUserId: string, id: string) => ({ pk: KEY.serviceUser(serviceUserId).pk, sk: `REP#${id}` }),
  /** The sort-key prefix of one representative's contact points. */
  contactPointPrefix: (id: string) => `REPCP#${id}#`,
  contactPoint: (serviceUserId: string, id: string, kind: ContactPointKind, value: string) => ({ pk: KEY.serviceUser(serviceUserId).pk, sk: `REPCP#${id}#${kind}#${value}` }),
  /** GSI1: the representatives (still acting) at an email address or phone number. */
  at: representativesAt,
  /** The index keys of a representative's contact point while the representative acts; removed when it ends. */
  indexKeys: (serviceUserId: string, id: string, kind: ContactPointKind, value: string) => ({ gsi1pk: representativesAt(kind, value).pk, gsi1sk: `SU#${serviceUserId}#REP#${id}` }),
  indexAttributes: ['gsi1pk', 'gsi1sk'] as const,
};

export const CONTACT_POINT_KEYS = {
  /** The partition of the person's contact points (and nothing else): one Query lists them all. */
  ofServiceUser: (serviceUserId: string): Partition => ({ pk: `${DELETABLE_PARTITIONS.contactPoints}${serviceUserId}` }),
  /** GSI1: who is on record at an email address or phone number (normalised). */
  owners: contactPointOwners,
  indexKeys: (serviceUserId: string, kind: ContactPointKind, value: string) => ({ gsi1pk: contactPointOwners(kind, value).pk, gsi1sk: KEY.serviceUser(serviceUserId).pk }),
};

const casesOfServiceUser = (serviceUserId: string): Partition => ({ index: INDEX.GSI1, pk: `SU#${serviceUserId}#CASE` });
const caseByReference = (reference: string): Partition => ({ index: INDEX.GSI2, pk: `CASEREF#${reference}` });

export const CASE_KEYS = {
  /** GSI1: a person's cases, in the order they were opened. */
  ofServiceUser: casesOfServiceUser,
  /** GSI2: the case with a reference number. */
  byReference: caseByReference,
  indexKeys: (c: { id: string; serviceUserId: string; openedAt: string; reference: string }) => ({
    gsi1pk: casesOfServiceUser(c.serviceUserId).pk,
    gsi1sk: inTimeOrder(c.openedAt, c.id),
    gsi2pk: caseByReference(c.reference).pk,
    gsi2sk: 'CASE',
  }),
  /** The counter of the case references of a (UK calendar) year. */
  referenceCounter: (year: string) => KEY.counter(`CASEREF#${year}`),
};

export const TIMELINE_KEYS = {
  /** The case's partition holds its timeline. */
  partition: (caseId: string): Partition => ({ pk: KEY.case(caseId).pk }),
  prefix: 'TL#',
  entry: (caseId: string, at: string, id: string) => ({ pk: KEY.case(caseId).pk, sk: `TL#${at}#${id}` }),
};

const contactsOfCase = (caseId: string): Partition => ({ index: INDEX.GSI1, pk: `CASE#${caseId}#CONTACT` });
const contactsOfServiceUser = (serviceUserId: string): Partition => ({ index: INDEX.GSI2, pk: `SU#${serviceUserId}#CONTACT` });
/** GSI2: screened contacts that matched nobody (kept for a limited time: they carry a `ttl`). */
const UNMATCHED_CONTACTS: Partition = { index: INDEX.GSI2, pk: 'UNMATCHED_CONTACT' };

/** GSI3 (sparse): screened contacts flagged as a potential breach that no breach report names yet (the managers' inbox). */
const POTENTIAL_BREACHES: Partition = { index: INDEX.GSI3, pk: 'POTENTIAL_BREACH' };

export const CONTACT_KEYS = {
  /** GSI1: a case's contacts in time order. */
  ofCase: contactsOfCase,
  /** GSI2: a person's contacts in time order. */
  ofServiceUser: contactsOfServiceUser,
  potentialBreaches: (): Partition => POTENTIAL_BREACHES,
  /** The attributes a breach report removes from a contact it names, taking it out of the inbox. */
  potentialBreachAttributes: ['gsi3pk', 'gsi3sk'] as const,
  indexKeys: (c: { id: string; caseId?: string; serviceUserId?: string; occurredAt: string; screening?: { potentialBreach: boolean } }) => ({
    ...(c.screening?.potentialBreach && c.serviceUserId ? { gsi3pk: POTENTIAL_BREACHES.pk, gsi3sk: inTimeOrder(c.occurredAt, c.id) } : {}),
    ...(c.caseId ? { gsi1pk: contactsOfCase(c.caseId).pk, gsi1sk: inTimeOrder(c.occurredAt, c.id) } : {}),
    gsi2pk: (c.serviceUserId ? contactsOfServiceUser(c.serviceUserId) : UNMATCHED_CONTACTS).pk,
    gsi2sk: inTimeOrder(c.occurredAt, c.id),
  }),
};

/**
 * A contact logged without a reply waits for a second read (lib/domain/unanswered.ts).
 * The contact item's three indexes are taken (its case, its person, the potential-breach
 * inbox, which a CHANNEL_BLOCKED contact is also on), so a small queue item beside it
 * in the contact's partition carries the queue: GSI1 `UNANSWERED#UNCHECKED` in the
 * order the contacts came in, then, once checked, `UNANSWERED#CHECKED` in the order
 * they were checked.
 */
const unansweredQueue = (checked: boolean): Partition => ({ index: INDEX.GSI1, pk: checked ? 'UNANSWERED#CHECKED' : 'UNANSWERED#UNCHECKED' });

export const UNANSWERED_KEYS = {
  item: (contactId: string) => ({ pk: KEY.contact(contactId).pk, sk: 'UNANSWERED' }),
  /** GSI1: the contacts waiting for a second read, or those read. */
  queue: unansweredQueue,
  indexKeys: (u: { id: string; occurredAt: string; check?: { at: string } | undefined }) =>
    u.check ? { gsi1pk: unansweredQueue(true).pk, gsi1sk: inTimeOrder(u.check.at, u.id) } : { gsi1pk: unansweredQueue(false).pk, gsi1sk: inTimeOrder(u.occurredAt, u.id) },
};

const incidentsOfCase = (caseId: string): Partition => ({ index: INDEX.GSI1, pk: `CASE#${caseId}#INCIDENT` });
const incidentsOfServiceUser = (serviceUserId: string): Partition => ({ index: INDEX.GSI2, pk: `SU#${serviceUserId}#INCIDENT` });

const incidentQueue = (status: string): Partition => ({ index: INDEX.GSI3, pk: `INCIDENT_QUEUE#${status}` });

export const INCIDENT_KEYS = {
  /** GSI1: a case's incidents in time order. */
  ofCase: incidentsOfCase,
  /** GSI2: a person's incidents in time order. */
  ofServiceUser: incidentsOfServiceUser,
  /** GSI3 (sparse): the incidents waiting in a queue, in the order they entered it. */
  inQueue: incidentQueue,
  /** `queuedAt` is set only while the incident waits for someone: then it is on that queue. */
  indexKeys: (i: { id: string; caseId: string; serviceUserId: string; occurredAt: string; escalation: { status: string; queuedAt?: string | undefined } }) => ({
    gsi1pk: incidentsOfCase(i.caseId).pk,
    gsi1sk: inTimeOrder(i.occurredAt, i.id),
    gsi2pk: incidentsOfServiceUser(i.serviceUserId).pk,
    gsi2sk: inTimeOrder(i.occurredAt, i.id),
    ...(i.escalation.queuedAt ? { gsi3pk: incidentQueue(i.escalation.status).pk, gsi3sk: inTimeOrder(i.escalation.queuedAt, i.id) } : {}),
  }),
};

// --- strategy-side collections that governance and subject access read (app-records;
// the strategy, letter and breach entries are built by their own repositories) ---

export const STRATEGY_READS = {
  /** GSI1: a person's strategies. */
  ofServiceUser: (serviceUserId: string): Partition => ({ index: INDEX.GSI1, pk: `SU#${serviceUserId}#STRATEGY` }),
  /** GSI2: the strategies in a status. */
  byStatus: (status: string): Partition => ({ index: INDEX.GSI2, pk: `STRATEGY_STATUS#${status}` }),
  /** The strategy's partition: the strategy, its history and its letters. */
  partition: (strategyId: string): Partition => ({ pk: KEY.strategy(strategyId).pk }),
  historyPrefix: 'HISTORY#',
  letterPrefix: 'LETTER#',
  /** GSI1: the breaches of a strategy. */
  breachesOf: (strategyId: string): Partition => ({ index: INDEX.GSI1, pk: `STRATEGY#${strategyId}#BREACH` }),
  /** GSI2: the breaches in a status. */
  breachesByStatus: (status: string): Partition => ({ index: INDEX.GSI2, pk: `BREACH_STATUS#${status}` }),
};

/** Key attributes stripped before an item is returned as a resource. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'ttl', 'entity'] as const;

export type KeyAttribute = (typeof KEY_ATTRIBUTES)[number];

/** What every stored item carries besides its entity's own fields. */
export type Stored<T> = T & { pk: string; sk: string; entity: string } & Partial<Record<Exclude<KeyAttribute, 'pk' | 'sk' | 'entity' | 'ttl'>, string>> & { ttl?: number };

export function stripKeys<T extends object>(item: T): Omit<T, KeyAttribute> {
  const out = { ...item } as Record<string, unknown>;
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as Omit<T, KeyAttribute>;
}

/** The table definition, shared by CDK and the local stack so both build the same table. */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: INDEX.GSI1, partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: INDEX.GSI2, partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: INDEX.GSI3, partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

/**
 * A call screened at the switchboard (Amazon Connect), keyed by Connect's own id
 * for the contact: Connect invoking again finds it and records nothing new. GSI1
 * lists the calls in the order they came in, so the desk reads the last hour with
 * one Query; the items expire (`ttl`), the contact log keeps the record.
 */
/**
 * GSI2, inbound email's seen markers under the contact they recorded: the first
 * screening names the person, so disposing of them finds these through their contact.
 */
export const INBOUND_EMAIL_KEYS = {
  indexKeys: (m: { contactId: string; recordedAt: string; kind: 'delivery' | 'message' }) => ({ gsi2pk: `CONTACT#${m.contactId}#INBOUND_EMAIL`, gsi2sk: `${m.recordedAt}#${m.kind}` }),
};

const SWITCHBOARD_CALLS: Partition = { index: INDEX.GSI1, pk: 'SWITCHBOARD' };

export const SWITCHBOARD_KEYS = {
  /** GSI1: the calls screened at the switchboard, in the order they came in. */
  calls: (): Partition => SWITCHBOARD_CALLS,
  /** GSI2, for a call from someone on record: their calls, so that disposing of them finds these too. */
  indexKeys: (c: { connectContactId: string; at: string; serviceUserId?: string | undefined }) => ({
    gsi1pk: SWITCHBOARD_CALLS.pk,
    gsi1sk: inTimeOrder(c.at, c.connectContactId),
    ...(c.serviceUserId ? { gsi2pk: `SU#${c.serviceUserId}#CALL`, gsi2sk: inTimeOrder(c.at, c.connectContactId) } : {}),
  }),
};

// --- Contact strategies: the strategy's partition, the strategy, letter and breach indexes ---
// (Kept apart from the entries above: every key below is built here and nowhere else.)

/**
 * A strategy's partition holds the strategy item (`KEY.strategy`), its history and
 * its letters, so one Query reads it all. The review sweep's claims, which may be
 * deleted, are in a partition of their own (`CLAIM#<strategyId>`).
 */
export const STRATEGY_PARTITION = {
  pk: (strategyId: string) => KEY.strategy(strategyId).pk,
  /** Sort-key prefixes of the items beside the strategy. */
  HISTORY: 'HISTORY#',
  LETTER: 'LETTER#',
  history: (strategyId: string, at: string, id: string) => ({ pk: KEY.strategy(strategyId).pk, sk: `HISTORY#${at}#${id}` }),
  letter: (strategyId: string, letterId: string) => ({ pk: KEY.strategy(strategyId).pk, sk: `LETTER#${letterId}` }),
} as const;

/** The review sweep's once-only claims of a strategy, in their own partition (they are deleted when given back). */
export const REVIEW_CLAIM_KEYS = {
  partition: (strategyId: string): Partition => ({ pk: `${DELETABLE_PARTITIONS.reviewClaims}${strategyId}` }),
  claim: (strategyId: string, reviewDate: string, action: string) => ({ pk: `${DELETABLE_PARTITIONS.reviewClaims}${strategyId}`, sk: `REVIEW_ACTION#${reviewDate}#${action}` }),
  /** The sort-key prefix of every claim for one review date. */
  claimsFor: (reviewDate: string) => `REVIEW_ACTION#${reviewDate}#`,
} as const;

/** The strategy item's index keys: a person's strategies (GSI1), the register by status (GSI2), the review index (GSI3). */
export const STRATEGY_INDEX = {
  /** Every index key of a strategy item; it is on the review index only while in force. */
  keys: (s: { id: string; serviceUserId: string; createdAt: string; status: string; reviewDate: string }, inForce: boolean) => ({
    gsi1pk: `SU#${s.serviceUserId}#STRATEGY`,
    gsi1sk: `${s.createdAt}#${s.id}`,
    gsi2pk: `STRATEGY_STATUS#${s.status}`,
    gsi2sk: `${s.createdAt}#${s.id}`,
    ...(inForce ? { gsi3pk: STRATEGY_REVIEW_INDEX_PK, gsi3sk: `${s.reviewDate}#${s.id}` } : {}),
  }),
  ofServiceUser: (serviceUserId: string) => `SU#${serviceUserId}#STRATEGY`,
  inStatus: (status: string) => `STRATEGY_STATUS#${status}`,
  review: () => STRATEGY_REVIEW_INDEX_PK,
  /** GSI3 sort keys are `<reviewDate>#<id>`: '~' sorts above every id character, so this bound includes the whole day. */
  reviewDueBy: (date: string) => `${date}#~`,
} as const;

const STRATEGY_REVIEW_INDEX_PK = 'REVIEW';

/**
 * A letter found by its id (GSI1); once emailed, by the SES message id bounces name
 * (GSI2); while it waits on someone (the print queue, failed letters) or on GOV.UK
 * Notify (sent to the printer), in that status's queue in the order it entered it
 * (GSI2, sparse: a letter with an SES message id is never in one); and among the
 * person's letters (GSI3).
 */
export const LETTER_INDEX = {
  keys: (l: { id: string; sesMessageId?: string | undefined; serviceUserId?: string | undefined; createdAt: string; queue?: { status: string; since: string } | undefined }) => ({
    ...LETTER_INDEX.byId(l.id),
    ...(l.sesMessageId ? LETTER_INDEX.bySesMessageId(l.sesMessageId) : l.queue ? LETTER_INDEX.queueKeys(l.id, l.queue) : {}),
    ...(l.serviceUserId ? { gsi3pk: LETTER_INDEX.ofServiceUser(l.serviceUserId).pk, gsi3sk: inTimeOrder(l.createdAt, l.id) } : {}),
  }),
  ofServiceUser: (serviceUserId: string): Partition => ({ index: INDEX.GSI3, pk: `SU#${serviceUserId}#LETTER` }),
  byId: (letterId: string) => ({ gsi1pk: `LETTER#${letterId}`, gsi1sk: 'LETTER' }),
  bySesMessageId: (messageId: string) => ({ gsi2pk: `SESMSG#${messageId}`, gsi2sk: 'LETTER' }),
  inQueue: (status: string): Partition => ({ index: INDEX.GSI2, pk: `LETTER_QUEUE#${status}` }),
  queueKeys: (id: string, queue: { status: string; since: string }) => ({ gsi2pk: LETTER_INDEX.inQueue(queue.status).pk, gsi2sk: inTimeOrder(queue.since, id) }),
} as const;

/** A strategy's breaches (GSI1) and the managers' inbox by status (GSI2), both in report order. */
export const BREACH_INDEX = {
  keys: (b: { id: string; strategyId: string; status: string; reportedAt: string }) => ({
    gsi1pk: BREACH_INDEX.ofStrategy(b.strategyId),
    gsi1sk: `${b.reportedAt}#${b.id}`,
    gsi2pk: BREACH_INDEX.inStatus(b.status),
    gsi2sk: `${b.reportedAt}#${b.id}`,
  }),
  ofStrategy: (strategyId: string) => `STRATEGY#${strategyId}#BREACH`,
  inStatus: (status: string) => `BREACH_STATUS#${status}`,
} as const;

/**
 * A strategy's appeals (GSI1), and appeals by status (GSI2), both in the order they
 * were received. Only appeal items carry `APPEAL_STATUS#` keys and an appeal leaves
 * the `RECEIVED` partition when it is decided, so that partition is a sparse index
 * of the undecided appeals: the managers' inbox and the governance count of overdue ones.
 */
export const APPEAL_INDEX = {
  keys: (a: { id: string; strategyId: string; status: string; receivedAt: string }) => ({
    gsi1pk: APPEAL_INDEX.ofStrategy(a.strategyId).pk,
    gsi1sk: inTimeOrder(a.receivedAt, a.id),
    gsi2pk: APPEAL_INDEX.inStatus(a.status).pk,
    gsi2sk: inTimeOrder(a.receivedAt, a.id),
  }),
  ofStrategy: (strategyId: string): Partition => ({ index: INDEX.GSI1, pk: `STRATEGY#${strategyId}#APPEAL` }),
  inStatus: (status: string): Partition => ({ index: INDEX.GSI2, pk: `APPEAL_STATUS#${status}` }),
} as const;
// --- Warnings (policy 1.4: told that their behaviour is unacceptable, in writing) ---

const WARNING_LETTER_PREFIX = 'LETTER#';
const warningsOfServiceUser = (serviceUserId: string): Partition => ({ index: INDEX.GSI1, pk: `SU#${serviceUserId}#WARNING` });

/**
 * A warning's partition holds the warning and its letters (a warning has no
 * strategy, so its letters are kept beside it rather than in a strategy's partition).
 */
export const WARNING_KEYS = {
  /** GSI1: a person's warnings in the order they were sent. */
  ofServiceUser: warningsOfServiceUser,
  indexKeys: (w: { id: string; serviceUserId: string; sentAt: string }) => ({ gsi1pk: warningsOfServiceUser(w.serviceUserId).pk, gsi1sk: inTimeOrder(w.sentAt, w.id) }),
  pk: (warningId: string) => KEY.warning(warningId).pk,
  letter: (warningId: string, letterId: string) => ({ pk: KEY.warning(warningId).pk, sk: `${WARNING_LETTER_PREFIX}${letterId}` }),
  /** The sort-key prefix of the letters in a warning's partition. */
  letterPrefix: WARNING_LETTER_PREFIX,
} as const;

/** Where a letter is kept: in its strategy's partition, or (a WARNING letter) in its warning's. */
export function letterKey(l: { id: string; strategyId?: string | undefined; warningId?: string | undefined }): { pk: string; sk: string } {
  if (l.strategyId) return STRATEGY_PARTITION.letter(l.strategyId, l.id);
  if (l.warningId) return WARNING_KEYS.letter(l.warningId, l.id);
  throw new Error(`Letter ${l.id} belongs to neither a strategy nor a warning`);
}

/** The key attributes of one item: the table's keys and whichever index keys it carries. */
export type ItemKeys = Partial<Record<'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'gsi3pk' | 'gsi3sk', string>>;

/**
 * Every kind of item in the table, with its keys as the builders above write them
 * when given `<placeholder>` values: one entry of `variants` per shape the kind is
 * written in (a contact about a case, or one that matched nobody), so every index
 * slot it can take appears. Built on demand and read only by the test that holds
 * docs/data-model.md's key table to it (test/unit/data-model-doc.test.ts).
 */
export function itemKinds(): { name: string; variants: ItemKeys[] }[] {
  const letterOf = (owner: { strategyId: string } | { warningId: string }, queued = false) => ({
    ...letterKey({ id: '<id>', ...owner }),
    ...LETTER_INDEX.keys({
      id: '<id>',
      ...(queued ? { queue: { status: '<status>', since: '<createdAt>' } } : { sesMessageId: '<messageId>' }),
      serviceUserId: '<suid>',
      createdAt: '<createdAt>',
    }),
  });
  return [
    { name: 'service user', variants: [{ ...KEY.serviceUser('<id>'), ...SERVICE_USER_KEYS.indexKeys({ id: '<id>', name: '<lower name>', retentionFrom: '<due from>' }) }] },
    {
      name: 'contact point',
      variants: [
        { ...KEY.contactPoint('<suid>', 'EMAIL', '<addr>'), ...CONTACT_POINT_KEYS.indexKeys('<suid>', 'EMAIL', '<addr>') },
        { ...KEY.contactPoint('<suid>', 'PHONE', '<e164>'), ...CONTACT_POINT_KEYS.indexKeys('<suid>', 'PHONE', '<e164>') },
      ],
    },
    { name: 'representative', variants: [REPRESENTATIVE_KEYS.representative('<suid>', '<id>')] },
    {
      name: "representative's contact point",
      variants: [
        { ...REPRESENTATIVE_KEYS.contactPoint('<suid>', '<id>', 'EMAIL', '<addr>'), ...REPRESENTATIVE_KEYS.indexKeys('<suid>', '<id>', 'EMAIL', '<addr>') },
        { ...REPRESENTATIVE_KEYS.contactPoint('<suid>', '<id>', 'PHONE', '<e164>'), ...REPRESENTATIVE_KEYS.indexKeys('<suid>', '<id>', 'PHONE', '<e164>') },
        REPRESENTATIVE_KEYS.contactPoint('<suid>', '<id>', 'EMAIL', '<addr>'),
      ],
    },
    { name: 'case', variants: [{ ...KEY.case('<id>'), ...CASE_KEYS.indexKeys({ id: '<id>', serviceUserId: '<suid>', openedAt: '<openedAt>', reference: '<ref>' }) }] },
    { name: 'person history entry', variants: [PERSON_RECORD_KEYS.history('<id>', '<at>', '<ulid>')] },
    { name: 'person access-log entry', variants: [PERSON_RECORD_KEYS.access('<id>', '<at>', '<ulid>')] },
    { name: 'timeline entry', variants: [TIMELINE_KEYS.entry('<id>', '<at>', '<ulid>')] },
    {
      name: 'contact',
      variants: [
        { ...KEY.contact('<id>'), ...CONTACT_KEYS.indexKeys({ id: '<id>', caseId: '<cid>', serviceUserId: '<suid>', occurredAt: '<occurredAt>', screening: { potentialBreach: true } }) },
        { ...KEY.contact('<id>'), ...CONTACT_KEYS.indexKeys({ id: '<id>', occurredAt: '<occurredAt>' }) },
      ],
    },
    {
      name: 'unanswered contact',
      variants: [
        { ...UNANSWERED_KEYS.item('<id>'), ...UNANSWERED_KEYS.indexKeys({ id: '<id>', occurredAt: '<occurredAt>' }) },
        { ...UNANSWERED_KEYS.item('<id>'), ...UNANSWERED_KEYS.indexKeys({ id: '<id>', occurredAt: '<occurredAt>', check: { at: '<checkedAt>' } }) },
      ],
    },
    {
      name: 'incident',
      variants: [{ ...KEY.incident('<id>'), ...INCIDENT_KEYS.indexKeys({ id: '<id>', caseId: '<cid>', serviceUserId: '<suid>', occurredAt: '<occurredAt>', escalation: { status: '<status>', queuedAt: '<queuedAt>' } }) }],
    },
    {
      name: 'strategy',
      variants: [{ ...KEY.strategy('<id>'), ...STRATEGY_INDEX.keys({ id: '<id>', serviceUserId: '<suid>', createdAt: '<createdAt>', status: '<status>', reviewDate: '<reviewDate>' }, true) }],
    },
    { name: 'strategy history', variants: [STRATEGY_PARTITION.history('<sid>', '<at>', '<ulid>')] },
    { name: 'letter', variants: [letterOf({ strategyId: '<sid>' }), letterOf({ strategyId: '<sid>' }, true)] },
    { name: 'review action claim', variants: [REVIEW_CLAIM_KEYS.claim('<sid>', '<reviewDate>', '<action>')] },
    { name: 'warning', variants: [{ ...KEY.warning('<id>'), ...WARNING_KEYS.indexKeys({ id: '<id>', serviceUserId: '<suid>', sentAt: '<sentAt>' }) }] },
    { name: 'warning letter', variants: [letterOf({ warningId: '<wid>' }), letterOf({ warningId: '<wid>' }, true)] },
    { name: 'breach', variants: [{ ...KEY.breach('<id>'), ...BREACH_INDEX.keys({ id: '<id>', strategyId: '<sid>', status: '<status>', reportedAt: '<reportedAt>' }) }] },
    { name: 'appeal', variants: [{ ...KEY.appeal('<id>'), ...APPEAL_INDEX.keys({ id: '<id>', strategyId: '<sid>', status: '<status>', receivedAt: '<receivedAt>' }) }] },
    { name: 'case reference counter', variants: [CASE_KEYS.referenceCounter('<year>')] },
    { name: 'idempotency record', variants: [KEY.idempotency('<sha256>')] },
    {
      name: 'inbound email seen',
      variants: [
        { ...KEY.inboundEmail('delivery:<sha256>'), ...INBOUND_EMAIL_KEYS.indexKeys({ contactId: '<ctid>', recordedAt: '<recordedAt>', kind: 'delivery' }) },
        { ...KEY.inboundEmail('message:<sha256>'), ...INBOUND_EMAIL_KEYS.indexKeys({ contactId: '<ctid>', recordedAt: '<recordedAt>', kind: 'message' }) },
      ],
    },
    {
      name: 'switchboard call',
      variants: [
        { ...KEY.switchboardCall('<connect contact id>'), ...SWITCHBOARD_KEYS.indexKeys({ connectContactId: '<connect contact id>', at: '<at>', serviceUserId: '<suid>' }) },
        { ...KEY.switchboardCall('<connect contact id>'), ...SWITCHBOARD_KEYS.indexKeys({ connectContactId: '<connect contact id>', at: '<at>' }) },
      ],
    },
    // The shard is a number; the placeholder stands in for it only to be written into the key.
    { name: 'governance tallies', variants: [KEY.figures('<YYYY-MM>', '<shard>' as unknown as number)] },
    { name: 'disposal', variants: [{ ...DISPOSAL_KEYS.item('<id>'), ...DISPOSAL_KEYS.indexKeys({ id: '<id>', proposedAt: '<proposedAt>' }) }] },
  ];
}
