import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, as, auditor, call, caseworker, headOfAssurance, lineManager, newPersonWithCase, som, uniqueKey, problemPaths, timelineOf } from './client.js';

async function stackNow(): Promise<Date> {
  const res = await fetch(`${apiUrl()}/local/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000).toISOString();

const manager = as(['line-manager'], { sub: 'lm-1', name: 'Lee Manager' });
const head = as(['head-of-assurance'], { sub: 'hoa-1', name: 'Hana Assurance' });

let now: Date;
beforeAll(async () => {
  now = await stackNow();
});

const incident = (over: Record<string, unknown> = {}) => ({
  occurredAt: minutesBefore(now, 30),
  channel: 'PHONE',
  behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
  description: 'Threatened to damage the caseworker’s car.',
  callTerminated: true,
  warningGiven: true,
  ...over,
});
const escalation = { welfareSupportOffered: true, notes: 'Spoke with the caseworker; offered the employee assistance line.' };
const referral = () => ({ policeReference: 'HP-2026-77412', reportedAt: minutesBefore(now, 5) });

async function threateningIncident() {
  const { kase, person } = await newPersonWithCase();
  const res = await caseworker.post(`/cases/${kase.id}/incidents`, incident());
  expect(res.status).toBe(201);
  return { kase, person, incident: res.body };
}

describe('recording incidents (policy 1.2)', () => {
  it('starts a threatening incident awaiting the line manager', async () => {
    const { incident: created, kase } = await threateningIncident();
    expect(created.escalation.status).toBe('AWAITING_LINE_MANAGER');
    expect(created).toMatchObject({ caseId: kase.id, serviceUserId: kase.serviceUserId, callTerminated: true, warningGiven: true, version: 1, groups: ['UNACCEPTABLE_BEHAVIOUR'] });
    const got = await caseworker.get(`/incidents/${created.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    expect(got.headers.get('etag')).toBe('"1"');
  });

  it('starts stalking and escalating agitation awaiting the line manager too', async () => {
    const { kase } = await newPersonWithCase();
    for (const b of ['STALKING', 'ESCALATING_AGITATION']) {
      const res = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ behaviours: ['DICTATES_HANDLING', b], channel: 'VISIT', callTerminated: false }));
      expect(res.status).toBe(201);
      expect(res.body.escalation.status).toBe('AWAITING_LINE_MANAGER');
    }
  });

  it('records persistent demands without escalating them', async () => {
    const { kase } = await newPersonWithCase();
    const res = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ channel: 'EMAIL', behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES', 'UNNECESSARY_COPYING_IN'], callTerminated: false, warningGiven: false }));
    expect(res.status).toBe(201);
    expect(res.body.escalation).toEqual({ status: 'NONE' });
    expect(res.body.groups).toEqual(['UNREASONABLE_PERSISTENCE']);
  });

  it('terminates a call only on the telephone and only after a warning, naming each field at fault', async () => {
    const { kase } = await newPersonWithCase();
    const noWarning = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ warningGiven: false }));
    expect(noWarning.status).toBe(422);
    expect(problemPaths(noWarning.body)).toEqual(['warningGiven']);
    const byEmail = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ channel: 'EMAIL', warningGiven: undefined }));
    expect(byEmail.status).toBe(422);
    expect(problemPaths(byEmail.body)).toEqual(['channel', 'warningGiven']);
    expect((await caseworker.get(`/cases/${kase.id}/incidents`)).body.items).toEqual([]);
  });

  it('needs at least one behaviour of the policy, each listed once', async () => {
    const { kase } = await newPersonWithCase();
    const before = await timelineOf(kase.id);
    const none = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ behaviours: [] }));
    expect(none.status).toBe(422);
    expect(problemPaths(none.body)).toEqual(['behaviours']);
    const dup = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ behaviours: ['STALKING', 'STALKING'] }));
    expect(dup.status).toBe(422);
    expect(problemPaths(dup.body)).toEqual(['behaviours']);
    const unknown = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ behaviours: ['RUDENESS'] }));
    expect(unknown.status).toBe(422);
    expect(problemPaths(unknown.body)).toEqual(['behaviours.0']);
    const future = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ occurredAt: new Date(now.getTime() + 3_600_000).toISOString() }));
    expect(future.status).toBe(422);
    expect(problemPaths(future.body)).toEqual(['occurredAt']);
    const wrongType = await caseworker.post(`/cases/${kase.id}/incidents`, incident({ callTerminated: 'yes' }));
    expect(wrongType.status).toBe(400);
    expect(await timelineOf(kase.id)).toEqual(before);
  });

  it('answers 404 for an incident on an unknown case and for an unknown incident', async () => {
    expect((await caseworker.post('/cases/01NOSUCHCASE/incidents', incident())).status).toBe(404);
    expect((await caseworker.get('/cases/01NOSUCHCASE/incidents')).status).toBe(404);
    expect((await caseworker.get('/incidents/01NOSUCHINCIDENT')).status).toBe(404);
    expect((await manager.post('/incidents/01NOSUCHINCIDENT/escalate', escalation)).status).toBe(404);
  });

  it('records an incident once however often the same Idempotency-Key is sent', async () => {
    const { kase } = await newPersonWithCase();
    const key = uniqueKey();
    const first = await caseworker.post(`/cases/${kase.id}/incidents`, incident(), { headers: { 'idempotency-key': key } });
    const again = await caseworker.post(`/cases/${kase.id}/incidents`, incident(), { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await caseworker.get(`/cases/${kase.id}/incidents`)).body.items).toHaveLength(1);
  });

  it('lists the incidents of a case newest first, a page at a time', async () => {
    const { kase } = await newPersonWithCase();
    const times = [40, 10, 30, 20].map((m) => minutesBefore(now, m));
    for (const occurredAt of times) await caseworker.post(`/cases/${kase.id}/incidents`, incident({ occurredAt, behaviours: ['DEMANDS_SENIOR_MANAGER'], callTerminated: false }));
    const first = await caseworker.get(`/cases/${kase.id}/incidents?limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await caseworker.get(`/cases/${kase.id}/incidents?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const seen = [...first.body.items, ...second.body.items].map((i: { occurredAt: string }) => i.occurredAt);
    expect(seen).toEqual([...times].sort().reverse());
  });
});

describe('escalating incidents to the police (policy 1.3)', () => {
  it('goes from the line manager, with welfare support, to the Head of Assurance, to the police, each step on the case timeline in order', async () => {
    const { kase, incident: created } = await threateningIncident();

    const escalated = await manager.post(`/incidents/${created.id}/escalate`, escalation);
    expect(escalated.status).toBe(200);
    expect(escalated.body.escalation.status).toBe('AWAITING_HEAD_OF_ASSURANCE');
    expect(escalated.body.escalation.lineManager).toMatchObject({ welfareSupportOffered: true, notes: escalation.notes, escalatedBy: { sub: 'lm-1', name: 'Lee Manager' } });
    expect(escalated.body.version).toBe(2);

    const referred = await head.post(`/incidents/${created.id}/police-referral`, referral());
    expect(referred.status).toBe(200);
    expect(referred.body.escalation.status).toBe('REPORTED_TO_POLICE');
    expect(referred.body.escalation.policeReferral).toMatchObject({ policeReference: 'HP-2026-77412', recordedBy: { sub: 'hoa-1', name: 'Hana Assurance' } });
    expect(referred.body.version).toBe(3);
    expect((await caseworker.get(`/incidents/${created.id}`)).body).toEqual(referred.body);

    const entries = await timelineOf(kase.id);
    expect(entries.map((e) => e.kind)).toEqual(['CASE_OPENED', 'INCIDENT', 'INCIDENT_ESCALATED', 'POLICE_REFERRAL']);
    expect(entries.slice(1).map((e) => e.ref)).toEqual(Array(3).fill({ incidentId: created.id }));
    expect(entries.slice(1).map((e) => e.actor.sub)).toEqual(['staff-caseworker', 'lm-1', 'hoa-1']);
    expect(entries[3]!.summary).toContain('HP-2026-77412');
  });

  it('lets only a line manager escalate and only the Head of Assurance refer to the police', async () => {
    const { incident: created } = await threateningIncident();
    for (const who of [caseworker, auditor, headOfAssurance, som]) expect((await who.post(`/incidents/${created.id}/escalate`, escalation)).status).toBe(403);
    expect((await lineManager.post(`/incidents/${created.id}/escalate`, escalation)).status).toBe(200);
    for (const who of [caseworker, auditor, lineManager, som]) expect((await who.post(`/incidents/${created.id}/police-referral`, referral())).status).toBe(403);
    expect((await headOfAssurance.post(`/incidents/${created.id}/police-referral`, referral())).status).toBe(200);
  });

  it('answers 409 naming the current state when a step is taken out of turn, and writes nothing', async () => {
    const { kase } = await newPersonWithCase();
    const calm = (await caseworker.post(`/cases/${kase.id}/incidents`, incident({ behaviours: ['DICTATES_HANDLING'], callTerminated: false }))).body;
    const notEscalated = await manager.post(`/incidents/${calm.id}/escalate`, escalation);
    expect(notEscalated.status).toBe(409);
    expect(notEscalated.body.state).toBe('NONE');

    const { kase: k2, incident: threat } = await threateningIncident();
    const early = await head.post(`/incidents/${threat.id}/police-referral`, referral());
    expect(early.status).toBe(409);
    expect(early.body.state).toBe('AWAITING_LINE_MANAGER');
    const before = await timelineOf(k2.id);

    await manager.post(`/incidents/${threat.id}/escalate`, escalation);
    const twice = await manager.post(`/incidents/${threat.id}/escalate`, escalation);
    expect(twice.status).toBe(409);
    expect(twice.body.state).toBe('AWAITING_HEAD_OF_ASSURANCE');

    await head.post(`/incidents/${threat.id}/police-referral`, referral());
    const again = await head.post(`/incidents/${threat.id}/police-referral`, referral());
    expect(again.status).toBe(409);
    expect(again.body.state).toBe('REPORTED_TO_POLICE');
    expect((await timelineOf(k2.id)).length).toBe(before.length + 2);
  });

  it('lets exactly one of two racing line managers escalate', async () => {
    const { kase, incident: created } = await threateningIncident();
    const results = await Promise.all([manager, lineManager].map((who) => who.post(`/incidents/${created.id}/escalate`, escalation)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await timelineOf(kase.id)).filter((e) => e.kind === 'INCIDENT_ESCALATED')).toHaveLength(1);
  });

  it('refuses a stale If-Match on a step with 412', async () => {
    const { incident: created } = await threateningIncident();
    const res = await manager.post(`/incidents/${created.id}/escalate`, escalation, { headers: { 'if-match': '"5"' } });
    expect(res.status).toBe(412);
    expect((await caseworker.get(`/incidents/${created.id}`)).body.escalation.status).toBe('AWAITING_LINE_MANAGER');
  });

  it('needs the line manager’s notes and the police reference, and a report dated after the incident', async () => {
    const { incident: created } = await threateningIncident();
    const noNotes = await manager.post(`/incidents/${created.id}/escalate`, { welfareSupportOffered: true });
    expect(noNotes.status).toBe(422);
    expect(problemPaths(noNotes.body)).toEqual(['notes']);
    await manager.post(`/incidents/${created.id}/escalate`, escalation);
    const empty = await head.post(`/incidents/${created.id}/police-referral`, { policeReference: ' ', reportedAt: 'soon' });
    expect(empty.status).toBe(422);
    expect(problemPaths(empty.body)).toEqual(['policeReference', 'reportedAt']);
    const beforeIncident = await head.post(`/incidents/${created.id}/police-referral`, { policeReference: 'HP-1', reportedAt: minutesBefore(now, 120) });
    expect(beforeIncident.status).toBe(422);
    expect(problemPaths(beforeIncident.body)).toEqual(['reportedAt']);
    expect((await caseworker.get(`/incidents/${created.id}`)).body.escalation.status).toBe('AWAITING_HEAD_OF_ASSURANCE');
  });

  it('needs a token on every incident route (401) and a role that may record one (403)', async () => {
    const { kase, incident: created } = await threateningIncident();
    for (const [method, path] of [
      ['POST', `/cases/${kase.id}/incidents`],
      ['GET', `/cases/${kase.id}/incidents`],
      ['GET', `/incidents/${created.id}`],
      ['POST', `/incidents/${created.id}/escalate`],
      ['POST', `/incidents/${created.id}/police-referral`],
    ] as const) {
      expect((await call(method, path, { token: null, body: method === 'POST' ? {} : undefined })).status).toBe(401);
    }
    expect((await auditor.post(`/cases/${kase.id}/incidents`, incident())).status).toBe(403);
    expect((await auditor.get(`/incidents/${created.id}`)).status).toBe(200);
    expect((await auditor.get(`/cases/${kase.id}/incidents`)).status).toBe(200);
  });
});
