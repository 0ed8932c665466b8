/**
 * The subject-access export's allow-list (UK GDPR Article 15): only the fields named
 * here leave the system; anything new on a record stays out until it is added here.
 * Staff appear by name and role only (never their ids or email addresses).
 */

/** What to do with one field: keep it as held, show a member of staff by name and role, or descend. */
export type Rule = 'keep' | 'staff' | Spec | { each: Spec };
export interface Spec {
  [field: string]: Rule;
}

/** How a member of staff appears in an export. */
export interface StaffAsExported {
  name: string;
  role: string;
}

const SYSTEM_SUB = 'system';

/** A member of staff (an `Actor`) by name and role only: the role the export can vouch for is "member of staff" (or the service itself). */
export function staffAsExported(actor: unknown): StaffAsExported | undefined {
  if (!actor || typeof actor !== 'object') return undefined;
  const a = actor as { sub?: unknown; name?: unknown };
  if (a.sub === SYSTEM_SUB) return { name: typeof a.name === 'string' ? a.name : 'Contact strategy service', role: 'automated service' };
  return { name: typeof a.name === 'string' && a.name !== a.sub ? a.name : 'A member of staff', role: 'member of staff' };
}

const isEach = (rule: Spec | { each: Spec }): rule is { each: Spec } => Object.keys(rule).length === 1 && typeof rule.each === 'object';

/** The fields of `value` the spec allows, recursively; everything else is left out. */
export function project(value: unknown, spec: Spec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!value || typeof value !== 'object') return out;
  const item = value as Record<string, unknown>;
  for (const [field, rule] of Object.entries(spec)) {
    const v = item[field];
    if (v === undefined || v === null) continue;
    if (rule === 'keep') out[field] = v;
    else if (rule === 'staff') out[field] = staffAsExported(v);
    else if (isEach(rule)) out[field] = Array.isArray(v) ? v.map((e) => project(e, rule.each)) : [];
    else out[field] = project(v, rule);
  }
  return out;
}


export const PERSON: Spec = {
  id: 'keep', name: 'keep', emails: 'keep', phones: 'keep', postalAddress: 'keep', additionalNeeds: 'keep',
  // Reasonable adjustments (Equality Act 2010): the channels the person needs, their letters' format, and notes about their needs.
  adjustments: { channels: 'keep', format: 'keep', notes: 'keep' },
  createdAt: 'keep', createdBy: 'staff', updatedAt: 'keep', updatedBy: 'staff',
  history: { each: { at: 'keep', actor: 'staff', action: 'keep', fields: 'keep' } },
};
export const CASE: Spec = {
  id: 'keep', reference: 'keep', type: 'keep', subject: 'keep', status: 'keep', openedAt: 'keep', openedBy: 'staff',
  conclusion: { finalDecision: 'keep', outcomeExplained: 'keep', rightOfReviewAdvised: 'keep', concludedAt: 'keep', concludedBy: 'staff' },
  retainUntil: 'keep',
};
export const TIMELINE_ENTRY: Spec = { at: 'keep', actor: 'staff', kind: 'keep', summary: 'keep' };
export const CONTACT: Spec = {
  id: 'keep', caseId: 'keep', channel: 'keep', direction: 'keep', occurredAt: 'keep', summary: 'keep', durationMinutes: 'keep', from: 'keep',
  screening: { decision: 'keep', reasons: 'keep', potentialBreach: 'keep', freshMatter: 'keep' },
  recordedAt: 'keep', recordedBy: 'staff',
  // The second read of a contact logged without a reply: what was found and why (the same notes are on the case timeline).
  check: { outcome: 'keep', notes: 'keep', caseId: 'keep', by: 'staff', at: 'keep' },
};
export const INCIDENT: Spec = {
  id: 'keep', caseId: 'keep', occurredAt: 'keep', channel: 'keep', behaviours: 'keep', groups: 'keep', description: 'keep',
  callTerminated: 'keep', warningGiven: 'keep',
  // The line manager's step and the police referral: when, and by whom, only.
  escalation: { status: 'keep', lineManager: { escalatedAt: 'keep', escalatedBy: 'staff' }, policeReferral: { reportedAt: 'keep' } },
  recordedAt: 'keep', recordedBy: 'staff',
};
export const STRATEGY: Spec = {
  id: 'keep', caseIds: 'keep', reason: 'keep', purpose: 'keep', reviewDate: 'keep', restrictions: 'keep', factors: 'keep', status: 'keep',
  proposedBy: 'staff', decidedBy: 'staff', decision: { decision: 'keep', comments: 'keep', decidedAt: 'keep' },
  createdAt: 'keep', submittedAt: 'keep', activatedAt: 'keep', endedAt: 'keep',
  lastReview: { outcome: 'keep', notes: 'keep', decidedBy: 'staff', decidedAt: 'keep', reviewDate: 'keep', nextReviewDate: 'keep' },
};
export const STRATEGY_HISTORY: Spec = { at: 'keep', actor: 'staff', event: 'keep', summary: 'keep', fromStatus: 'keep', toStatus: 'keep' };
export const LETTER: Spec = { id: 'keep', kind: 'keep', channel: 'keep', status: 'keep', subject: 'keep', text: 'keep', createdAt: 'keep', sentAt: 'keep', queuedAt: 'keep', dispatchedAt: 'keep' };
export const BREACH: Spec = {
  id: 'keep', strategyId: 'keep', caseIds: 'keep', status: 'keep', occurredAt: 'keep', description: 'keep', reportedBy: 'staff', reportedAt: 'keep',
  decision: { actions: 'keep', notes: 'keep', restrictions: 'keep', nextReviewDate: 'keep', decidedBy: 'staff', decidedAt: 'keep' },
};

/** A warning in writing (policy 1.4): what the person was told, and when; its letters are exported with it (LETTER). */
export const WARNING: Spec = { id: 'keep', caseIds: 'keep', behaviours: 'keep', incidentIds: 'keep', explanation: 'keep', sentAt: 'keep', sentBy: 'staff' };
/** An appeal against a strategy: the person's grounds, and the decision with its reasons (told to the person). */
export const APPEAL: Spec = {
  id: 'keep', strategyId: 'keep', caseIds: 'keep', status: 'keep', receivedAt: 'keep', grounds: 'keep', lateReason: 'keep', late: 'keep', appealBy: 'keep',
  recordedBy: 'staff', recordedAt: 'keep',
  decision: { outcome: 'keep', reasons: 'keep', restrictions: 'keep', nextReviewDate: 'keep', decidedBy: 'staff', decidedAt: 'keep', late: 'keep' },
};

/** Timeline kinds whose summary carries what the export leaves out: shown as these words instead. */
export const TIMELINE_SUMMARIES_WITHHELD: Record<string, string> = {
  INCIDENT_ESCALATED: 'An incident was escalated by a line manager to the Head of Assurance and Statutory Duties.',
  POLICE_REFERRAL: 'An incident was reported to the police.',
};

/** What every export leaves out, and why (listed in the export's `redactions`). */
export const REDACTIONS = [
  { what: 'staff welfare notes and welfare support (incidents, and the timeline entries that record them)', reason: 'information about the welfare of members of staff, not about the person (UK GDPR Article 15(4): the rights of others)' },
  { what: 'police references (incidents, and the timeline entries that record them)', reason: 'may prejudice the prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2)' },
  { what: 'staff email addresses and staff ids', reason: 'personal data of members of staff: staff appear by name and role only' },
  { what: 'internal working data (keys, task tokens, delivery keys, screening snapshots, message ids, record versions)', reason: 'not information about the person' },
] as const;
