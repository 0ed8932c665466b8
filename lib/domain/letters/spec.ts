/**
 * What the system knows about one kind of letter to the person, in one record: its
 * subject, staff's name for it, how it is delivered (once per strategy or once per
 * request), when it may be sent, and what its body says. lib/domain/letter.ts
 * renders from the record, lib/domain/letter-routes.ts routes by it and the console
 * names the letters with it, so a new kind is one file (and its line in ./index.ts).
 */
import type { StrategyStatus } from '../../schemas/vocabulary.js';

/** The body of a letter about the strategy itself: what was decided, and which blocks follow. */
export interface StrategyBody {
  of: 'strategy';
  /** The paragraphs saying what was decided (`nextReview` in UK long form). */
  opening: (nextReview: string) => string[];
  /**
   * `lifted`: the restrictions end, so there is nothing to explain or review. Otherwise the
   * headings over the reason and the restrictions, and whether the letter says how to appeal.
   */
  restrictions: 'lifted' | { whyHeading: string; meansHeading: string; offersAppeal: boolean };
}

export interface LetterKindSpec<K extends string> {
  kind: K;
  subject: string;
  /** What the letter told the person, in staff's words (the console's letters list). */
  label: string;
  /**
   * Routes: a letter sent once in the strategy's life is one delivery however often a
   * task is retried or re-driven; others once per request (each review, each breach).
   */
  oncePerStrategy: boolean;
  /** The statuses of the strategy it may be written about; `any`: whatever the outcome left. */
  sendableWhile: readonly StrategyStatus[] | 'any';
  /**
   * The body: a strategy letter's blocks, the appeal outcome's own blocks
   * (lib/domain/letter.ts appealOutcomeBlocks), the new single point of contact's
   * (spocChangedBlocks), or the warning's (renderWarningLetter, which needs the
   * warning rather than a strategy).
   */
  body: StrategyBody | { of: 'appeal-outcome' } | { of: 'spoc-changed' } | { of: 'warning' };
}

/** Declares a spec; the kind's name comes from the record itself. */
export function letterKindSpec<K extends string>(spec: LetterKindSpec<K>): LetterKindSpec<K> {
  return spec;
}
