import { actorOf, type Staff } from '../domain/staff.js';
import { nowIso } from '../clock.js';
import { addWithheld, APPEAL, BREACH, CASE, CONTACT, exportTimeline, INCIDENT, LETTER, PERSON, project, REDACTIONS, REPRESENTATIVE, STRATEGY, STRATEGY_HISTORY, WARNING } from '../domain/subject-access.js';
import { logger } from '../observability.js';
import { commit } from '../store/db.js';
import { accessLogWrite, allPersonHistory, personHistoryWrite } from '../store/person-record.js';
import { exportRecordedWrite } from '../store/service-users.js';
import { recordsOf } from '../store/subject-access.js';
import { requireServiceUserItem } from './service-users.js';

/**
 * A subject-access export (UK GDPR Article 15): everything held about one person,
 * gathered by Query over the person's collections (no Scan), built from the
 * allow-list in lib/domain/subject-access.ts, with `redactions` saying what was
 * left out and why. The export is recorded on the person's `history` (who, when)
 * and in their access log, in one transaction, before it is answered; the log
 * carries ids only.
 */
export async function exportServiceUser(id: string, staff: Staff, route: string) {
  await requireServiceUserItem(id);
  const at = nowIso();
  const actor = actorOf(staff);
  await commit([exportRecordedWrite(id), personHistoryWrite(id, { at, actor, action: 'EXPORTED', fields: [] }), accessLogWrite(id, { at, actor, route })]);
  const [profile, history, records] = await Promise.all([requireServiceUserItem(id), allPersonHistory(id), recordsOf(id)]);
  logger.info('subject access export', { serviceUserId: id, exportedBy: staff.sub });
  const timelines = records.timelines.map((t) => ({ caseId: t.caseId, ...exportTimeline(t.entries) }));
  return {
    generatedAt: at,
    generatedBy: { name: staff.name !== staff.sub ? staff.name : 'A member of staff', role: staff.roles.join(', ') },
    // The whole history: any written on the profile before it moved to items of its own, then the items.
    serviceUser: project({ ...profile, history: [...(profile.history ?? []), ...history] }, PERSON),
    representatives: records.representatives.map((r) => project(r, REPRESENTATIVE)),
    cases: records.cases.map((c) => project(c, CASE)),
    timelines: timelines.map((t) => ({ caseId: t.caseId, entries: t.entries })),
    contacts: records.contacts.map((c) => project(c, CONTACT)),
    incidents: records.incidents.map((i) => project(i, INCIDENT)),
    strategies: records.strategies.map((s) => ({
      strategy: project(s.strategy, STRATEGY),
      history: s.history.map((h) => project(h, STRATEGY_HISTORY)),
      letters: s.letters.map((l) => project(l, LETTER)),
      breaches: s.breaches.map((b) => project(b, BREACH)),
      appeals: s.appeals.map((a) => project(a, APPEAL)),
    })),
    warnings: records.warnings.map((w) => ({ warning: project(w.warning, WARNING), letters: w.letters.map((l) => project(l, LETTER)) })),
    // What every export leaves out, then each timeline kind withheld and how many entries of it.
    redactions: [...REDACTIONS, ...addWithheld(timelines.map((t) => t.withheld))],
  };
}
