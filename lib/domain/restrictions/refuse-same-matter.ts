import { list } from './words.js';
import { closesNothing, contradictsNothing, gone, kept, noMinutes, restrictionSpec } from './spec.js';

/** Policy 1.5: further correspondence about a concluded case is not registered, processed or discussed. */
export const REFUSE_SAME_MATTER = restrictionSpec({
  type: 'REFUSE_SAME_MATTER',
  parameters: (_z, { CaseIds }) => ({ caseIds: CaseIds }),
  title: 'Refuse further correspondence about concluded cases',
  hint: 'Refusing to register, process or discuss further correspondence about the same matter.',
  summary: (r, refOf) => `Do not register or discuss further correspondence about ${r.caseIds.map(refOf).join(', ')}`,
  letter: (r, refOf) => {
    const refs = list(r.caseIds.map(refOf));
    return {
      text: `Your case${r.caseIds.length === 1 ? '' : 's'} ${refs} ${r.caseIds.length === 1 ? 'has' : 'have'} been concluded. We will not register, look into or discuss any further correspondence about the same matter.`,
    };
  },
  screening: {
    closes: closesNothing,
    findings: (r, facts) =>
      facts.caseId !== undefined && !facts.freshMatter && r.caseIds.includes(facts.caseId)
        ? [{ decision: 'REFUSE', reason: `The case this is about is concluded, and the contact strategy says further correspondence about it is not registered, processed or discussed. A new matter can still be raised: the right to complain and the right of review are not affected.` }]
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
