import type { Actor } from '../auth.js';
import type { BehaviourCode, BehaviourGroup } from '../domain/behaviours.js';
import type { EscalationStatus } from '../domain/records.js';
import type { Channel } from '../schemas/common.js';
import { getItem, inPartition, queryPage, type Page, type Write } from './db.js';
import { INCIDENT_KEYS, KEY, stripKeys, type Stored } from './table.js';
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
    /** The line manager's step: welfare support offered and escalation to the Head of Assurance. */
    lineManager?: { welfareSupportOffered: boolean; notes: string; escalatedAt: string; escalatedBy: Actor };
    /** The Head of Assurance and Statutory Duties' report to the police. */
    policeReferral?: { policeReference: string; reportedAt: string; recordedAt: string; recordedBy: Actor };
  };
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

const ESCALATION_WORDS: Record<EscalationStatus, string> = {
  NONE: 'no escalation needed',
  AWAITING_LINE_MANAGER: 'awaiting the line manager',
  AWAITING_HEAD_OF_ASSURANCE: 'awaiting the Head of Assurance and Statutory Duties',
  REPORTED_TO_POLICE: 'reported to the police',
};

/** The new incident and, in the same transaction, its entry on the case timeline. */
export function recordIncidentWrites(incident: Incident): Write[] {
  const call = incident.callTerminated ? ' Call terminated after a warning.' : '';
  return [
    { Put: { Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } },
    timelineWrite(incident.caseId, {
      at: incident.recordedAt,
      actor: incident.recordedBy,
      kind: 'INCIDENT',
      summary: `Incident by ${incident.channel.toLowerCase()} (${incident.behaviours.join(', ')}): ${incident.description}${call} Escalation: ${ESCALATION_WORDS[incident.escalation.status]}.`,
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
export function escalationStepWrites(current: Incident, next: Incident, actor: Actor, timeline: { kind: string; summary: string }): Write[] {
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
