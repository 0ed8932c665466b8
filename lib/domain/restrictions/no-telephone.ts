import { contradictsNothing, gone, kept, noMinutes, none, restrictionSpec } from './spec.js';

/** Policy 1.5: disallowing telephone contact. */
export const NO_TELEPHONE = restrictionSpec({
  type: 'NO_TELEPHONE',
  parameters: () => ({}),
  title: 'No telephone contact',
  hint: 'Disallowing telephone contact.',
  summary: () => 'No telephone contact',
  letter: () => ({ text: 'Please do not telephone us. We will not take telephone calls from you. Please contact us in writing instead.' }),
  screening: {
    closes: (_r, channel) => channel === 'PHONE',
    findings: (_r, facts) =>
      facts.channel === 'PHONE'
        ? [{ decision: 'CHANNEL_BLOCKED', reason: `Telephone contact is not allowed under the contact strategy: do not take the call, and tell the caller contact must be in writing.${facts.usableText}` }]
        : [],
    concludedCases: none,
    recordsCalls: false,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  tightening: (current, next) => (next.same ? kept(false) : gone(`${current.type} must stay in force`)),
});
