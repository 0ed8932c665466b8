import { closesNothing, contradictsNothing, gone, kept, noMinutes, none, restrictionSpec } from './spec.js';

/** Policy 1.5: recording or monitoring of telephone calls. */
export const RECORD_CALLS = restrictionSpec({
  type: 'RECORD_CALLS',
  parameters: () => ({}),
  title: 'Record or monitor telephone calls',
  hint: 'Recording or monitoring of telephone calls.',
  summary: () => 'Telephone calls are recorded',
  letter: () => ({ text: 'Telephone calls between you and us will be recorded.' }),
  screening: {
    closes: closesNothing,
    findings: none,
    concludedCases: none,
    recordsCalls: true,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  tightening: (current, next) => {
    // Once no telephone contact is allowed at all, there are no calls left to record.
    if (!next.same && (next.has('NO_TELEPHONE') || next.has('WRITTEN_ONLY'))) return kept(false);
    return next.same ? kept(false) : gone(`${current.type} must stay in force`);
  },
});
