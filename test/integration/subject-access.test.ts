import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { TIMELINE_KINDS } from '../../lib/domain/timeline-kinds.js';
import { TIMELINE_EXPORT, UNCLASSIFIED_KIND } from '../../lib/domain/subject-access.js';
import { timelineWrite } from '../../lib/store/timeline.js';
import { as, caseworker, som, uniqueKey } from './client.js';
import { activeStrategy, addMonths, realToday } from './review-helpers.js';

/**
 * The subject-access export is deny by default: every timeline kind the code can
 * write (TIMELINE_KINDS, so a new kind is in this test the moment it exists) is put
 * on a person's case with a police reference and a welfare note in its summary and
 * its `ref`, next to the real flows that used to leak them (a VISIT incident's police
 * reference, a line manager's welfare notes, a breach referred to the police), and
 * neither may appear anywhere in the export.
 */
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
const TABLE = 'contact-strategy-test';

const manager = as(['line-manager'], { sub: 'lm-deny-1', name: 'Lee Manager', email: 'lee.manager@opcc.localhost' });
const exporter = as(['auditor'], { sub: 'aud-deny-1', name: 'Ada Auditor', email: 'ada.auditor@opcc.localhost' });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('the subject-access export is deny by default', () => {
  it('shows no police reference, welfare note or staff email for any timeline kind, and counts every withheld kind', async () => {
    const police = `PR${uniqueKey().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const welfare = `Welfare sentinel ${uniqueKey().slice(0, 8)}`;
    const staffEmail = 'sentinel.staff@opcc.localhost';
    const { person, kase, strategy } = await activeStrategy({ reviewDate: addMonths(realToday(), 4), name: 'Dana Denied', restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }] });

    // The real flows: a threatening VISIT with the police called, seen to by the line manager with welfare notes.
    const visit = await caseworker.post(`/cases/${kase.id}/incidents`, {
      occurredAt: minutesAgo(30),
      channel: 'VISIT',
      behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
      description: 'Came to the office and shouted.',
      policeCalled: { at: minutesAgo(29), policeReference: police },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    // The police were called to the visit: the line manager's welfare step ends it as reported to the police.
    const escalated = await manager.post(`/incidents/${visit.body.id}/escalate`, { welfareSupportOffered: true, notes: welfare });
    expect(escalated.body.escalation.status).toBe('REPORTED_TO_POLICE');
    // A breach referred to the police, its decision notes quoting the welfare note.
    const breach = await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: minutesAgo(20), description: 'Rang four times in one day.' });
    expect(breach.status).toBe(201);
    const decided = await som.post(`/breaches/${breach.body.id}/decision`, { actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'], notes: `Police told. ${welfare}`, policeReference: police, reportedAt: minutesAgo(4) });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // Every kind the code can write, plus one it cannot (deny by default at run time too).
    const kinds = [...TIMELINE_KINDS, 'A_KIND_NOBODY_CLASSIFIED'];
    // Every entry's summary and fields carry the sentinels, whatever the kind's wording would make of them.
    const sentinels = { policeReference: police, notes: welfare, welfareSupportOffered: true, decidedBy: staffEmail, checkedBy: staffEmail };
    for (const [i, kind] of kinds.entries()) {
      const write = timelineWrite(kase.id, {
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        actor: { sub: staffEmail, name: staffEmail },
        kind: 'CASE_CONCLUDED',
        fields: { finalDecision: welfare },
        ref: { strategyId: strategy.id, policeReference: police, notes: welfare, caseId: police },
      });
      const item = { ...(write as { Put: { Item: Record<string, unknown> } }).Put.Item, kind, summary: `Police reference ${police}. Notes: ${welfare}. Written by ${staffEmail}.`, fields: sentinels };
      await db.send(new PutCommand({ TableName: TABLE, Item: item }));
    }

    const res = await exporter.get(`/service-users/${person.id}/export`);
    expect(res.status).toBe(200);
    const json = JSON.stringify(res.body);
    for (const secret of [police, welfare, 'Welfare sentinel', staffEmail, '@opcc.localhost', 'policeReference', 'welfareSupportOffered']) {
      expect(json, secret).not.toContain(secret);
    }

    const timeline = res.body.timelines.find((t: { caseId: string }) => t.caseId === kase.id);
    const shown = timeline.entries as { kind: string; summary: string; at: string }[];
    const redactions = res.body.redactions as { kind?: string; count?: number; reason: string }[];
    for (const kind of TIMELINE_KINDS) {
      const rule = TIMELINE_EXPORT[kind];
      const sentinelEntry = shown.find((e) => e.kind === kind && e.at.startsWith('2026-01-01T00:00'));
      if ('said' in rule) {
        expect(sentinelEntry, kind).toBeDefined();
        // Rebuilt from the kind and the ids in its ref: the strategy's id; a "caseId" that is no id, and the notes, never.
        expect(sentinelEntry!.summary, kind).toBe(`${rule.said} (contact strategy ${strategy.id}).`);
        expect(redactions.find((r) => r.kind === kind), kind).toBeUndefined();
      } else {
        expect(sentinelEntry, kind).toBeUndefined();
        // One injected entry of each; the real breach decision above wrote a second BREACH_LEGAL_ADVICE.
        expect(redactions.find((r) => r.kind === kind), kind).toEqual({ kind, count: kind === 'BREACH_LEGAL_ADVICE' ? 2 : 1, reason: rule.withheld });
      }
    }
    expect(redactions.find((r) => r.kind === 'A_KIND_NOBODY_CLASSIFIED')).toEqual({ kind: 'A_KIND_NOBODY_CLASSIFIED', count: 1, reason: UNCLASSIFIED_KIND });
    expect(shown.some((e) => e.kind === 'A_KIND_NOBODY_CLASSIFIED')).toBe(false);
    // The real entries are there, in plain words only.
    expect(shown.filter((e) => e.kind === 'INCIDENT' && e.summary.includes(visit.body.id))).toHaveLength(1);
    expect(shown.filter((e) => e.kind === 'POLICE_REFERRAL' && !e.at.startsWith('2026-01-01T00:00')).length).toBeGreaterThanOrEqual(2);
    // The incident itself keeps only when it was escalated and referred.
    const incident = res.body.incidents.find((i: { id: string }) => i.id === visit.body.id);
    expect(incident.policeCalled).toBeUndefined();
    expect(incident.escalation.lineManager).toEqual({ escalatedAt: expect.any(String), escalatedBy: { name: 'Lee Manager', role: 'member of staff' } });
    const exportedBreach = res.body.strategies[0].breaches[0];
    expect(exportedBreach.decision).toEqual({ actions: ['LEGAL_ADVICE', 'POLICE_REFERRAL'], decidedBy: { name: 'Sam Manager', role: 'member of staff' }, decidedAt: expect.any(String) });
  });
});
