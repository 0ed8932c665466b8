/**
 * Warnings (policy 1.4: "has the individual been informed that their behaviour is
 * unacceptable and why?"). The model policies of the Local Government and Social
 * Care Ombudsman and the Parliamentary and Health Service Ombudsman tell the person
 * first, in writing, before restricting their contact. Pure rules over plain data.
 */
import { BEHAVIOUR_CODES, duplicatesIn, type BehaviourCode } from './behaviours.js';
import type { FieldError } from './field-error.js';
import { casesAreThePersonsOwn, personCanBeToldInWriting, type CaseFacts, type PersonFacts } from './strategy-rules.js';

const KNOWN = new Set<string>(BEHAVIOUR_CODES);

export const isBehaviourCode = (code: string): code is BehaviourCode => KNOWN.has(code);

/** What a warning names. */
export interface WarningContent {
  caseIds: readonly string[];
  behaviours: readonly string[];
  incidentIds?: readonly string[] | undefined;
}

/**
 * Every rule a warning keeps, together: its cases are the person's own; each
 * behaviour is one the policy names (section 1.2), listed once; each incident is one
 * of the person's; and the person can be written to (an email or a postal address).
 * `incidentOwner` answers whom an incident is about, or null when there is none.
 */
export function warningErrors(w: WarningContent, serviceUserId: string, facts: { person: PersonFacts; cases: ReadonlyMap<string, CaseFacts>; incidentOwner: (id: string) => string | null }): FieldError[] {
  const errors: FieldError[] = [...personCanBeToldInWriting(facts.person).map((e) => ({ ...e, message: e.message.replace('of the strategy', 'of the warning') })), ...casesAreThePersonsOwn(w.caseIds, serviceUserId, facts.cases)];
  w.behaviours.forEach((code, i) => {
    if (!isBehaviourCode(code)) errors.push({ path: `behaviours.${i}`, message: `${code} is not a behaviour the policy names (section 1.2)` });
  });
  for (const code of duplicatesIn(w.behaviours)) errors.push({ path: 'behaviours', message: `lists ${code} more than once` });
  (w.incidentIds ?? []).forEach((id, i) => {
    const owner = facts.incidentOwner(id);
    if (owner === null) errors.push({ path: `incidentIds.${i}`, message: 'there is no such incident' });
    else if (owner !== serviceUserId) errors.push({ path: `incidentIds.${i}`, message: 'this incident is not about this person' });
  });
  return errors;
}

/**
 * Whether the person has been told, before a strategy: a warning letter, or an
 * incident recording that a warning was given (e.g. on a call).
 */
export function personWasWarned(facts: { warnings: number; incidentWarnings: number }): boolean {
  return facts.warnings > 0 || facts.incidentWarnings > 0;
}
