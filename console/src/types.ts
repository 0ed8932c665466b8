import type { ScreenOutcome } from '../../lib/domain/screening.js';
import type { Restriction } from './labels.js';

export interface Actor {
  sub: string;
  name: string;
}
export interface Person {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  postalAddress?: { lines: string[]; postcode: string };
  additionalNeeds?: string;
  adjustments?: { channels?: string[]; format?: 'STANDARD' | 'LARGE_PRINT'; notes?: string };
  version: number;
}
export interface Case {
  id: string;
  reference: string;
  serviceUserId: string;
  type: string;
  subject: string;
  status: 'OPEN' | 'CONCLUDED';
  openedAt: string;
  conclusion?: { finalDecision: string; concludedAt: string };
  version: number;
}
export interface TimelineEntry {
  at: string;
  actor?: Actor;
  kind: string;
  summary: string;
  ref?: string;
}
export interface Factor {
  answer?: 'YES' | 'NO' | 'NOT_APPLICABLE';
  notes?: string;
}
export interface Strategy {
  id: string;
  serviceUserId: string;
  serviceUserName?: string;
  caseIds: string[];
  status: string;
  reason?: string;
  purpose?: string;
  reviewDate?: string;
  restrictions: Restriction[];
  factors?: Record<string, Factor>;
  proposedBy?: Actor;
  decidedBy?: Actor;
  letters?: { id: string; kind?: string; channel: string; status: string; sentAt?: string }[];
  history?: { at: string; event?: string; status?: string; kind?: string; actor?: Actor; summary?: string; comments?: string }[];
  /** On a copy: who drafted, edited, submitted or decided the original (none of them may decide the copy). */
  originalParticipants?: Actor[];
  createdAt?: string;
  version: number;
}
export interface Incident {
  id: string;
  caseId: string;
  occurredAt: string;
  channel: string;
  behaviours: string[];
  description: string;
  callTerminated?: boolean;
  warningGiven?: boolean;
  escalation: { status: string };
}
export interface Breach {
  id: string;
  strategyId: string;
  serviceUserId?: string;
  occurredAt: string;
  description: string;
  status: string;
  createdAt?: string;
  /** What the report attached: screened contacts and incidents on the person's cases. */
  contactIds?: string[];
  incidentIds?: string[];
  decision?: { actions: string[]; notes: string };
  reportedBy?: Actor;
}
/** What `POST /contacts/screen` answers: the screening rules' outcome and the contact it recorded. */
export type ScreenResult = ScreenOutcome & { contactId: string };

/** A person as `GET /service-users/{id}` answers: with flags and the change history. */
export type PersonRecord = Person & {
  flags?: string[];
  updatedBy?: Actor;
  updatedAt?: string;
  history?: { at: string; actor: Actor; action: string; fields: string[] }[];
  /** Set when older changes exist than the newest shown (the subject-access export has them all). */
  historyTruncated?: boolean;
};

/** One read of a person's record, as `GET /service-users/{id}/access-log` lists it. */
export interface AccessLogEntry {
  at: string;
  actor: Actor;
  route: string;
}
