import * as z from 'zod';
import { Id, Name, singleLineString } from './common.js';
import { MAX_RESTRICTIONS, RESTRICTION_SPECS, RESTRICTION_TYPES, type RestrictionType, type ShapeOf } from '../domain/restrictions/index.js';
import type { ZodModule } from '../domain/restrictions/spec.js';

// Kept here too for the modules that import them from this file.
export { RESTRICTION_TYPES, STATUSES, type StrategyStatus } from './vocabulary.js';

const CaseIds = z.array(Id).min(1, 'must name at least one case').max(50);

type VariantOf<K extends RestrictionType> = z.ZodObject<{ type: z.ZodLiteral<K> } & ShapeOf<K>>;
type VariantsOf<L> = L extends readonly [infer H extends RestrictionType, ...infer T] ? [VariantOf<H>, ...VariantsOf<T>] : [];
type Variants = VariantsOf<typeof RESTRICTION_TYPES>;

/** What the specs build their parameters with: these functions, not `z` itself, so that esbuild leaves the rest of zod out of the bundles. */
const zodForSpecs: ZodModule = { array: z.array, enum: z.enum, number: z.number };

/** One object per restriction spec (lib/domain/restrictions), told apart by `type`. */
export const Restriction = z.discriminatedUnion(
  'type',
  RESTRICTION_TYPES.map((type) => z.object({ type: z.literal(type), ...RESTRICTION_SPECS[type].parameters(zodForSpecs, { Id, Name, CaseIds, singleLineString }) })) as unknown as Variants,
);
export type Restriction = z.infer<typeof Restriction>;
export type { RestrictionType };

/** A strategy holds at most one restriction of each type. */
export const Restrictions = z.array(Restriction).max(MAX_RESTRICTIONS, `at most one restriction of each of the ${MAX_RESTRICTIONS} types`);

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
  /** Who stands in for the single point of contact, and when (screening routes to them meanwhile). */
  spocCover?: { staffId: string; staffName: string; from: string; until: string; reason: string };
}

/**
 * Inbound telephone calls counted per UK calendar period, keyed `D#2026-11-28`,
 * `W#2026-W48`, `M#2026-11`: what TELEPHONE_LIMIT is checked against.
 */
export type CallCounts = Record<string, number>;
