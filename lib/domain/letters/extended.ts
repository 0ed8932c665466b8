import { letterKindSpec } from './spec.js';

/** A review kept the strategy as it is, until the next review. */
export const EXTENDED = letterKindSpec({
  kind: 'EXTENDED',
  subject: 'Your contact arrangements with us are continuing',
  label: 'Strategy extended',
  oncePerStrategy: false,
  sendableWhile: 'any',
  body: {
    of: 'strategy',
    opening: (nextReview) => [`We have reviewed your contact strategy and decided that it will continue, as it is, until we review it again by ${nextReview}.`],
    restrictions: { whyHeading: 'Why we have a contact strategy', meansHeading: 'What this means for you', offersAppeal: false },
  },
});
