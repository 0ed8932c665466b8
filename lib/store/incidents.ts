import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { now, nowIso } from '../clock.js';
import { groupsOf, type BehaviourCode, type BehaviourGroup } from '../domain/behaviours.js';
import { initialEscalation, nextEscalation, referralDateErrors, type EscalationAction, type EscalationStatus } from '../domain/records.js';
import { notFound, preconditionFailed, ProblemError, unprocessable, wrongState } from '../errors.js';
import type { Channel } from '../schemas/common.js';
import type { CreateIncident, EscalateIncident, PoliceReferral } from '../schemas/incidents.js';
import { commit, getItem, queryPage, timelineWrite, type Page, type Write } from './db.js';
import { INDEX, KEY, stripKeys } from './table.js';

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

export const toIncident = (item: Record<string, unknown>) => stripKeys(item) as unknown as Incident;

/** By id on the base table; by case (GSI1) and by person (GSI2) in time order. */
export function incidentItem(i: Incident) {
  return {
    ...KEY.incident(i.id),
    gsi1pk: `CASE#${i.caseId}#INCIDENT`,
    gsi1sk: `${i.occurredAt}#${i.id}`,
    gsi2pk: `SU#${i.serviceUserId}#INCIDENT`,
    gsi2sk: `${i.occurredAt}#${i.id}`,
    entity: 'Incident',
    ...i,
  };
}

const ESCALATION_WORDS: Record<EscalationStatus, string> = {
  NONE: 'no escalation needed',
  AWAITING_LINE_MANAGER: 'awaiting the line manager',
  AWAITING_HEAD_OF_ASSURANCE: 'awaiting the Head of Assurance and Statutory Duties',
  REPORTED_TO_POLICE: 'reported to the police',
};

/** The new incident and, in the same transaction, its entry on the case timeline. */
export function createIncidentWrites(kase: { id: string; serviceUserId: string }, input: CreateIncident, actor: Actor): { incident: Incident; writes: Write[] } {
  const at = nowIso();
  const incident: Incident = {
    id: ulid(),
    caseId: kase.id,
    serviceUserId: kase.serviceUserId,
    occurredAt: input.occurredAt,
    channel: input.channel,
    behaviours: input.behaviours,
    groups: groupsOf(input.behaviours),
    description: input.description,
    callTerminated: input.callTerminated,
    warningGiven: input.warningGiven,
    escalation: { status: initialEscalation(input.behaviours, input.reportToLineManager) },
    recordedAt: at,
    recordedBy: actor,
    updatedAt: at,
    version: 1,
  };
  const behaviours = input.behaviours.join(', ');
  const call = incident.callTerminated ? ' Call terminated after a warning.' : '';
  return {
    incident,
    writes: [
      { Put: { Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } },
      timelineWrite(kase.id, {
        at,
        actor,
        kind: 'INCIDENT',
        summary: `Incident by ${incident.channel.toLowerCase()} (${behaviours}): ${incident.description}${call} Escalation: ${ESCALATION_WORDS[incident.escalation.status]}.`,
        ref: { incidentId: incident.id },
      }),
    ],
  };
}

export async function getIncident(id: string): Promise<Incident | undefined> {
  const item = await getItem<Record<string, unknown>>(KEY.incident(id));
  return item ? toIncident(item) : undefined;
}

export async function requireIncident(id: string): Promise<Incident> {
  const i = await getIncident(id);
  if (!i) throw notFound(`No incident ${id}.`);
  return i;
}

/**
 * One step of the escalation chain, guarded by a condition on the status and the
 * version read: a racing second step loses (409 naming the state it then finds),
 * and the step and its timeline entry are written together or not at all.
 */
async function step(
  current: Incident,
  action: EscalationAction,
  expectedVersion: number | undefined,
  apply: (current: Incident, at: string) => { next: Incident; timeline: { kind: string; summary: string } },
  actor: Actor,
): Promise<Incident> {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw preconditionFailed(`The incident has changed since version ${expectedVersion}; read it again and retry.`);
  }
  const verb = action === 'escalate' ? 'escalated' : 'referred to the police';
  const to = nextEscalation(current.escalation.status, action);
  if (!to) throw wrongState('incident', current.escalation.status, verb);
  const at = nowIso();
  const { next, timeline } = apply(current, at);
  next.escalation = { ...next.escalation, status: to };
  next.version = current.version + 1;
  next.updatedAt = at;
  const lostRace = new ProblemError(409, 'Conflict', 'lost race');
  try {
    await commit([
      {
        Put: {
          Item: incidentItem(next),
          ConditionExpression: 'escalation.#status = :from AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':from': current.escalation.status, ':version': current.version },
        },
        onConditionFailed: () => lostRace,
      },
      timelineWrite(current.caseId, { at, actor, ...timeline, ref: { incidentId: current.id } }),
    ]);
  } catch (err) {
    if (err !== lostRace) throw err;
    // Someone else moved the incident on between our read and our write: say where it is now.
    const latest = await requireIncident(current.id);
    throw wrongState('incident', latest.escalation.status, verb);
  }
  return next;
}

/** Policy 1.3: the line manager offers welfare support and escalates to the Head of Assurance. */
export async function escalateIncident(id: string, input: EscalateIncident, actor: Actor, expectedVersion?: number): Promise<Incident> {
  return step(
    await requireIncident(id),
    'escalate',
    expectedVersion,
    (current, at) => ({
      next: { ...current, escalation: { ...current.escalation, lineManager: { ...input, escalatedAt: at, escalatedBy: actor } } },
      timeline: {
        kind: 'INCIDENT_ESCALATED',
        summary: `Incident escalated by the line manager to the Head of Assurance and Statutory Duties. Welfare support ${input.welfareSupportOffered ? 'offered' : 'not offered'}. Notes: ${input.notes}`,
      },
    }),
    actor,
  );
}

/** Policy 1.3: the Head of Assurance and Statutory Duties reports the incident to Humberside Police. */
export async function referIncidentToPolice(id: string, input: PoliceReferral, actor: Actor, expectedVersion?: number): Promise<Incident> {
  const current = await requireIncident(id);
  const errors = referralDateErrors(input.reportedAt, current.occurredAt, now());
  if (errors.length) throw unprocessable('reportedAt is not a possible date for this report.', errors);
  return step(
    current,
    'refer-to-police',
    expectedVersion,
    (c, at) => ({
      next: { ...c, escalation: { ...c.escalation, policeReferral: { ...input, recordedAt: at, recordedBy: actor } } },
      timeline: { kind: 'POLICE_REFERRAL', summary: `Incident reported to the police on ${input.reportedAt}, police reference ${input.policeReference}.` },
    }),
    actor,
  );
}

/** The incidents of a case, newest first. */
export async function listIncidentsOfCase(caseId: string, limit: number, cursor?: string): Promise<Page<Incident>> {
  return queryPage(
    { IndexName: INDEX.GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}#INCIDENT` }, ScanIndexForward: false },
    limit,
    cursor,
    toIncident,
  );
}

/** The incidents of a person, newest first (for breaches and strategy evidence). */
export async function listIncidentsOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<Incident>> {
  return queryPage(
    { IndexName: INDEX.GSI2, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `SU#${serviceUserId}#INCIDENT` }, ScanIndexForward: false },
    limit,
    cursor,
    toIncident,
  );
}
