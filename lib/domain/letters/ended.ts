import { letterKindSpec } from './spec.js';

/** A review ended the strategy: the restrictions are lifted. */
export const ENDED = letterKindSpec({
  kind: 'ENDED',
  subject: 'Your contact arrangements with us have ended',
  label: 'Restrictions lifted',
  oncePerStrategy: false,
  sendableWhile: 'any',
  body: {
    of: 'strategy',
    opening: () => [
      'We have reviewed your contact strategy and decided to end it. The restrictions on your contact with us are lifted from today.',
      'You can contact us again in the usual ways: by telephone, by email or by post.',
    ],
    restrictions: 'lifted',
  },
});
