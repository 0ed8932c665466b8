/**
 * The API's resources as the console reads them. Where the server has a schema for a
 * resource (lib/schemas), the type is the one inferred from it, so a change to the API
 * is a compile error here rather than a surprise on a page. Imported as types only:
 * the console never bundles zod or the server's validation.
 */
import type { ScreenResult } from '../../lib/schemas/screening.js';
import type { ActorResource } from '../../lib/schemas/common.js';
import type { CaseStatus, CaseType, TimelineEntryResource } from '../../lib/schemas/cases.js';
import type { AccessLogEntry, Adjustments, PostalAddress } from '../../lib/schemas/service-users.js';
import type { Factor } from '../../lib/schemas/strategies.js';
import type { StrategyStatus } from '../../lib/schemas/vocabulary.js';
import type { Restriction } from '../../lib/schemas/restrictions.js';

export type { AccessLogEntry, Factor, ScreenResult };
export type Actor = ActorResource;
export type TimelineEntry = TimelineEntryResource;

// The resources below have no response schema on the server yet (their routes answer the
// stored record as it is), so they are written out here; their parts that do have a
// schema (addresses, adjustments, restrictions, statuses) are typed from it.

/** A person as `GET /service-users/{id}` and the search answer them. */
export interface Person {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  postalAddress?: PostalAddress;
  /** A letter came back from the postal address: nothing is posted there until it is changed. */
  postalAddressUndeliverable?: true;
  additionalNeeds?: string;
  adjustments?: Adjustments;
  version: number;
}
/** A case as `GET /cases/{id}` answers it. */
export interface Case {
  id: string;
  reference: string;
  serviceUserId: string;
  type: CaseType;
  subject: string;
  status: CaseStatus;
  openedAt: string;
  conclusion?: { finalDecision: string; concludedAt: string };
  version: number;
}
/** A strategy as `GET /strategies/{id}` answers it, with its letters and history. */
export interface Strategy {
  id: string;
  serviceUserId: string;
  serviceUserName?: string;
  caseIds: string[];
  status: StrategyStatus;
  reason?: string;
  purpose?: string;
  reviewDate?: string;
  restrictions: Restriction[];
  factors?: Record<string, Factor>;
  proposedBy?: Actor;
  decidedBy?: Actor;
  letters?: { id: string; kind?: string; channel: string; status: string; sentAt?: string }[];
  history?: { at: string; event?: string; status?: string; kind?: string; actor?: Actor; summary?: string; fields?: Record<string, unknown>; comments?: string }[];
  /** On a copy: who drafted, edited, submitted or decided the original (none of them may decide the copy). */
  originalParticipants?: Actor[];
  /** Who covers for the single point of contact, from one day to another. */
  spocCover?: { staffId: string; staffName: string; from: string; until: string; reason?: string };
  createdAt?: string;
  version: number;
}
/** An incident as `GET /incidents` lists it. */
export interface Incident {
  id: string;
  caseId: string;
  occurredAt: string;
  channel: string;
  behaviours: string[];
  description: string;
  callTerminated?: boolean;
  warningGiven?: boolean;
  escalation: { status: string; policeReferral?: { policeReference?: string; reportedAt?: string } };
  /** A threatening visit the police were called to (policy 1.3). */
  policeCalled?: { at: string; policeReference?: string };
  chasedAt?: string;
  escalatedToSomAt?: string;
}
/** A breach as `GET /strategies/{id}/breaches` lists it. */
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
  decision?: { actions: string[]; notes: string; decidedAt?: string; decidedBy?: Actor };
  legalAdvice?: { receivedAt: string; summary: string; outcome: string; notes: string; recordedBy: Actor };
  reportedBy?: Actor;
  chasedAt?: string;
  escalatedToSomAt?: string;
}

/** A person as `GET /service-users/{id}` answers: with flags and the change history. */
export type PersonRecord = Person & {
  flags?: string[];
  updatedBy?: Actor;
  updatedAt?: string;
  history?: { at: string; actor: Actor; action: string; fields: string[] }[];
  /** While on, nothing of theirs is disposed of. */
  legalHold?: { reason: string; by: Actor; at: string };
  /** Set when older changes exist than the newest shown (the subject-access export has them all). */
  historyTruncated?: boolean;
};
