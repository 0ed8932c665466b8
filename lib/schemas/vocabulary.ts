/**
 * The API's words for strategies, as plain constants: no zod here. A module
 * that needs only these (the policy rules, the governance figures) imports them from
 * this file, so its function does not build every strategy and restriction schema
 * at cold start (importing strategies.ts or restrictions.ts runs all of their zod
 * calls, which esbuild cannot drop: see docs/benchmark.md).
 */

/** The seven factors of policy 1.4, in the policy's order, as the API names them. */
export const FACTOR_NAMES = [
  'additionalNeeds',
  'faqSignposted',
  'outcomeExplained',
  'rightOfReviewAdvised',
  'correctlySignposted',
  'informedBehaviourUnacceptable',
  'freshMattersAccessible',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** The seven kinds of restriction of policy 1.5, as the API's types: one spec each (lib/domain/restrictions). */
export { RESTRICTION_TYPES } from '../domain/restrictions/index.js';

export const STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'NOT_NOTIFIED', 'ACTIVE', 'REVIEW_DUE', 'ENDED'] as const;
export type StrategyStatus = (typeof STATUSES)[number];
