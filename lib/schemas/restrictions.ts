import * as z from 'zod';
import { Id, Name, singleLineString } from './common.js';

// Kept here too for the modules that import them from this file.
export { RESTRICTION_TYPES, STATUSES, type StrategyStatus } from './vocabulary.js';

const CaseIds = z.array(Id).min(1, 'must name at least one case').max(50);

export const Restriction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('LOG_ONLY'), caseIds: CaseIds }),
  z.object({ type: z.literal('REFUSE_SAME_MATTER'), caseIds: CaseIds }),
  z.object({ type: z.literal('NO_TELEPHONE') }),
  z.object({
    type: z.literal('TELEPHONE_LIMIT'),
    maxCalls: z.number().int().min(1, 'must be at least 1').max(1000),
    per: z.enum(['DAY', 'WEEK', 'MONTH']),
    maxMinutes: z.number().int().min(1, 'must be at least 1').max(600).optional(),
  }),
  z.object({
    type: z.literal('WRITTEN_ONLY'),
    channels: z.array(z.enum(['EMAIL', 'POST'])).min(1, 'must allow at least one written channel').max(2),
  }),
  z.object({
    type: z.literal('BLOCK_ADDRESSES'),
    // Normalised (emails lower-cased, phones to E.164) by the strategy rules before storing.
    addresses: z.array(singleLineString().trim().min(3).max(254)).min(1, 'must name at least one address').max(50),
  }),
  z.object({ type: z.literal('RECORD_CALLS') }),
  z.object({ type: z.literal('SINGLE_POINT_OF_CONTACT'), staffId: Id, staffName: Name }),
]);
export type Restriction = z.infer<typeof Restriction>;
export type RestrictionType = Restriction['type'];

/**
 * What screening needs of a strategy in force, denormalised onto the person's
 * profile and contact-point items so that screening reads one item.
 */
export interface StrategyInForce {
  strategyId: string;
  status: 'ACTIVE' | 'REVIEW_DUE';
  caseIds: string[];
  restrictions: Restriction[];
  reviewDate: string;
}

/**
 * Inbound telephone calls counted per UK calendar period, keyed `D#2026-11-28`,
 * `W#2026-W48`, `M#2026-11`: what TELEPHONE_LIMIT is checked against.
 */
export type CallCounts = Record<string, number>;
