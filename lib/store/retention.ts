import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { doc } from '../clients/dynamodb.js';
import { config } from '../config.js';
import { isEscalationQueue, type EscalationStatus } from '../domain/records.js';
import { retentionIndexDate, type RetentionFacts } from '../domain/retention.js';
import type { Actor } from '../domain/staff.js';
import { conflict } from '../errors.js';
import { encodeCursor, inPartition, queryAll, startKeyOf, TABLE, type Write } from './db.js';
import { personHistoryWrite } from './person-record.js';
import type { LegalHold, ServiceUserItem } from './service-users.js';
import { APPEAL_INDEX, CASE_KEYS, INCIDENT_KEYS, KEY, SERVICE_USER_KEYS, STRATEGY_READS } from './table.js';

/**
 * Retention and disposal in the table: the retention index on the profile (GSI2
 * `RETENTION`), the facts the rule in lib/domain/retention.ts reads, and legal holds.
 */

/** The profile's retention index keys for something that happened at `at`, for the caller's UpdateExpression. */
export function retentionIndexSet(serviceUserId: string, at: Date) {
  const retentionFrom = retentionIndexDate(at, config.RETENTION_YEARS);
  const keys = SERVICE_USER_KEYS.indexKeys({ id: serviceUserId, name: '', retentionFrom });
  return {
    expression: 'retentionFrom = :retentionFrom, gsi2pk = :retentionPk, gsi2sk = :retentionSk',
    values: { ':retentionFrom': retentionFrom, ':retentionPk': keys.gsi2pk, ':retentionSk': keys.gsi2sk },
  };
}

/**
 * Moves the person on the retention index when a case of theirs opens or concludes
 * at `at`: their records cannot be due before `retentionIndexDate(at)`. Fails (as
 * the profile check it replaces did) when there is no such person.
 */
export function retentionIndexWrite(serviceUserId: string, at: Date, onConditionFailed?: Write['onConditionFailed']): Write {
  const set = retentionIndexSet(serviceUserId, at);
  return {
    name: 'retentionIndex',
    Update: { Key: KEY.serviceUser(serviceUserId), UpdateExpression: `SET ${set.expression}`, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: set.values },
    ...(onConditionFailed ? { onConditionFailed } : {}),
  };
}

/** A page of the retention index up to `dueBy` (a UK date), oldest first: the ids of the people who may be due. */
export async function retentionCandidates(dueBy: string, limit: number, cursor: string | undefined): Promise<{ ids: string[]; nextCursor?: string }> {
  const input = { ...inPartition(SERVICE_USER_KEYS.byRetention(), { to: SERVICE_USER_KEYS.retentionDueBy(dueBy) }), ProjectionExpression: 'id' };
  const res = await doc.send(new QueryCommand({ TableName: TABLE, ...input, Limit: limit, ExclusiveStartKey: startKeyOf(cursor, input) }));
  const ids = ((res.Items ?? []) as Array<{ id: string }>).map((i) => i.id);
  const nextCursor = encodeCursor(res.LastEvaluatedKey);
  return nextCursor ? { ids, nextCursor } : { ids };
}

const statusOnly = { ProjectionExpression: 'id, #s', ExpressionAttributeNames: { '#s': 'status' } };

/** What the retention rule reads about a person: the statuses and dates of their cases, strategies, appeals, breaches and incidents. */
export async function retentionFactsOf(person: Pick<ServiceUserItem, 'id' | 'createdAt' | 'legalHold'>): Promise<RetentionFacts> {
  const [cases, strategies, incidents] = await Promise.all([
    queryAll<{ status: string; conclusion?: { concludedAt: string } }>({ ...inPartition(CASE_KEYS.ofServiceUser(person.id)), ProjectionExpression: '#s, conclusion', ExpressionAttributeNames: { '#s': 'status' } }),
    queryAll<{ id: string; status: string; endedAt?: string; updatedAt: string }>({
      ...inPartition(STRATEGY_READS.ofServiceUser(person.id)),
      ProjectionExpression: 'id, #s, endedAt, updatedAt',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
    queryAll<{ escalation?: { status: EscalationStatus } }>({ ...inPartition(INCIDENT_KEYS.ofServiceUser(person.id)), ProjectionExpression: 'escalation' }),
  ]);
  const perStrategy = await Promise.all(
    strategies.map(async (s) => {
      const [appeals, breaches] = await Promise.all([
        queryAll<{ status: string }>({ ...inPartition(APPEAL_INDEX.ofStrategy(s.id)), ...statusOnly }),
        queryAll<{ status: string }>({ ...inPartition(STRATEGY_READS.breachesOf(s.id)), ...statusOnly }),
      ]);
      return { appeals: appeals.filter((a) => a.status !== 'DECIDED').length, breaches: breaches.filter((b) => b.status !== 'DECIDED').length };
    }),
  );
  return {
    createdAt: person.createdAt,
    ...(person.legalHold ? { legalHold: person.legalHold } : {}),
    cases: cases.map((c) => ({ status: c.status, concludedAt: c.conclusion?.concludedAt })),
    strategies: strategies.map((s) => ({ status: s.status, endedAt: s.endedAt, updatedAt: s.updatedAt })),
    undecidedAppeals: perStrategy.reduce((n, s) => n + s.appeals, 0),
    undecidedBreaches: perStrategy.reduce((n, s) => n + s.breaches, 0),
    incidentsWaiting: incidents.filter((i) => i.escalation && isEscalationQueue(i.escalation.status)).length,
  };
}

/**
 * Sets (or, with `undefined`, lifts) the legal hold under the version read, with a
 * history entry; the person's version moves on, so a PATCH read before answers 412.
 */
export function legalHoldWrites(person: Pick<ServiceUserItem, 'id' | 'version'>, hold: LegalHold | undefined, actor: Actor, at: string): Write[] {
  const vc = { '#v': 'version' };
  return [
    {
      name: 'legalHold',
      Update: {
        Key: KEY.serviceUser(person.id),
        UpdateExpression: hold ? 'SET legalHold = :hold, #v = :next, updatedAt = :at' : 'REMOVE legalHold SET #v = :next, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #v = :current',
        ExpressionAttributeNames: vc,
        ExpressionAttributeValues: { ...(hold ? { ':hold': hold } : {}), ':next': person.version + 1, ':current': person.version, ':at': at },
      },
      onConditionFailed: () => conflict('The service user changed at the same moment; read them again and retry.'),
    },
    personHistoryWrite(person.id, { at, actor, action: hold ? 'LEGAL_HOLD_SET' : 'LEGAL_HOLD_LIFTED', fields: ['legalHold'] }),
  ];
}
