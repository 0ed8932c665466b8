import * as z from 'zod';
import { APPEAL_OUTCOMES, APPEAL_STATUSES } from '../domain/appeals.js';
import { ActorSchema, CalendarDate, FreeText, RequiredText, Timestamp, pageOf } from './common.js';
import { Restriction, Restrictions } from './restrictions.js';

/**
 * Appeals against a contact strategy (docs/lifecycle.md, Appeals). The time limit and
 * which fields each outcome needs are rules (lib/domain/appeals.ts), reported with
 * the others in one 422.
 */
export const RecordAppeal = z.object({
  /** When the person's appeal reached the office. */
  receivedAt: Timestamp,
  /** What the person says is wrong with the decision. */
  grounds: RequiredText,
  /** Needed when the appeal came after the time limit: why it is accepted late. */
  lateReason: FreeText.optional(),
});
export type RecordAppeal = z.infer<typeof RecordAppeal>;

export const AppealOutcomeValue = z.enum(APPEAL_OUTCOMES);

export const AppealDecision = z.object({
  outcome: AppealOutcomeValue,
  /** Why: the outcome letter gives them to the person. */
  reasons: RequiredText,
  /** VARIED only: the whole new set, checked by the same rules as a draft. */
  restrictions: Restrictions.optional(),
  /** VARIED only: when the varied strategy will next be reviewed. */
  nextReviewDate: CalendarDate.optional(),
});
export type AppealDecision = z.infer<typeof AppealDecision>;

export const AppealStatusValue = z.enum(APPEAL_STATUSES);

/** `GET /appeals?status=RECEIVED`: the managers' inbox, oldest received first. */
export const AppealListQuery = z.object({
  status: AppealStatusValue.default('RECEIVED'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type AppealListQuery = z.infer<typeof AppealListQuery>;

/** An appeal as the API answers it, with when it should be decided (computed on read). Loose: a later release may add fields. */
export const AppealResource = z.looseObject({
  id: z.string(),
  strategyId: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()).describe("The strategy's cases when the appeal was received."),
  status: AppealStatusValue,
  receivedAt: z.string(),
  grounds: z.string(),
  lateReason: z.string().optional().describe('Why an appeal received after `appealBy` was accepted.'),
  late: z.boolean().describe('Received after `appealBy`.'),
  appealBy: z.string().describe('The last UK day an appeal was on time.'),
  recordedBy: ActorSchema,
  recordedAt: z.string(),
  decision: z
    .object({
      outcome: AppealOutcomeValue,
      reasons: z.string(),
      restrictions: z.array(Restriction).optional().describe("VARIED: the strategy's restrictions after the variation."),
      nextReviewDate: z.string().optional(),
      decidedBy: ActorSchema,
      decidedAt: z.string(),
      late: z.boolean().describe('Decided after `decisionDueBy`.'),
    })
    .optional(),
  chasedAt: z.string().optional().describe('While undecided: when its mailboxes were last reminded.'),
  escalatedToSomAt: z.string().optional().describe('While undecided: when the Statutory Operations Manager was told it still waits.'),
  updatedAt: z.string(),
  version: z.number().int(),
  decisionDueBy: z.string().describe('The last UK day to decide it.'),
  overdue: z.boolean().describe('Undecided and past `decisionDueBy` (UK today).'),
});
export const AppealPage = pageOf(AppealResource);
