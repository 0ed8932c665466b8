/**
 * The subject-access export's allow-list (UK GDPR Article 15): only the fields named
 * here leave the system; anything new on a record stays out until it is added here.
 * Case timelines are deny by default too: a kind is shown only as TIMELINE_EXPORT
 * says, with a summary rebuilt from allow-listed fields, and every other entry is
 * left out and counted. Staff appear by name and role only (never their ids or email
 * addresses).
 */
import type { TimelineKind } from './timeline-kinds.js';

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
/** A timeline entry's own fields; its `summary` is always rebuilt (TIMELINE_EXPORT), never kept. */
export const TIMELINE_ENTRY: Spec = { at: 'keep', actor: 'staff', kind: 'keep' };
export const CONTACT: Spec = {
  id: 'keep', caseId: 'keep', channel: 'keep', direction: 'keep', occurredAt: 'keep', summary: 'keep', durationMinutes: 'keep', from: 'keep',
  screening: { decision: 'keep', reasons: 'keep', potentialBreach: 'keep', freshMatter: 'keep' },
  recordedAt: 'keep', recordedBy: 'staff',
  // From the person's representative (who, not their contact details), or outside the office's remit (where they were signposted).
  representative: { name: 'keep', kind: 'keep' },
  outsideRemit: { signpostedTo: 'keep' },
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
  lastReview: { outcome: 'keep', decidedBy: 'staff', decidedAt: 'keep', reviewDate: 'keep', nextReviewDate: 'keep' },
  // Who stood in for the single point of contact, and when (the reason is staff's own note: left out).
  spocCover: { staffName: 'keep', from: 'keep', until: 'keep' },
};
/** A strategy's history: what happened and the statuses; its `summary` (which may quote a decision's or a review's notes) is left out. */
export const STRATEGY_HISTORY: Spec = { at: 'keep', actor: 'staff', event: 'keep', fromStatus: 'keep', toStatus: 'keep' };
export const LETTER: Spec = {
  id: 'keep', kind: 'keep', channel: 'keep', status: 'keep', subject: 'keep', text: 'keep', createdAt: 'keep', sentAt: 'keep', queuedAt: 'keep', dispatchedAt: 'keep', postedAt: 'keep', returned: { at: 'keep', reason: 'keep' }, resentFrom: 'keep',
  // A copy sent to the person's representative at their request: to whom.
  copyFor: { name: 'keep', kind: 'keep' },
};
/** Who acts for the person, the consent they gave (when, how) and, once ended, when and why. */
export const REPRESENTATIVE: Spec = {
  id: 'keep', name: 'keep', kind: 'keep', emails: 'keep', phones: 'keep', postalAddress: 'keep',
  consent: { recordedAt: 'keep', how: 'keep' }, copyLetters: 'keep', status: 'keep',
  recordedAt: 'keep', recordedBy: 'staff', ended: { at: 'keep', by: 'staff', reason: 'keep' },
};
export const BREACH: Spec = {
  id: 'keep', strategyId: 'keep', caseIds: 'keep', status: 'keep', occurredAt: 'keep', description: 'keep', reportedBy: 'staff', reportedAt: 'keep',
  // The decision's notes are staff's free text about the decision (they may quote a police report): left out.
  decision: { actions: 'keep', restrictions: 'keep', nextReviewDate: 'keep', decidedBy: 'staff', decidedAt: 'keep' },
};

/** A warning in writing (policy 1.4): what the person was told, and when; its letters are exported with it (LETTER). */
export const WARNING: Spec = { id: 'keep', caseIds: 'keep', behaviours: 'keep', incidentIds: 'keep', explanation: 'keep', sentAt: 'keep', sentBy: 'staff' };
/** An appeal against a strategy: the person's grounds, and the decision with its reasons (told to the person). */
export const APPEAL: Spec = {
  id: 'keep', strategyId: 'keep', caseIds: 'keep', status: 'keep', receivedAt: 'keep', grounds: 'keep', lateReason: 'keep', late: 'keep', appealBy: 'keep',
  recordedBy: 'staff', recordedAt: 'keep',
  decision: { outcome: 'keep', reasons: 'keep', restrictions: 'keep', nextReviewDate: 'keep', decidedBy: 'staff', decidedAt: 'keep', late: 'keep' },
};

/** Why a timeline kind is withheld from an export (counted in `redactions`). */
const STAFF_WORKFLOW = 'messages between staff about the office\'s own workflow (reminders, escalations, emails to staff that failed): not information about the person';
const LEGAL_ADVICE = 'legal professional privilege (Data Protection Act 2018, Schedule 2, paragraph 19)';

/** Ids a rebuilt summary may name: only these fields of an entry's `ref`, and only when they hold an id (a ULID). */
const REF_IDS = { caseId: 'case', contactId: 'contact', incidentId: 'incident', strategyId: 'contact strategy', letterId: 'letter', warningId: 'warning', breachId: 'breach', appealId: 'appeal' } as const;
/** A ULID, the only shape of id the service issues: anything else in a `ref` field is not named. */
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** What an entry's `ref` names, as words built from ids only ("(contact strategy 01H…, breach 01J…)"). */
export function refWords(ref: unknown): string {
  if (!ref || typeof ref !== 'object') return '';
  const r = ref as Record<string, unknown>;
  const named = Object.entries(REF_IDS).flatMap(([field, word]) => {
    const v = r[field];
    return typeof v === 'string' && ID.test(v) ? [`${word} ${v}`] : [];
  });
  return named.length ? ` (${named.join(', ')})` : '';
}

/**
 * How each timeline kind leaves the system: `said` is the whole summary the export
 * shows, rebuilt from the kind and the ids in its `ref`; the summary staff or the
 * service wrote (which may quote a welfare note, a police reference, an incident's
 * or a decision's free text) never leaves. `withheld` kinds are left out and counted.
 * A Record over every kind: a new kind does not compile until it is classified here.
 */
export const TIMELINE_EXPORT: Record<TimelineKind, { said: string } | { withheld: string }> = {
  CASE_OPENED: { said: 'The case was opened' },
  CASE_CONCLUDED: { said: 'The case was concluded' },
  PERSON_UPDATED: { said: 'Your details were changed' },
  CONTACT: { said: 'A contact was recorded' },
  CONTACT_CHECKED: { said: 'A contact logged without a reply was read again by a manager' },
  INCIDENT: { said: 'An incident was recorded' },
  INCIDENT_ESCALATED: { said: 'An incident was escalated by a line manager to the Head of Assurance and Statutory Duties' },
  INCIDENT_CLOSED: { said: 'An incident was closed without further escalation' },
  POLICE_REFERRAL: { said: 'An incident or a breach was reported to the police' },
  WARNING_SENT: { said: 'A warning was sent in writing' },
  STRATEGY_DRAFTED: { said: 'A contact strategy was drafted' },
  STRATEGY_CASE_ADDED: { said: 'The case was added to a draft contact strategy' },
  STRATEGY_SUBMITTED: { said: 'A contact strategy was submitted for a decision' },
  STRATEGY_SUBMISSION_FAILED: { withheld: STAFF_WORKFLOW },
  STRATEGY_DECISION_REMINDER: { withheld: STAFF_WORKFLOW },
  STRATEGY_DECISION_ESCALATED: { withheld: STAFF_WORKFLOW },
  STRATEGY_NO_DECISION: { said: 'No decision was made on a contact strategy within the decision period' },
  STRATEGY_DECISION_REQUEST_FAILED: { withheld: STAFF_WORKFLOW },
  STRATEGY_DECISION_WAIT_FAILED: { withheld: STAFF_WORKFLOW },
  STRATEGY_APPROVED: { said: 'A contact strategy was approved' },
  STRATEGY_REJECTED: { said: 'A contact strategy was rejected' },
  STRATEGY_LETTERS_SENT: { said: 'Letters about a contact strategy were sent' },
  STRATEGY_ACTIVATED: { said: 'A contact strategy came into force' },
  STRATEGY_AWAITING_POSTING: { said: 'A contact strategy was approved and comes into force once the letter telling you is posted' },
  STRATEGY_NOT_NOTIFIED: { said: 'A contact strategy is not in force: you could not be told in writing' },
  STRATEGY_NOT_NOTIFIED_SOM_EMAILED: { withheld: STAFF_WORKFLOW },
  STRATEGY_NOT_NOTIFIED_SOM_EMAIL_FAILED: { withheld: STAFF_WORKFLOW },
  STRATEGY_REVIEW_DUE: { said: 'A contact strategy became due for review' },
  STRATEGY_EXTENDED: { said: 'A contact strategy was reviewed and extended' },
  STRATEGY_VARIED: { said: 'A contact strategy was reviewed and varied' },
  STRATEGY_ENDED: { said: 'A contact strategy was reviewed and ended' },
  SPOC_CHANGED: { said: 'Your single point of contact was changed, and you were told in writing' },
  SPOC_COVER: { said: 'Someone was named to cover for your single point of contact while they were away' },
  REVIEW_REMINDER: { withheld: STAFF_WORKFLOW },
  REVIEW_ESCALATED: { withheld: STAFF_WORKFLOW },
  REVIEW_EMAIL_FAILED: { withheld: STAFF_WORKFLOW },
  STILL_WAITING_CHASED: { withheld: STAFF_WORKFLOW },
  STILL_WAITING_ESCALATED: { withheld: STAFF_WORKFLOW },
  STILL_WAITING_EMAIL_FAILED: { withheld: STAFF_WORKFLOW },
  LETTER: { said: 'A letter was sent, or what happened to it was recorded' },
  LETTER_NOT_SENT: { said: 'A letter could not be sent by one of its routes' },
  LETTER_FAILED_SOM_EMAILED: { withheld: STAFF_WORKFLOW },
  LETTER_COPY_UNDELIVERABLE: { said: 'A copy of a letter sent to a representative did not reach them' },
  BREACH_REPORTED: { said: 'A breach of a contact strategy was reported' },
  BREACH_DECIDED: { said: 'A decision was made about a breach of a contact strategy' },
  BREACH_LEGAL_ADVICE: { withheld: LEGAL_ADVICE },
  BREACH_LEGAL_ADVICE_RECEIVED: { withheld: LEGAL_ADVICE },
  APPEAL_RECEIVED: { said: 'An appeal was received' },
  APPEAL_DECIDED: { said: 'An appeal was decided' },
};

/** One withheld timeline kind, as the export's `redactions` count it. */
export interface KindWithheld {
  kind: string;
  count: number;
  reason: string;
}

/** Why an entry of an unknown kind (none should exist: the kind is typed) is withheld: deny by default. */
export const UNCLASSIFIED_KIND = 'not yet classified for export: left out until someone decides it belongs in one';

/**
 * A case timeline as exported, deny by default: an entry appears only when its kind
 * is exported, with its summary rebuilt (`said` and the ids its `ref` names) from
 * allow-listed fields; every other entry is left out and counted by kind.
 */
export function exportTimeline(entries: readonly Record<string, unknown>[]): { entries: Record<string, unknown>[]; withheld: KindWithheld[] } {
  const out: Record<string, unknown>[] = [];
  const withheld = new Map<string, KindWithheld>();
  for (const e of entries) {
    const kind = String(e.kind);
    const rule = (TIMELINE_EXPORT as Record<string, { said: string } | { withheld: string } | undefined>)[kind];
    if (rule && 'said' in rule) {
      out.push({ ...project(e, TIMELINE_ENTRY), summary: `${rule.said}${refWords(e.ref)}.` });
      continue;
    }
    const reason = rule ? rule.withheld : UNCLASSIFIED_KIND;
    const seen = withheld.get(kind) ?? { kind, count: 0, reason };
    seen.count += 1;
    withheld.set(kind, seen);
  }
  return { entries: out, withheld: [...withheld.values()] };
}

/** The withheld counts of several timelines, added up by kind (in kind order, for a stable export). */
export function addWithheld(lists: readonly KindWithheld[][]): KindWithheld[] {
  const total = new Map<string, KindWithheld>();
  for (const w of lists.flat()) {
    const t = total.get(w.kind) ?? { ...w, count: 0 };
    t.count += w.count;
    total.set(w.kind, t);
  }
  return [...total.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** What every export leaves out, and why (listed in the export's `redactions`). */
export const REDACTIONS = [
  { what: 'staff welfare notes and welfare support (incidents, and the timeline entries that record them)', reason: 'information about the welfare of members of staff, not about the person (UK GDPR Article 15(4): the rights of others)' },
  { what: 'police references (incidents, and the timeline entries that record them)', reason: 'may prejudice the prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2)' },
  { what: 'the summaries written on case timelines and strategy histories, the notes of breach decisions and reviews', reason: 'free text staff wrote about incidents, escalations, welfare, police referrals and decisions: each timeline entry the export shows has its summary rebuilt from its kind and the ids it names' },
  { what: 'staff email addresses and staff ids', reason: 'personal data of members of staff: staff appear by name and role only' },
  { what: 'internal working data (keys, task tokens, delivery keys, screening snapshots, message ids, record versions)', reason: 'not information about the person' },
] as const;
