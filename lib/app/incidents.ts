/**
 * Incidents of unreasonable or unacceptable behaviour (policy 1.2) and their escalation to the police (1.3).
 */
import { loggedRead, type Reader, recordRead } from './access-log.js';
import type { TimelineFact } from '../domain/timeline-words.js';
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import { behaviourOf, groupsOf } from '../domain/behaviours.js';
import { incidentTally, POLICE_REFERRAL_TALLY } from '../domain/governance.js';
import { notInFuture } from '../domain/not-in-future.js';
import {
  callTerminationErrors,
  initialEscalation,
  isEscalationQueue,
  isWrittenThreatOrAbuse,
  nextEscalation,
  policeCalledErrors,
  policeReferralErrors,
  type EscalationAction,
  type EscalationStatus,
} from '../domain/records.js';
import { incidentAwaitingHeadOfAssurance, incidentAwaitingLineManager, NOT_ON_RECORD, writtenThreatOrAbuse, type IncidentInBrief, type StaffEmail } from '../domain/staff-emails.js';
import { notFound, preconditionFailed, unprocessable, wrongState } from '../errors.js';
import { logger } from '../observability.js';
import type { CreateIncident, EscalateIncident, PoliceReferral } from '../schemas/incidents.js';
import { getCase } from '../store/cases.js';
import { commit, ConditionFailed, type Write } from '../store/db.js';
import {
  escalationStepWrites,
  getIncident,
  INCIDENT_WRITE,
  listIncidentQueue,
  listIncidentsOfCase,
  recordIncidentWrites,
  somConsultedWrite,
  type Incident,
} from '../store/incidents.js';
import { figuresWrites } from '../store/governance.js';
import { getServiceUserItem } from '../store/service-users.js';
import { requireCase } from './cases.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { emailStaff } from './staff-email.js';

/** Where an incident waits, and since when: on a queue only while awaiting someone. */
const escalationAt = (status: EscalationStatus, at: string) => ({ status, ...(isEscalationQueue(status) ? { queuedAt: at } : {}) });

async function inBrief(i: Incident): Promise<IncidentInBrief> {
  const [person, kase] = await Promise.all([getServiceUserItem(i.serviceUserId), getCase(i.caseId)]);
  return {
    personName: person?.name ?? NOT_ON_RECORD.person,
    caseRef: kase?.reference ?? NOT_ON_RECORD.case,
    occurredAt: i.occurredAt,
    channel: i.channel,
    behaviours: i.behaviours.map((b) => behaviourOf(b).wording),
    recordedByName: i.recordedBy.name,
  };
}

/** Emails staff about an incident; a failure is logged (the incident is recorded and waits in its queue either way). */
async function tell(to: string, i: Incident, wording: (brief: IncidentInBrief) => StaffEmail, what: string): Promise<boolean> {
  try {
    await emailStaff([to], wording(await inBrief(i)));
    return true;
  } catch (err) {
    logger.error(`incident email not sent: ${what}`, { incidentId: i.id, errorName: (err as Error)?.name });
    return false;
  }
}

/**
 * Who is told about a new incident, once it is recorded: the line managers when it
 * waits for them; the Statutory Operations Manager when it is a written threat or
 * abuse (policy 1.3), noted on the incident as `somConsultedAt`. Returns the incident as it then stands.
 */
async function announceIncident(incident: Incident): Promise<Incident> {
  if (incident.escalation.status === 'AWAITING_LINE_MANAGER') await tell(config.LINE_MANAGER_EMAIL, incident, incidentAwaitingLineManager, 'line managers');
  if (!isWrittenThreatOrAbuse(incident.channel, incident.behaviours)) return incident;
  if (!(await tell(config.SOM_EMAIL, incident, writtenThreatOrAbuse, 'Statutory Operations Manager'))) return incident;
  const at = nowIso();
  try {
    await commit([somConsultedWrite(incident.id, at)]);
  } catch (err) {
    logger.error('somConsultedAt not recorded', { incidentId: incident.id, errorName: (err as Error)?.name });
    return incident;
  }
  return { ...incident, somConsultedAt: at };
}

/**
 * `POST /cases/{id}/incidents`: a new incident against a case, recorded with its
 * timeline entry once per `Idempotency-Key`, then announced (`announceIncident`).
 * Only the request that recorded it tells anyone (not a replay, not a race's loser),
 * and it answers the incident as it then stands; a replay answers the first record.
 */
export async function recordIncident(caseId: string, input: CreateIncident, actor: Actor, idempotency?: IdempotencyScope): Promise<Incident> {
  let recorded: Incident | undefined;
  const answer = await once(idempotency, async () => {
    const made = await newIncident(caseId, input, actor);
    recorded = made.result;
    return made;
  });
  return recorded && answer.id === recorded.id ? announceIncident(recorded) : answer;
}

/**
 * The incident and its writes. 422 naming every rule it breaks (dated in the future;
 * a call terminated without a warning, or not a call). Where its escalation starts is
 * the policy's (`initialEscalation`).
 */
async function newIncident(caseId: string, input: CreateIncident, actor: Actor): Promise<Produced<Incident>> {
  const kase = await requireCase(caseId);
  const errors = [
    ...notInFuture('occurredAt', input.occurredAt, now()),
    ...callTerminationErrors(input),
    ...policeCalledErrors(input),
    ...(input.policeCalled ? notInFuture('policeCalled.at', input.policeCalled.at, now()) : []),
  ];
  if (errors.length) throw unprocessable(`The incident breaks a rule: ${errors.map((e) => e.path).join(', ')}.`, errors);
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
    escalation: escalationAt(initialEscalation(input.behaviours, input.reportToLineManager, input.policeCalled !== undefined), at),
    ...(input.policeCalled ? { policeCalled: input.policeCalled } : {}),
    recordedAt: at,
    recordedBy: actor,
    updatedAt: at,
    version: 1,
  };
  // Counted in the governance figures in the UK month it happened.
  return { result: incident, writes: [...recordIncidentWrites(incident), ...figuresWrites(incident.occurredAt, incident.id, incidentTally(incident.behaviours))] };
}

export async function requireIncident(id: string): Promise<Incident> {
  const i = await getIncident(id);
  if (!i) throw notFound('There is no such incident.');
  return i;
}

/** A queue (`AWAITING_LINE_MANAGER` or `AWAITING_HEAD_OF_ASSURANCE`), oldest first. */
export async function incidentQueue(status: string, limit: number, cursor?: string) {
  return listIncidentQueue(status, limit, cursor);
}

/** The incidents of a case, newest first (404 when there is no such case). */
export async function incidentsOfCase(caseId: string, limit: number, cursor: string | undefined, reader: Reader) {
  const kase = await requireCase(caseId);
  const page = await listIncidentsOfCase(caseId, limit, cursor);
  await recordRead(kase.serviceUserId, reader);
  return page;
}

/** `GET /incidents/{id}`: the incident; the read is logged against its person. */
export const readIncident = loggedRead(requireIncident);

/**
 * One step of the escalation chain, written only on the status and version read: a
 * racing second step loses (409 naming the state it then finds), and the step and
 * its timeline entry are written together or not at all.
 */
async function step(
  current: Incident,
  action: EscalationAction,
  onwards: boolean,
  expectedVersion: number | undefined,
  apply: (current: Incident, at: string) => { next: Incident; timeline: TimelineFact; counted?: Write[] },
  actor: Actor,
): Promise<Incident> {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw preconditionFailed(`The incident has changed since version ${expectedVersion}; read it again and retry.`);
  }
  const verb = action === 'escalate' ? (onwards ? 'escalated' : 'closed by the line manager') : onwards ? 'referred to the police' : 'closed by the Head of Assurance';
  const to = nextEscalation(current.escalation.status, action, onwards, current.policeCalled !== undefined);
  if (!to) throw wrongState('incident', current.escalation.status, verb);
  const at = nowIso();
  const { next, timeline, counted = [] } = apply(current, at);
  const { queuedAt: _left, ...rest } = next.escalation;
  next.escalation = { ...rest, ...escalationAt(to, at), ...(to === 'CLOSED' ? { closedAt: at } : {}) };
  // The chasers are about the queue it leaves: a new queue is chased afresh.
  delete next.chasedAt;
  delete next.escalatedToSomAt;
  next.version = current.version + 1;
  next.updatedAt = at;
  try {
    await commit([...escalationStepWrites(current, next, actor, timeline), ...counted]);
  } catch (err) {
    if (!(err instanceof ConditionFailed && err.write === INCIDENT_WRITE)) throw err;
    // Someone else moved the incident on between our read and our write: say where it is now.
    const latest = await requireIncident(current.id);
    throw wrongState('incident', latest.escalation.status, verb);
  }
  return next;
}

/**
 * Policy 1.3: the line manager considers welfare, offers support, and escalates to the
 * Head of Assurance (who is emailed) or, `escalate: false`, closes the incident, the notes saying why.
 */
export async function escalateIncident(id: string, input: EscalateIncident, actor: Actor, expectedVersion?: number): Promise<Incident> {
  const welfare = { welfareSupportOffered: input.welfareSupportOffered, notes: input.notes };
  const next = await step(
    await requireIncident(id),
    'escalate',
    input.escalate,
    expectedVersion,
    (current, at) => {
      const lineManager = { ...input, escalatedAt: at, escalatedBy: actor };
      const called = current.policeCalled;
      if (called) {
        // A threatening visit the police were called to: the line manager saw to welfare, and the police already have it.
        return {
          next: {
            ...current,
            escalation: { ...current.escalation, lineManager, policeReferral: { referred: true, reportedAt: called.at, ...(called.policeReference ? { policeReference: called.policeReference } : {}), recordedAt: at, recordedBy: actor } },
          },
          timeline: { kind: 'POLICE_REFERRAL', fields: { about: 'INCIDENT_CALLED', calledAt: called.at, ...(called.policeReference ? { policeReference: called.policeReference } : {}), ...welfare } },
          counted: figuresWrites(at, current.id, POLICE_REFERRAL_TALLY),
        };
      }
      return {
        next: { ...current, escalation: { ...current.escalation, lineManager } },
        timeline: input.escalate
          ? { kind: 'INCIDENT_ESCALATED', fields: welfare }
          : { kind: 'INCIDENT_CLOSED', fields: { closedBy: 'LINE_MANAGER', ...welfare } },
      };
    },
    actor,
  );
  if (next.escalation.status === 'AWAITING_HEAD_OF_ASSURANCE') {
    await tell(config.HEAD_OF_ASSURANCE_EMAIL, next, (b) => incidentAwaitingHeadOfAssurance(b, input.notes), 'Head of Assurance');
  }
  return next;
}

/**
 * Policy 1.3: the Head of Assurance and Statutory Duties reports the incident to the
 * police (reference and date) or, `referred: false`, closes it, the notes saying why.
 */
export async function referIncidentToPolice(id: string, input: PoliceReferral, actor: Actor, expectedVersion?: number): Promise<Incident> {
  const current = await requireIncident(id);
  const errors = policeReferralErrors(input, current.occurredAt, now());
  if (errors.length) throw unprocessable(`The police referral breaks a rule: ${errors.map((e) => e.path).join(', ')}.`, errors);
  return step(
    current,
    'refer-to-police',
    input.referred,
    expectedVersion,
    (c, at) => ({
      next: { ...c, escalation: { ...c.escalation, policeReferral: { ...input, recordedAt: at, recordedBy: actor } } },
      timeline: input.referred
        ? { kind: 'POLICE_REFERRAL', fields: { about: 'INCIDENT', reportedAt: input.reportedAt, policeReference: input.policeReference } }
        : { kind: 'INCIDENT_CLOSED', fields: { closedBy: 'HEAD_OF_ASSURANCE', notes: input.notes ?? '' } },
      counted: input.referred ? figuresWrites(at, c.id, POLICE_REFERRAL_TALLY) : [],
    }),
    actor,
  );
}
