/**
 * Every type of restriction (policy 1.5), one spec each, in the API's order
 * (the order of the API's union, the governance figures and the console's editor).
 * The type names, the API schemas (lib/schemas/restrictions.ts), how many
 * restrictions a strategy may hold and the staff titles are all derived from this list:
 * a new type is its spec file and its line here.
 */
import { BLOCK_ADDRESSES } from './block-addresses.js';
import { LOG_ONLY } from './log-only.js';
import { NO_TELEPHONE } from './no-telephone.js';
import { RECORD_CALLS } from './record-calls.js';
import { REFUSE_SAME_MATTER } from './refuse-same-matter.js';
import { SINGLE_POINT_OF_CONTACT } from './single-point-of-contact.js';
import type { RestrictionSpec, RestrictionValue } from './spec.js';
import { TELEPHONE_LIMIT } from './telephone-limit.js';
import { WRITTEN_ONLY } from './written-only.js';

export const RESTRICTION_SPEC_LIST = [LOG_ONLY, REFUSE_SAME_MATTER, NO_TELEPHONE, TELEPHONE_LIMIT, WRITTEN_ONLY, BLOCK_ADDRESSES, RECORD_CALLS, SINGLE_POINT_OF_CONTACT] as const;

type SpecList = typeof RESTRICTION_SPEC_LIST;

/** The type names, in the API's order (openapi.json lists the union in it). */
type TypesOf<L> = L extends readonly [{ type: infer H }, ...infer T] ? readonly [H, ...TypesOf<T>] : readonly [];
export const RESTRICTION_TYPES = RESTRICTION_SPEC_LIST.map((s) => s.type) as unknown as TypesOf<SpecList>;
export type RestrictionType = SpecList[number]['type'];

/** The spec of each type, by name. */
export type RestrictionSpecs = { readonly [K in RestrictionType]: Extract<SpecList[number], { type: K }> };
export const RESTRICTION_SPECS = Object.fromEntries(RESTRICTION_SPEC_LIST.map((s) => [s.type, s])) as RestrictionSpecs;

/** The parameters' zod shape of type `K`, as its spec builds it. */
export type ShapeOf<K extends RestrictionType> = ReturnType<RestrictionSpecs[K]['parameters']>;

/** A restriction as the specs describe it: the same type the API's zod union infers. */
export type AnyRestriction = { [K in RestrictionType]: RestrictionValue<K, ShapeOf<K>> }[RestrictionType];

/** A strategy holds at most one restriction of each type. */
export const MAX_RESTRICTIONS = RESTRICTION_SPEC_LIST.length;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec takes only its own type; the lookup by `r.type` guarantees it
type SpecOfAny = RestrictionSpec<string, any>;

/**
 * The spec of `r`'s type, to hand `r` to: looked up by `r.type`, so each spec's
 * functions only ever see a restriction of their own type.
 */
export function specOf(r: { type: RestrictionType }): SpecOfAny {
  return RESTRICTION_SPECS[r.type] as SpecOfAny;
}

export type { Bullet, LetterOffice, RestrictionFinding, ScreenFacts, Verdict } from './spec.js';
