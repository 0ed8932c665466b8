import * as z from 'zod';
import { BREACH_ACTIONS, BREACH_STATUSES, LEGAL_ADVICE_OUTCOMES } from '../domain/breach.js';
import { CalendarDate, Id, RequiredText, Timestamp, singleLine } from './common.js';
import { Restrictions } from './restrictions.js';

/** Breaches of a contact strategy (policy 1.6; docs/lifecycle.md, Breaches). */

/** At most 20 of each, so a report (with a check of each link and an entry on each case) fits one transaction. */
const LinkedIds = z.array(Id).max(20, 'at most 20').transform((ids) => [...new Set(ids)]);

export const ReportBreach = z.object({
  occurredAt: Timestamp,
  description: RequiredText,
  /** Contacts from the log that were the breach (each must be a contact of this person). */
  contactIds: LinkedIds.optional(),
  /** Incidents recorded about it (each must be an incident of this person). */
  incidentIds: LinkedIds.optional(),
});
export type ReportBreach = z.infer<typeof ReportBreach>;

export const BreachActionValue = z.enum(BREACH_ACTIONS);

/** The Statutory Operations Manager's decision. Combination rules live in lib/domain/breach.ts. */
export const BreachDecision = z.object({
  actions: z.array(BreachActionValue).min(1, 'must name at least one action').max(4),
  notes: RequiredText,
  /** ADJUST_STRATEGY: the whole new set of restrictions, checked by the drafting rules. */
  restrictions: Restrictions.optional(),
  /** ADJUST_STRATEGY: the review date after the variation (optional while the current one is still ahead). */
  nextReviewDate: CalendarDate.optional(),
  /** POLICE_REFERRAL: the police's reference for the report, and when it was made. */
  policeReference: singleLine(100).optional(),
  reportedAt: Timestamp.optional(),
});
export type BreachDecision = z.infer<typeof BreachDecision>;

/**
 * The legal or professional advice a decision sought, and what the Statutory
 * Operations Manager does on it: one action, with the fields a decision taking it needs.
 */
export const LegalAdvice = z.object({
  receivedAt: Timestamp,
  /** What the advice said, in brief. */
  summary: RequiredText,
  outcome: z.enum(LEGAL_ADVICE_OUTCOMES),
  notes: RequiredText,
  restrictions: Restrictions.optional(),
  nextReviewDate: CalendarDate.optional(),
  policeReference: singleLine(100).optional(),
  reportedAt: Timestamp.optional(),
});
export type LegalAdvice = z.infer<typeof LegalAdvice>;

export const BreachStatusValue = z.enum(BREACH_STATUSES);

/** `GET /breaches?status=REPORTED`: the managers' inbox, oldest first. */
export const BreachListQuery = z.object({
  status: BreachStatusValue.default('REPORTED'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type BreachListQuery = z.infer<typeof BreachListQuery>;
