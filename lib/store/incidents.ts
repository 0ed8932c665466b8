import type { TimelineFact } from '../domain/timeline-words.js';
import type { Actor } from '../domain/staff.js';
import type { BehaviourCode, BehaviourGroup } from '../domain/behaviours.js';
import type { EscalationStatus } from '../domain/records.js';
import type { Channel } from '../schemas/common.js';
import { getItem, inPartition, queryAll, queryPage, type Page, type Write } from './db.js';
import { INCIDENT_KEYS, KEY, stripKeys, timeRange, type Stored } from './table.js';
import { timelineWrite } from './timeline.js';

/** An incident of unreasonable or unacceptable behaviour (policy 1.2), and where its escalation (1.3) stands. */
export interface Incident {
  id: string;
  caseId: string;
  serviceUserId: string;
  occurredAt: string;
  channel: Channel;
  behaviours: BehaviourCode[];
  /** Derived from the behaviours: unreasonable persistence and/or unacceptable behaviour. */
  groups: BehaviourGroup[];
  description: string;
  callTerminated: boolean;
  warningGiven: boolean;
  escalation: {
    status: EscalationStatus;
    /** When it entered the queue it waits in (AWAITING_LINE_MANAGER or AWAITING_HEAD_OF_ASSURANCE); absent otherwise. */
    queuedAt?: string;
    /** The line manager's step: welfare support offered, then escalated to the Head of Assurance or (`escalate: false`) closed. */
    lineManager?: { welfareSupportOffered: boolean; notes: string; escalate: boolean; escalatedAt: string; escalatedBy: Actor };
    /** The Head of Assurance and Statutory Duties' outcome: reported to the police, or (`referred: false`) closed with notes. */
    policeReferral?: { referred: boolean; policeReference?: string; reportedAt?: string; notes?: string; recordedAt: string; recordedBy: Actor };
    /** When the incident was closed (an outcome that ends the chain). */
    closedAt?: string;
  };
  /** Policy 1.3, threatening visits: the police were called, by the member of staff who recorded it. */
  policeCalled?: { at: string; policeReference?: string };
  /** While it waits in a queue: when that queue's mailbox was reminded, and when the Statutory Operations Manager was told it still waits (the daily chasers). */
  chasedAt?: string;
  escalatedToSomAt?: string;
  /** Policy 1.3, written threats or abuse: when the Statutory Operations Manager was emailed to consider a strategy. */
  somConsultedAt?: string;
  recordedAt: string;
  recordedBy: Actor;
  updatedAt: string;
  version: number;
}

type IncidentItem = Stored<Incident>;

const toIncident = (item: IncidentItem): Incident => stripKeys(item);

/** By id on the base table; by case (GSI1) and by person (GSI2) in time order. */
export function incidentItem(i: Incident): IncidentItem {
  return { ...KEY.incident(i.id), ...INCIDENT_KEYS.indexKeys(i), entity: 'Incident', ...i };
}

/** The new incident and, in the same transaction, its entry on the case timeline. */
export function recordIncidentWrites(incident: Incident): Write[] {
  return [
    { Put: { Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } },
    timelineWrite(incident.caseId, {
      at: incident.recordedAt,
      actor: incident.recordedBy,
      kind: 'INCIDENT',
      fields: {
        channel: incident.channel,
        behaviours: [...incident.behaviours],
        description: incident.description,
        callTerminated: incident.callTerminated === true,
        escalation: incident.escalation.status,
        ...(incident.policeCalled
          ? { policeCalledBy: incident.recordedBy.name, policeCalledAt: incident.policeCalled.at, ...(incident.policeCalled.policeReference ? { policeReference: incident.policeCalled.policeReference } : {}) }
          : {}),
      },
      ref: { incidentId: incident.id },
    }),
  ];
}

/** The name of the incident's write in an escalation step: it fails when someone else moved the incident on. */
export const INCIDENT_WRITE = 'incident';

/**
 * One step of the escalation chain: the incident, written only if it still has the
 * escalation status and version read (else `ConditionFailed` on `INCIDENT_WRITE`),
 * and its timeline entry, together or not at all.
 */
export function escalationStepWrites(current: Incident, next: Incident, actor: Actor, timeline: TimelineFact): Write[] {
  return [
    {
      name: INCIDENT_WRITE,
      Put: {
        Item: incidentItem(next),
        ConditionExpression: 'escalation.#status = :from AND #version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':from': current.escalation.status, ':version': current.version },
      },
    },
    timelineWrite(current.caseId, { at: next.updatedAt, actor, ...timeline, ref: { incidentId: current.id } }),
  ];
}

export async function getIncident(id: string): Promise<Incident | undefined> {
  const item = await getItem<IncidentItem>(KEY.incident(id));
  return item ? toIncident(item) : undefined;
}

/** The incidents of a case, newest first. */
export async function listIncidentsOfCase(caseId: string, limit: number, cursor?: string): Promise<Page<Incident>> {
  return queryPage<Incident, IncidentItem>({ ...inPartition(INCIDENT_KEYS.ofCase(caseId)), ScanIndexForward: false }, limit, cursor, toIncident);
}

/** The incidents waiting in a queue, oldest first (the sparse GSI3: no Scan). */
export async function listIncidentQueue(status: string, limit: number, cursor?: string): Promise<Page<Incident>> {
  return queryPage<Incident, IncidentItem>({ ...inPartition(INCIDENT_KEYS.inQueue(status)), ScanIndexForward: true }, limit, cursor, toIncident);
}

/** Notes on the incident when the Statutory Operations Manager was emailed about written threats or abuse. */
export function somConsultedWrite(incidentId: string, at: string): Write {
  return {
    name: INCIDENT_WRITE,
    Update: { Key: KEY.incident(incidentId), UpdateExpression: 'SET somConsultedAt = :at', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at } },
  };
}

/** A person's incidents that occurred on or after `from` (a bounded window: the terminated-calls prompt). */
export async function listIncidentsOfServiceUserSince(serviceUserId: string, from: string): Promise<Incident[]> {
  const items = await queryAll<IncidentItem>({ ...inPartition(INCIDENT_KEYS.ofServiceUser(serviceUserId), timeRange(from, undefined)) });
  return items.map(toIncident);
}

/** The incidents that entered a queue on or before `to` (an instant) and wait there still, oldest first: the chasers' work list. */
export async function incidentsWaitingSince(queue: string, to: string): Promise<Incident[]> {
  const items = await queryAll<IncidentItem>({ ...inPartition(INCIDENT_KEYS.inQueue(queue), timeRange(undefined, to)) });
  return items.map(toIncident);
}
