import * as z from 'zod';
import { APPEAL_OUTCOMES, APPEAL_STATUSES } from '../domain/appeals.js';
import { CalendarDate, FreeText, RequiredText, Timestamp } from './common.js';
import { Restrictions } from './restrictions.js';

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
