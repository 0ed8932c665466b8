/**
 * The single table's key design. Every item has `pk`/`sk`; three overloaded,
 * sparse global secondary indexes serve the collections. The access-pattern table
 * in the README is the reference; keep the two in step.
 *
 * | item                  | pk                       | sk                         | GSI1 (gsi1pk / gsi1sk)                    | GSI2 (gsi2pk / gsi2sk)              | GSI3 (gsi3pk / gsi3sk)         |
 * |-----------------------|--------------------------|----------------------------|-------------------------------------------|-------------------------------------|--------------------------------|
 * | service user          | SU#<id>                  | PROFILE                    | SU_NAME / <lower name>#<id>               |                                     |                                |
 * | contact point         | SU#<id>                  | CP#<EMAIL|PHONE>#<value>   | CP#<EMAIL|PHONE>#<value> / SU#<id>        |                                     |                                |
 * | case                  | CASE#<id>                | CASE                       | SU#<suid>#CASE / <createdAt>#<id>         | CASEREF#<ref> / CASE                |                                |
 * | case timeline entry   | CASE#<id>                | TL#<at>#<ulid>             |                                           |                                     |                                |
 * | contact               | CONTACT#<id>             | CONTACT                    | CASE#<cid>#CONTACT / <occurredAt>#<id>    | SU#<suid>#CONTACT / <occurredAt>#<id> |                              |
 * | incident              | INCIDENT#<id>            | INCIDENT                   | CASE#<cid>#INCIDENT / <occurredAt>#<id>   | SU#<suid>#INCIDENT / <occurredAt>#<id> |                             |
 * | strategy              | STRATEGY#<id>            | STRATEGY                   | SU#<suid>#STRATEGY / <createdAt>#<id>     | STRATEGY_STATUS#<status> / <createdAt>#<id> | REVIEW / <reviewDate>#<id> (only while ACTIVE or REVIEW_DUE) |
 * | strategy history      | STRATEGY#<id>            | HISTORY#<at>#<ulid>        |                                           |                                     |                                |
 * | letter                | STRATEGY#<id>            | LETTER#<id>                | LETTER#<id> / LETTER                      | SESMSG#<messageId> / LETTER (emailed) |                              |
 * | review action claim   | STRATEGY#<id>            | REVIEW_ACTION#<date>#<act> |                                           |                                     |                                |
 * | breach                | BREACH#<id>              | BREACH                     | STRATEGY#<sid>#BREACH / <createdAt>#<id>  | BREACH_STATUS#<status> / <createdAt>#<id> |                          |
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
