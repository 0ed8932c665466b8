import { describe, expect, it } from 'vitest';
import { countName, personKeyTemplates } from '../../lib/store/disposals.js';

/** What a disposal reads is derived from the key table (itemKinds()), not listed by hand. */
describe("a person's footprint, from the key table", () => {
  const { records, byRecord } = personKeyTemplates();
  const keys = (record: string) => (byRecord.get(record) ?? []).map((t) => `${t.index ?? 'TABLE'} ${t.pk}`).sort();

  it("reads every partition keyed by the person's id: their contact points and, on the indexes, their cases, contacts, incidents, strategies, letters and warnings", () => {
    // At least these: a kind added under a key of the person's id joins them by itself.
    expect(keys('SU')).toEqual(
      expect.arrayContaining(['TABLE CPOINT#<suid>', 'GSI1 SU#<suid>#CASE', 'GSI2 SU#<suid>#CONTACT', 'GSI2 SU#<suid>#INCIDENT', 'GSI1 SU#<suid>#STRATEGY', 'GSI3 SU#<suid>#LETTER', 'GSI1 SU#<suid>#WARNING']),
    );
  });

  it("reads what hangs from a record found: a case's contacts and incidents, a contact's inbound email markers, a strategy's breaches, appeals and review claims", () => {
    expect(keys('CASE')).toEqual(expect.arrayContaining(['GSI1 CASE#<cid>#CONTACT', 'GSI1 CASE#<cid>#INCIDENT']));
    expect(keys('CONTACT')).toEqual(expect.arrayContaining(['GSI2 CONTACT#<ctid>#INBOUND_EMAIL']));
    expect(keys('STRATEGY')).toEqual(expect.arrayContaining(['GSI1 STRATEGY#<sid>#APPEAL', 'GSI1 STRATEGY#<sid>#BREACH', 'TABLE CLAIM#<sid>']));
  });

  it('walks the own partition of every kind kept under its id, and never a shared partition', () => {
    for (const r of ['SU', 'CASE', 'CONTACT', 'INCIDENT', 'STRATEGY', 'WARNING', 'BREACH', 'APPEAL']) expect(records.has(r), r).toBe(true);
    for (const shared of ['FIGURES', 'COUNTER', 'IDEMPOTENCY', 'INBOUND_EMAIL']) expect(records.has(shared), shared).toBe(false);
    const everyKey = [...byRecord.values()].flat().map((t) => t.pk);
    for (const shared of ['SU_NAME', 'RETENTION', 'DISPOSALS', 'UNMATCHED_CONTACT']) expect(everyKey.some((k) => k.startsWith(shared))).toBe(false);
  });

  it('counts kinds in words, in the plural', () => {
    expect(['ServiceUser', 'Case', 'Breach', 'PersonHistory', 'TimelineEntry', 'AccessLog'].map(countName)).toEqual(['people', 'cases', 'breaches', 'personHistories', 'timelineEntries', 'accessLogs']);
  });
});
