/**
 * The single table's key design, and the one place every key and index key is
 * built. Every item has `pk`/`sk`; three overloaded, sparse global secondary
 * indexes serve the collections. This table is the reference for the key schema.
 *
 * | item                  | pk                       | sk                         | GSI1 (gsi1pk / gsi1sk)                    | GSI2 (gsi2pk / gsi2sk)              | GSI3 (gsi3pk / gsi3sk)         |
 * |-----------------------|--------------------------|----------------------------|-------------------------------------------|-------------------------------------|--------------------------------|
 * | service user          | SU#<id>                  | PROFILE                    | SU_NAME / <lower name>#<id>               |                                     |                                |
 * | contact point         | SU#<id>                  | CP#<EMAIL|PHONE>#<value>   | CP#<EMAIL|PHONE>#<value> / SU#<id>        |                                     |                                |
 * | case                  | CASE#<id>                | CASE                       | SU#<suid>#CASE / <openedAt>#<id>          | CASEREF#<ref> / CASE                |                                |
 * | case timeline entry   | CASE#<id>                | TL#<at>#<ulid>             |                                           |                                     |                                |
 * | contact               | CONTACT#<id>             | CONTACT                    | CASE#<cid>#CONTACT / <occurredAt>#<id> (with a case) | SU#<suid>#CONTACT, or UNMATCHED_CONTACT (with a ttl) / <occurredAt>#<id> |  |
 * | incident              | INCIDENT#<id>            | INCIDENT                   | CASE#<cid>#INCIDENT / <occurredAt>#<id>   | SU#<suid>#INCIDENT / <occurredAt>#<id> |                             |
 * | strategy              | STRATEGY#<id>            | STRATEGY                   | SU#<suid>#STRATEGY / <createdAt>#<id>     | STRATEGY_STATUS#<status> / <createdAt>#<id> | REVIEW / <reviewDate>#<id> (only while ACTIVE or REVIEW_DUE) |
 * | strategy history      | STRATEGY#<id>            | HISTORY#<at>#<ulid>        |                                           |                                     |                                |
 * | letter                | STRATEGY#<id>            | LETTER#<id>                | LETTER#<id> / LETTER                      | SESMSG#<messageId> / LETTER (emailed) |                              |
 * | review action claim   | STRATEGY#<id>            | REVIEW_ACTION#<date>#<act> |                                           |                                     |                                |
 * | breach                | BREACH#<id>              | BREACH                     | STRATEGY#<sid>#BREACH / <reportedAt>#<id> | BREACH_STATUS#<status> / <reportedAt>#<id> |                         |
 * | reference counter     | COUNTER                  | CASEREF#<year>             |                                           |                                     |                                |
 * | idempotency record    | IDEMPOTENCY#<hash>       | IDEMPOTENCY                |                                           |                                     |                                |
 */
export const KEY = {
  serviceUser: (id: string) => ({ pk: `SU#${id}`, sk: 'PROFILE' }),
  contactPoint: (serviceUserId: string, kind: 'EMAIL' | 'PHONE', value: string) => ({
    pk: `SU#${serviceUserId}`,
    sk: `CP#${kind}#${value}`,
  }),
  case: (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' }),
  contact: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT' }),
  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' }),
  strategy: (id: string) => ({ pk: `STRATEGY#${id}`, sk: 'STRATEGY' }),
  breach: (id: string) => ({ pk: `BREACH#${id}`, sk: 'BREACH' }),
  counter: (name: string) => ({ pk: 'COUNTER', sk: name }),
  idempotency: (hash: string) => ({ pk: `IDEMPOTENCY#${hash}`, sk: 'IDEMPOTENCY' }),
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2', GSI3: 'GSI3' } as const;

/** Key attributes stripped before an item is returned as a resource. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'ttl', 'entity'] as const;

export function stripKeys<T extends Record<string, unknown>>(item: T): Omit<T, (typeof KEY_ATTRIBUTES)[number]> {
  const out: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as Omit<T, (typeof KEY_ATTRIBUTES)[number]>;
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

// --- Contact strategies: the strategy's partition, the strategy, letter and breach indexes ---
// (Kept apart from the entries above: every key below is built here and nowhere else.)

/**
 * A strategy's partition holds the strategy item (`KEY.strategy`), its history,
 * its letters and the review sweep's claims, so one Query reads it all.
 */
export const STRATEGY_PARTITION = {
  pk: (strategyId: string) => KEY.strategy(strategyId).pk,
  /** Sort-key prefixes of the items beside the strategy. */
  HISTORY: 'HISTORY#',
  LETTER: 'LETTER#',
  history: (strategyId: string, at: string, id: string) => ({ pk: KEY.strategy(strategyId).pk, sk: `HISTORY#${at}#${id}` }),
  letter: (strategyId: string, letterId: string) => ({ pk: KEY.strategy(strategyId).pk, sk: `LETTER#${letterId}` }),
  reviewActionClaim: (strategyId: string, reviewDate: string, action: string) => ({ pk: KEY.strategy(strategyId).pk, sk: `REVIEW_ACTION#${reviewDate}#${action}` }),
  /** The sort-key prefix of every claim for one review date. */
  reviewActionClaimsFor: (reviewDate: string) => `REVIEW_ACTION#${reviewDate}#`,
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

/** A letter found by its id (GSI1) and, once emailed, by the SES message id bounces name (GSI2). */
export const LETTER_INDEX = {
  keys: (l: { id: string; sesMessageId?: string | undefined }) => ({
    ...LETTER_INDEX.byId(l.id),
    ...(l.sesMessageId ? LETTER_INDEX.bySesMessageId(l.sesMessageId) : {}),
  }),
  byId: (letterId: string) => ({ gsi1pk: `LETTER#${letterId}`, gsi1sk: 'LETTER' }),
  bySesMessageId: (messageId: string) => ({ gsi2pk: `SESMSG#${messageId}`, gsi2sk: 'LETTER' }),
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
