/** An incident in staff's words (when, which case, how, what they did), for lists and checkboxes. */
import { getAll, q } from '../api.js';
import { behaviourWords, channelName, formatDateTime } from '../labels.js';
import type { Case, Incident } from '../types.js';

export const incidentWords = (i: Incident, refOf: (caseId: string) => string) =>
  `${formatDateTime(i.occurredAt)}, ${refOf(i.caseId)}, by ${channelName(i.channel).toLowerCase()}: ${i.behaviours.map(behaviourWords).join('; ')}`;

/** Every incident on the person's cases, newest first. */
export async function incidentsOfCases(cases: Case[]): Promise<Incident[]> {
  const lists = await Promise.all(cases.map((c) => getAll<Incident>(`/cases/${q(c.id)}/incidents`).catch(() => [] as Incident[])));
  return lists.flat().sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** Case references by id, for `incidentWords`. */
export const referencesOf = (cases: Case[]) => (caseId: string) => cases.find((c) => c.id === caseId)?.reference ?? 'another case';

/** When the police were called to a threatening visit, and their reference when given. */
export const policeCalledWords = (c: { at: string; policeReference?: string }) => `At ${formatDateTime(c.at)}${c.policeReference ? `, police reference ${c.policeReference}` : ', no reference given'}`;
