/**
 * Every kind of letter to the person, one spec each, in the order the API
 * lists them. The kind names and everything keyed by kind are derived from this
 * list: a new kind is its spec file and its line here.
 */
import { APPEAL_OUTCOME } from './appeal-outcome.js';
import { ENDED } from './ended.js';
import { EXTENDED } from './extended.js';
import { IMPLEMENTED } from './implemented.js';
import type { LetterKindSpec } from './spec.js';
import { SPOC_CHANGED } from './spoc-changed.js';
import { VARIED } from './varied.js';
import { WARNING } from './warning.js';

export const LETTER_KIND_SPEC_LIST = [IMPLEMENTED, EXTENDED, VARIED, ENDED, APPEAL_OUTCOME, WARNING, SPOC_CHANGED] as const;

type SpecList = typeof LETTER_KIND_SPEC_LIST;
type KindsOf<L> = L extends readonly [{ kind: infer H }, ...infer T] ? readonly [H, ...KindsOf<T>] : readonly [];

/** The kind names, in the API's order. */
export const LETTER_KINDS = LETTER_KIND_SPEC_LIST.map((s) => s.kind) as unknown as KindsOf<SpecList>;
export type LetterKind = SpecList[number]['kind'];

/** The spec of each kind, by name. */
export const LETTER_KIND_SPECS = Object.fromEntries(LETTER_KIND_SPEC_LIST.map((s) => [s.kind, s])) as { readonly [K in LetterKind]: LetterKindSpec<K> };

export type { LetterKindSpec, StrategyBody } from './spec.js';
