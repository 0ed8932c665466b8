import type { Decision } from '../domain/screening.js';
import type { SwitchboardAnswer } from '../domain/switchboard.js';
import { batchGet } from './batch-get.js';
import { getItem, inPartition, queryAll, type Write } from './db.js';
import { CONTACT_KEYS, KEY, SWITCHBOARD_KEYS } from './table.js';

/**
 * Calls screened at the switchboard (Amazon Connect). The screening transaction
 * also puts, conditionally, a call item keyed by Connect's own id for the contact
 * (`CALL_WRITE`): Connect invoking the function again for the same contact fails
 * it, and the answer the first invocation gave is read back, so nothing new is
 * recorded and the flow hears the same. The item is also what the contact event
 * that ends the call finds the logged contact by.
 */
export const CALL_WRITE = 'switchboardCall';
/** The name of the write that notes the call's length: a failed condition means it was noted before. */
export const CALL_ENDED_WRITE = 'callEnded';

/** How long a call item is kept: the desk lists the last hour; the contact log keeps the record. */
const REMEMBER_DAYS = 90;

export interface SwitchboardCall {
  connectContactId: string;
  /** The contact recorded for it. */
  contactId: string;
  /** When the call came in (Connect's initiation time), UTC ISO-8601. */
  at: string;
  decision: Decision;
  serviceUserId?: string;
  /** What the flow was told. */
  answer: SwitchboardAnswer;
  /** The strategy's `maxMinutes` the call was screened with. */
  callMinutesLimit?: number;
  /** Set once the call ended (Connect's contact event). */
  durationMinutes?: number;
}

export function switchboardCallWrite(call: SwitchboardCall): Write {
  const ttl = Math.floor(Date.parse(call.at) / 1000) + REMEMBER_DAYS * 86_400;
  return {
    name: CALL_WRITE,
    Put: {
      Item: { ...KEY.switchboardCall(call.connectContactId), ...SWITCHBOARD_KEYS.indexKeys(call), entity: 'SwitchboardCall', ...call, ttl },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The call Connect knows by this id, if it was screened here. */
export async function switchboardCall(connectContactId: string): Promise<SwitchboardCall | undefined> {
  return getItem<SwitchboardCall>(KEY.switchboardCall(connectContactId));
}

/** The calls that came in at or after `since`, newest first, with the name of the person each was (one Query, one BatchGet). */
export async function switchboardCallsSince(since: string): Promise<Array<Pick<SwitchboardCall, 'contactId' | 'at' | 'decision' | 'serviceUserId'> & { name?: string }>> {
  const calls = await queryAll<SwitchboardCall>({
    ...inPartition(SWITCHBOARD_KEYS.calls(), { from: `${since}#` }),
    ScanIndexForward: false,
    ProjectionExpression: 'contactId, #at, decision, serviceUserId',
    ExpressionAttributeNames: { '#at': 'at' },
  });
  const ids = [...new Set(calls.flatMap((c) => (c.serviceUserId ? [c.serviceUserId] : [])))];
  const people = await batchGet<{ id: string; name: string }>(ids.map((id) => KEY.serviceUser(id)));
  const names = new Map(people.map((p) => [p.id, p.name]));
  return calls.map((c) => ({
    contactId: c.contactId,
    at: c.at,
    decision: c.decision,
    ...(c.serviceUserId ? { serviceUserId: c.serviceUserId, ...(names.has(c.serviceUserId) ? { name: names.get(c.serviceUserId)! } : {}) } : {}),
  }));
}

/**
 * The call ended: its length on the call item and on the contact, both at once and
 * only the first time (EventBridge delivers at least once). A call that ran over
 * the strategy's `maxMinutes` also flags the contact as a potential breach with the
 * reason, which puts it in the managers' inbox (GSI3 `POTENTIAL_BREACH`) when it is
 * someone's contact; that is how every screened potential breach reaches them.
 */
export function callEndedWrites(call: SwitchboardCall, durationMinutes: number, overLimit?: { reason: string; occurredAt: string }): Write[] {
  const breachKeys = overLimit && call.serviceUserId ? CONTACT_KEYS.indexKeys({ id: call.contactId, serviceUserId: call.serviceUserId, occurredAt: overLimit.occurredAt, screening: { potentialBreach: true } }) : undefined;
  return [
    {
      name: CALL_ENDED_WRITE,
      Update: {
        Key: KEY.switchboardCall(call.connectContactId),
        UpdateExpression: 'SET durationMinutes = :d',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(durationMinutes)',
        ExpressionAttributeValues: { ':d': durationMinutes },
      },
    },
    {
      Update: {
        Key: KEY.contact(call.contactId),
        UpdateExpression: [
          'SET durationMinutes = :d',
          ...(overLimit ? ['screening.potentialBreach = :t', 'screening.reasons = list_append(screening.reasons, :r)'] : []),
          ...(breachKeys ? ['gsi3pk = :g3pk', 'gsi3sk = :g3sk'] : []),
        ].join(', '),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':d': durationMinutes,
          ...(overLimit ? { ':t': true, ':r': [overLimit.reason] } : {}),
          ...(breachKeys ? { ':g3pk': breachKeys.gsi3pk, ':g3sk': breachKeys.gsi3sk } : {}),
        },
      },
    },
  ];
}
