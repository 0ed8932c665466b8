import * as z from 'zod';
import { REVIEW_OUTCOMES } from '../domain/review.js';
import { CalendarDate, RequiredText } from './common.js';
import { Restrictions } from './restrictions.js';

/**
 * Reviews of a contact strategy (docs/lifecycle.md, Reviews). Which fields each
 * outcome needs is a rule (lib/domain/review.ts), reported with the others in one 422.
 */
export const ReviewOutcomeValue = z.enum(REVIEW_OUTCOMES);

export const ReviewDecision = z.object({
  outcome: ReviewOutcomeValue,
  nextReviewDate: CalendarDate.optional(),
  /** VARY only: the whole new set, checked by the same rules as a draft. */
  restrictions: Restrictions.optional(),
  notes: RequiredText,
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** `GET /reviews/due?by=YYYY-MM-DD` (default: today, UK), paginated, earliest review first. */
export const ReviewsDueQuery = z.object({
  by: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type ReviewsDueQuery = z.infer<typeof ReviewsDueQuery>;
