/**
 * Warnings (policy 1.4: has the person been told that their behaviour is
 * unacceptable, and why?). Following the model policies of the Local Government and
 * Social Care Ombudsman and the Parliamentary and Health Service Ombudsman, the
 * person is told first, in writing, before any restriction: a WARNING letter by
 * email and by post (each route they have), through the same letter tasks as a
 * strategy's letters (the workflow's WARN phase).
 */
import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import { nowIso } from '../clock.js';
import { ukMonthOf } from '../domain/calendar.js';
import { personWasWarned, warningErrors } from '../domain/warning.js';
import { unprocessable } from '../errors.js';
import { logger } from '../observability.js';
import type { SendWarning } from '../schemas/warnings.js';
import { getCases } from '../store/cases.js';
import type { Page } from '../store/db.js';
import { once, type IdempotencyScope, type Produced } from './idempotency.js';
import { tallyWrite } from '../store/figures.js';
import { getIncident, listIncidentsOfServiceUserSince } from '../store/incidents.js';
import { getWarning, listWarningsOfServiceUser, newWarningWrites, type Warning } from '../store/warnings.js';
import { workflow } from '../workflow.js';
import { recordDeliveryFailure } from './delivery-failure.js';
import { recordRead, type Reader } from './access-log.js';
import { requireServiceUserItem } from './service-users.js';

/**
 * `POST /service-users/{id}/warnings`: checks every rule (422 naming each broken one,
 * nothing written; 404 for no such person) and records the warning, once per
 * `Idempotency-Key`. The letters go only once it is committed (by a replay when the
 * first attempt crashed before it could start them).
 */
export function sendWarning(serviceUserId: string, input: SendWarning, actor: Actor, idempotency?: IdempotencyScope): Promise<Warning> {
  return once(idempotency, () => prepareWarning(serviceUserId, input, actor), (first) => resumeWarningLetters(first.id));
}

/**
 * The warning and its writes (the warning, a WARNING_SENT entry on each case and the
 * `warningsSent` tally: one transaction); once committed, the follow-up starts the
 * letters (WARN), or records them as FAILED if the workflow cannot start.
 */
async function prepareWarning(serviceUserId: string, input: SendWarning, actor: Actor): Promise<Produced<Warning>> {
  const person = await requireServiceUserItem(serviceUserId);
  const incidentIds = input.incidentIds ?? [];
  const [cases, incidents] = await Promise.all([getCases(input.caseIds), Promise.all(incidentIds.map(getIncident))]);
  const owners = new Map(incidents.flatMap((i) => (i ? [[i.id, i.serviceUserId] as const] : [])));
  const errors = warningErrors(input, serviceUserId, { person, cases, incidentOwner: (id) => owners.get(id) ?? null });
  if (errors.length > 0) {
    throw unprocessable(`The warning breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${[...new Set(errors.map((e) => e.path))].join(', ')}.`, errors);
  }
  const at = nowIso();
  const warning: Warning = {
    id: ulid(),
    serviceUserId,
    caseIds: [...new Set(input.caseIds)],
    behaviours: input.behaviours as Warning['behaviours'],
    incidentIds,
    explanation: input.explanation,
    sentAt: at,
    sentBy: actor,
  };
  const tally = tallyWrite(ukMonthOf(at), warning.id, { warningsSent: 1 });
  return {
    result: warning,
    writes: [...newWarningWrites(warning), ...(tally ? [tally] : [])],
    followUp: () => startWarningLetters(warning),
  };
}

/**
 * A replay of the request that recorded warning `id`, whose letters that request never
 * started (it crashed after the commit): starts them now. The execution is named after
 * the warning, so letters already under way are not sent again.
 */
export async function resumeWarningLetters(id: string): Promise<void> {
  const warning = await getWarning(id);
  if (warning) await startWarningLetters(warning);
}

/** Starts the WARN phase; if it cannot start, each letter is recorded as FAILED on the cases (to send by hand), never a 5xx. */
async function startWarningLetters(w: Warning): Promise<void> {
  const request = { warningId: w.id, letterKind: 'WARNING' as const, requestId: `warning-${w.id}` };
  try {
    await (await workflow()).start({ phase: 'WARN', ...request });
  } catch (err) {
    logger.error('WARN execution not started', { warningId: w.id, errorName: (err as Error)?.name });
    const failure = { Error: 'LetterNotStarted', Cause: 'The letter workflow could not be started; send this letter by hand.' };
    for (const channel of ['EMAIL', 'POST'] as const) {
      try {
        await recordDeliveryFailure({ ...request, channel, failure });
      } catch (recordErr) {
        logger.error('failed letter could not be recorded', { warningId: w.id, channel, errorName: (recordErr as Error)?.name });
      }
    }
  }
}

/** `GET /service-users/{id}/warnings`: the person's warnings, newest first (404 for no such person). */
export async function warningsOfServiceUser(serviceUserId: string, limit: number, cursor: string | undefined, reader: Reader): Promise<Page<Warning>> {
  await requireServiceUserItem(serviceUserId);
  const page = await listWarningsOfServiceUser(serviceUserId, limit, cursor);
  await recordRead(serviceUserId, reader);
  return page;
}

/** Whether the person was warned before: a warning letter, or an incident recording that a warning was given. */
export async function wasWarned(serviceUserId: string): Promise<boolean> {
  const [warnings, incidents] = await Promise.all([listWarningsOfServiceUser(serviceUserId, 1), listIncidentsOfServiceUserSince(serviceUserId, '')]);
  return personWasWarned({ warnings: warnings.items.length, incidentWarnings: incidents.filter((i) => i.warningGiven).length });
}
