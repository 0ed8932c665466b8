import * as z from 'zod';
import { BREACH_ACTIONS, BREACH_STATUSES, LEGAL_ADVICE_OUTCOMES } from '../domain/breach.js';
import { ActorSchema, CalendarDate, Id, RequiredText, Timestamp, pageOf, singleLine } from './common.js';
import { Restriction, Restrictions } from './restrictions.js';

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

/** The Statutory Operations Manager's decision on a breach, as stored and as answered. */
export const BreachDecisionRecord = z.object({
  actions: z.array(BreachActionValue),
  notes: z.string(),
  restrictions: z.array(Restriction).optional().describe('ADJUST_STRATEGY: the restrictions after the adjustment.'),
  nextReviewDate: z.string().optional(),
  policeReference: z.string().optional().describe("POLICE_REFERRAL: the police's reference."),
  reportedAt: z.string().optional().describe('POLICE_REFERRAL: when the report was made.'),
  decidedBy: ActorSchema,
  decidedAt: z.string(),
});

/** Legal or professional advice on a breach and what was decided on it, as stored and as answered. */
export const LegalAdviceRecord = z.object({
  receivedAt: z.string(),
  summary: z.string(),
  outcome: z.enum(LEGAL_ADVICE_OUTCOMES),
  notes: z.string(),
  restrictions: z.array(Restriction).optional(),
  nextReviewDate: z.string().optional(),
  policeReference: z.string().optional(),
  reportedAt: z.string().optional(),
  recordedBy: ActorSchema,
  recordedAt: z.string(),
});

/** A breach as the API answers it, with the decision on it and any legal advice. Loose: a later release may add fields. */
export const BreachResource = z.looseObject({
  id: z.string(),
  strategyId: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()).describe("The strategy's cases when the breach was reported."),
  status: BreachStatusValue,
  occurredAt: z.string(),
  description: z.string(),
  contactIds: z.array(z.string()).describe('The contacts that breached the strategy.'),
  incidentIds: z.array(z.string()).describe('The incidents that breached the strategy.'),
  reportedBy: ActorSchema,
  reportedAt: z.string(),
  decision: BreachDecisionRecord.optional().describe("The Statutory Operations Manager's decision (policy 1.6)."),
  legalAdvice: LegalAdviceRecord.optional().describe('The legal advice a LEGAL_ADVICE decision sought, and the one action taken on it.'),
  chasedAt: z.string().optional().describe('While it waits for legal advice: when its mailbox was last reminded.'),
  escalatedToSomAt: z.string().optional().describe('While it waits for legal advice: when the Statutory Operations Manager was told it still waits.'),
  updatedAt: z.string(),
  version: z.number().int(),
});
export const BreachPage = pageOf(BreachResource);
