/**
 * Incidents of unreasonable or unacceptable behaviour (policy 1.2) and their escalation to the police (1.3).
 */
import { ulid } from 'ulid';
import type { Actor } from '../auth.js';
import { now, nowIso } from '../clock.js';
import { groupsOf } from '../domain/behaviours.js';
import { notInFuture } from '../domain/not-in-future.js';
import { callTerminationErrors, initialEscalation, nextEscalation, referralDateErrors, type EscalationAction } from '../domain/records.js';
import { notFound, preconditionFailed, unprocessable, wrongState } from '../errors.js';
import type { CreateIncident, EscalateIncident, PoliceReferral } from '../schemas/incidents.js';
import { commit, ConditionFailed, type Write } from '../store/db.js';
import { escalationStepWrites, getIncident, INCIDENT_WRITE, listIncidentsOfCase, recordIncidentWrites, type Incident } from '../store/incidents.js';
import { requireCase } from './cases.js';

/**
 * A new incident against a case, for `idempotent` to commit with its timeline entry.
 * 422 naming every rule it breaks (dated in the future; a call terminated without a
 * warning, or not a call). Where its escalation starts is the policy's (`initialEscalation`).
 */
export async function recordIncident(caseId: string, input: CreateIncident, actor: Actor): Promise<{ incident: Incident; writes: Write[] }> {
  const kase = await requireCase(caseId);
  const errors = [...notInFuture('occurredAt', input.occurredAt, now()), ...callTerminationErrors(input)];
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
    escalation: { status: initialEscalation(input.behaviours, input.reportToLineManager) },
    recordedAt: at,
    recordedBy: actor,
    updatedAt: at,
    version: 1,
  };
  return { incident, writes: recordIncidentWrites(incident) };
}

export async function requireIncident(id: string): Promise<Incident> {
  const i = await getIncident(id);
  if (!i) throw notFound(`No incident ${id}.`);
  return i;
}

/** The incidents of a case, newest first (404 when there is no such case). */
export async function incidentsOfCase(caseId: string, limit: number, cursor?: string) {
  await requireCase(caseId);
  return listIncidentsOfCase(caseId, limit, cursor);
}

/**
 * One step of the escalation chain, written only on the status and version read: a
 * racing second step loses (409 naming the state it then finds), and the step and
 * its timeline entry are written together or not at all.
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
  try {
    await commit(escalationStepWrites(current, next, actor, timeline));
  } catch (err) {
    if (!(err instanceof ConditionFailed && err.write === INCIDENT_WRITE)) throw err;
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
