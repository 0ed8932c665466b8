import { describe, expect, it } from 'vitest';
import { addWithheld, exportTimeline, refWords, TIMELINE_EXPORT, UNCLASSIFIED_KIND } from '../../lib/domain/subject-access.js';
import { TIMELINE_KINDS } from '../../lib/domain/timeline-kinds.js';

const ULID_A = '01KAAAAAAAAAAAAAAAAAAAAAAA';
const ULID_B = '01KBBBBBBBBBBBBBBBBBBBBBBB';

describe('the export of a case timeline, deny by default', () => {
  it('classifies every timeline kind: a plain sentence to show, or a reason to withhold it', () => {
    expect(Object.keys(TIMELINE_EXPORT).sort()).toEqual([...TIMELINE_KINDS].sort());
    for (const kind of TIMELINE_KINDS) {
      const rule = TIMELINE_EXPORT[kind];
      const words = 'said' in rule ? rule.said : rule.withheld;
      expect(words.length, kind).toBeGreaterThan(10);
    }
  });

  it('rebuilds each shown summary from the kind and the ids its ref names, never from what was written', () => {
    const entry = { at: '2026-01-01T00:00:00.000Z', actor: { sub: 's1', name: 'Sam' }, kind: 'POLICE_REFERRAL', summary: 'police reference HP-1, welfare notes', ref: { incidentId: ULID_A, strategyId: ULID_B, policeReference: 'HP-1', caseId: 'HP-2' } };
    const { entries, withheld } = exportTimeline([entry]);
    expect(entries).toEqual([{ at: entry.at, actor: { name: 'Sam', role: 'member of staff' }, kind: 'POLICE_REFERRAL', summary: `An incident or a breach was reported to the police (incident ${ULID_A}, contact strategy ${ULID_B}).` }]);
    expect(withheld).toEqual([]);
  });

  it('leaves out withheld kinds and kinds nobody classified, counting each', () => {
    const e = (kind: string) => ({ at: '2026-01-01T00:00:00.000Z', actor: { sub: 's', name: 'S' }, kind, summary: 'x' });
    const one = exportTimeline([e('REVIEW_REMINDER'), e('REVIEW_REMINDER'), e('BREACH_LEGAL_ADVICE'), e('SOMETHING_NEW'), e('CASE_OPENED')]);
    expect(one.entries.map((x) => x.kind)).toEqual(['CASE_OPENED']);
    const two = exportTimeline([e('REVIEW_REMINDER')]);
    expect(addWithheld([one.withheld, two.withheld])).toEqual([
      { kind: 'BREACH_LEGAL_ADVICE', count: 1, reason: (TIMELINE_EXPORT.BREACH_LEGAL_ADVICE as { withheld: string }).withheld },
      { kind: 'REVIEW_REMINDER', count: 3, reason: (TIMELINE_EXPORT.REVIEW_REMINDER as { withheld: string }).withheld },
      { kind: 'SOMETHING_NEW', count: 1, reason: UNCLASSIFIED_KIND },
    ]);
  });

  it('names only ULIDs, and only in the fields that hold ids', () => {
    expect(refWords({ letterId: ULID_A, notes: ULID_B })).toBe(` (letter ${ULID_A})`);
    expect(refWords({ caseId: 'not an id at all', breachId: 'HP/2026/1' })).toBe('');
    expect(refWords(undefined)).toBe('');
  });
});
