import { list } from './words.js';
import { closesNothing, contradictsNothing, gone, kept, noMinutes, restrictionSpec } from './spec.js';

/** Policy 1.5: contact about a concluded case is logged, but not responded to. */
export const LOG_ONLY = restrictionSpec({
  type: 'LOG_ONLY',
  parameters: (_z, { CaseIds }) => ({ caseIds: CaseIds }),
  title: 'Log but do not respond to demands to re-open concluded cases',
  hint: 'Policy 1.5: logging but not responding to continued demands to re-open a concluded matter.',
  summary: (r, refOf) => `Log, but do not respond to, demands to re-open ${r.caseIds.map(refOf).join(', ')}`,
  letter: (r, refOf) => {
    const refs = list(r.caseIds.map(refOf));
    return {
      text: `Your case${r.caseIds.length === 1 ? '' : 's'} ${refs} ${r.caseIds.length === 1 ? 'has' : 'have'} been concluded and our decision is final. If you contact us asking for ${r.caseIds.length === 1 ? 'it' : 'them'} to be re-opened, we will keep a record of what you send us, but we will not reply.`,
    };
  },
  screening: {
    closes: closesNothing,
    findings: (r, facts) =>
      facts.caseId !== undefined && !facts.freshMatter && r.caseIds.includes(facts.caseId)
        ? [{ decision: 'LOG_ONLY', reason: `The case this is about is concluded: under the contact strategy, demands to re-open it are logged but not responded to. This contact has been logged.` }]
        : [],
    concludedCases: (r) => r.caseIds,
    recordsCalls: false,
    callMinutes: noMinutes,
  },
  contradicts: contradictsNothing,
  tightening: (current, next) => {
    const n = next.same;
    if (!n || !current.caseIds.every((id) => n.caseIds.includes(id))) return gone(`every case under ${current.type} must stay under it`);
    return kept(new Set(n.caseIds).size > new Set(current.caseIds).size);
  },
});
