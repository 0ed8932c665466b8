import * as z from 'zod';
import { CalendarDate, FreeText, Id, Name, RequiredText, Timestamp } from './common.js';
import { Restrictions } from './restrictions.js';
import { FACTOR_NAMES, STATUSES, type FactorName } from './vocabulary.js';

// Kept here too for the modules that import them from this file.
export { FACTOR_NAMES, type FactorName } from './vocabulary.js';

/**
 * Contact strategies (policy 1.4 to 1.6; docs/lifecycle.md).
 * The one source of the request types: handlers parse with these, the domain rules
 * and the store take the inferred types.
 */

export const FactorAnswer = z.enum(['YES', 'NO', 'NOT_APPLICABLE']);
export type FactorAnswer = z.infer<typeof FactorAnswer>;

export const Factor = z.object({ answer: FactorAnswer, notes: FreeText.optional() });
export type Factor = z.infer<typeof Factor>;

/** A draft may leave any factor unanswered; every one must be answered to submit. */
export const Factors = z.object(
  Object.fromEntries(FACTOR_NAMES.map((n) => [n, Factor.optional()])) as Record<FactorName, z.ZodOptional<typeof Factor>>,
);
export type Factors = z.infer<typeof Factors>;

/** In a PATCH, a factor given replaces that factor; `null` clears its answer. */
const FactorsPatch = z.object(
  Object.fromEntries(FACTOR_NAMES.map((n) => [n, Factor.nullable().optional()])) as Record<FactorName, z.ZodOptional<z.ZodNullable<typeof Factor>>>,
);

const unique = <T>(list: T[]) => [...new Set(list)];

const StrategyCaseIds = z.array(Id).min(1, 'must name at least one case').max(50, 'at most 50 cases').transform(unique);
/** "At least one restriction" is a policy rule (strategy-rules.ts), reported with the others in one 422. */

export const CreateStrategy = z.object({
  serviceUserId: Id,
  caseIds: StrategyCaseIds,
  reason: RequiredText,
  purpose: RequiredText,
  reviewDate: CalendarDate,
  restrictions: Restrictions,
  factors: Factors.default({}),
});
export type CreateStrategy = z.infer<typeof CreateStrategy>;

/**
 * PATCH of a DRAFT: any of the creating fields. `serviceUserId` may be sent back
 * unchanged; changing it is refused (a strategy covers one person).
 */
export const UpdateStrategy = z
  .object({
    serviceUserId: Id.optional(),
    caseIds: StrategyCaseIds.optional(),
    reason: RequiredText.optional(),
    purpose: RequiredText.optional(),
    reviewDate: CalendarDate.optional(),
    restrictions: Restrictions.optional(),
    factors: FactorsPatch.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field', path: [] });
export type UpdateStrategy = z.infer<typeof UpdateStrategy>;

export const DecisionValue = z.enum(['APPROVE', 'REJECT']);
export type DecisionValue = z.infer<typeof DecisionValue>;

/** The Statutory Operations Manager's decision. A rejection must say why (strategy-rules.ts). */
export const Decision = z.object({
  decision: DecisionValue,
  comments: FreeText,
});
export type Decision = z.infer<typeof Decision>;

/** How staff may record that the person was told another way (`POST /strategies/{id}/notified`). */
export const NOTIFIED_HOW = ['EMAIL', 'POST', 'BY_HAND'] as const;
export type NotifiedHow = (typeof NOTIFIED_HOW)[number];

/**
 * `POST /strategies/{id}/notified`: how a strategy whose letters all failed was
 * brought to the person's attention after all, and when (policy 1.3, 1.5).
 */
export const Notified = z.object({
  how: z.enum(NOTIFIED_HOW),
  at: Timestamp,
  notes: RequiredText,
});
export type Notified = z.infer<typeof Notified>;

export const StrategyStatus = z.enum(STATUSES);

/** `POST /strategies/{id}/spoc`: hands the single point of contact to another member of staff, between reviews. */
export const SpocHandover = z.object({ staffId: Id, staffName: Name, reason: RequiredText });
export type SpocHandover = z.infer<typeof SpocHandover>;

/** `POST /strategies/{id}/spoc-cover`: who stands in for the single point of contact, from one UK day to another (both included). */
export const SpocCoverInput = z.object({ staffId: Id, staffName: Name, from: CalendarDate, until: CalendarDate, reason: RequiredText });
export type SpocCoverInput = z.infer<typeof SpocCoverInput>;

/**
 * `GET /strategies?status=`: the register, one status at a time, newest first.
 * `status` is required: the register is kept by status (GSI2) and listing every
 * status at once would need a Scan.
 */
export const StrategyListQuery = z
  .object({
    status: StrategyStatus.optional(),
    /** Instead of `status`: the strategies in force whose single point of contact, or cover today, is this member of staff. */
    spoc: Id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .refine((q) => (q.status === undefined) !== (q.spoc === undefined), { message: 'give either status or spoc', path: ['status'] });
export type StrategyListQuery = z.infer<typeof StrategyListQuery>;

