import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, as, auditor, call, caseworker, newPersonWithCase, outboxEmail, problemPaths, timelineOf } from './client.js';

/** Policy 1.3 as the working day sees it: incidents wait in a queue, each queue's mailbox is told, and every outcome ends the chain. */

async function stackNow(): Promise<Date> {
  const res = await fetch(`${apiUrl()}/local/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000).toISOString();

const manager = as(['line-manager'], { sub: 'lm-2', name: 'Lou Manager' });
const head = as(['head-of-assurance'], { sub: 'hoa-2', name: 'Hari Assurance' });

let now: Date;
beforeAll(async () => {
  now = await stackNow();
});

const persistence = (over: Record<string, unknown> = {}) => ({
  occurredAt: minutesBefore(now, 30),
  channel: 'PHONE',
  behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'],
  description: 'Fourth call today about the same complaint.',
  ...over,
});
/** The emails to a mailbox about a person (staff emails name the person, never an id). */
const emailsTo = async (to: string, about: string) => (await outboxEmail()).filter((e) => e.to.includes(to) && e.text.includes(about));

async function queued(): Promise<{ id: string; caseId: string; personName: string }> {
  const name = `Quinn Queue ${Math.random().toString(36).slice(2, 8)}`;
  const { kase } = await newPersonWithCase({ name });
  const res = await caseworker.post(`/cases/${kase.id}/incidents`, persistence({ reportToLineManager: true }));
  expect(res.status).toBe(201);
  return { id: res.body.id, caseId: kase.id, personName: name };
}

async function queueIds(status: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await caseworker.get(`/incidents?escalation=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    ids.push(...(res.body.items as { id: string }[]).map((i) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

describe('sending an incident up (policy 1.3)', () => {
  it('starts any incident staff report to the line manager in their queue, and emails the line managers naming the person and the incident', async () => {
    const { id, personName } = await queued();
    expect((await caseworker.get(`/incidents/${id}`)).body.escalation.status).toBe('AWAITING_LINE_MANAGER');
    expect(await queueIds('AWAITING_LINE_MANAGER')).toContain(id);
    const mails = await emailsTo('line-managers@opcc.localhost', personName);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(personName);
  });

  it('lists a queue oldest first, a page at a time', async () => {
    const first = await queued();
    const second = await queued();
    const ids = await queueIds('AWAITING_LINE_MANAGER');
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const page = await caseworker.get('/incidents?escalation=AWAITING_LINE_MANAGER&limit=1');
    expect(page.body.items).toHaveLength(1);
  });

  it('answers 422 naming the escalation parameter for a missing or unknown queue', async () => {
    for (const q of ['', '?escalation=NONE', '?escalation=CLOSED']) {
      const res = await caseworker.get(`/incidents${q}`);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('escalation');
    }
  });
});

describe('the line manager', () => {
  it('escalates: the incident leaves their queue, enters the Head of Assurance’s, and assurance is emailed', async () => {
    const { id, personName } = await queued();
    const res = await manager.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'Offered the assistance line.' });
    expect(res.status).toBe(200);
    expect(res.body.escalation.status).toBe('AWAITING_HEAD_OF_ASSURANCE');
    expect(await queueIds('AWAITING_LINE_MANAGER')).not.toContain(id);
    expect(await queueIds('AWAITING_HEAD_OF_ASSURANCE')).toContain(id);
    const mails = await emailsTo('assurance@opcc.localhost', personName);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(personName);
  });

  it('closes with reasons (escalate: false): welfare support recorded, nothing left waiting', async () => {
    const { id, caseId, personName } = await queued();
    const res = await manager.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'Not threatening on review; support offered.', escalate: false });
    expect(res.status).toBe(200);
    expect(res.body.escalation).toMatchObject({ status: 'CLOSED', lineManager: { welfareSupportOffered: true, escalate: false, notes: 'Not threatening on review; support offered.' } });
    expect(await queueIds('AWAITING_LINE_MANAGER')).not.toContain(id);
    expect(await queueIds('AWAITING_HEAD_OF_ASSURANCE')).not.toContain(id);
    expect((await timelineOf(caseId)).find((e) => e.kind === 'INCIDENT_CLOSED')?.summary).toContain('Not threatening on review');
    expect(await emailsTo('assurance@opcc.localhost', personName)).toHaveLength(0);
    expect((await manager.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'Again.' })).status).toBe(409);
  });

  it('may not be replaced by a caseworker or an auditor (403), and bad input names the field (422/400) with nothing written', async () => {
    const { id } = await queued();
    expect((await caseworker.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'x' })).status).toBe(403);
    expect((await auditor.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'x' })).status).toBe(403);
    const bad = await manager.post(`/incidents/${id}/escalate`, { welfareSupportOffered: true, notes: 'x', escalate: 'no' });
    expect([400, 422]).toContain(bad.status);
    expect(problemPaths(bad.body)).toContain('escalate');
    expect((await caseworker.get(`/incidents/${id}`)).body.escalation.status).toBe('AWAITING_LINE_MANAGER');
  });
});

describe('the Head of Assurance', () => {
  async function atHead() {
    const q = await queued();
    expect((await manager.post(`/incidents/${q.id}/escalate`, { welfareSupportOffered: false, notes: 'Escalating.' })).status).toBe(200);
    return q;
  }

  it('closes without a police report only with notes saying why (422 on notes, nothing written)', async () => {
    const { id } = await atHead();
    const missing = await head.post(`/incidents/${id}/police-referral`, { referred: false });
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['notes']);
    expect((await caseworker.get(`/incidents/${id}`)).body.escalation.status).toBe('AWAITING_HEAD_OF_ASSURANCE');
    const res = await head.post(`/incidents/${id}/police-referral`, { referred: false, notes: 'Victim does not wish to report; advice given.' });
    expect(res.status).toBe(200);
    expect(res.body.escalation).toMatchObject({ status: 'CLOSED', policeReferral: { referred: false, notes: 'Victim does not wish to report; advice given.' } });
    expect(await queueIds('AWAITING_HEAD_OF_ASSURANCE')).not.toContain(id);
  });

  it('reports to the police with the reference and date, both required (422 naming each)', async () => {
    const { id } = await atHead();
    const missing = await head.post(`/incidents/${id}/police-referral`, {});
    expect(missing.status).toBe(422);
    expect(problemPaths(missing.body)).toEqual(['policeReference', 'reportedAt']);
    const res = await head.post(`/incidents/${id}/police-referral`, { policeReference: 'HP-2026-1', reportedAt: minutesBefore(now, 1) });
    expect(res.status).toBe(200);
    expect(res.body.escalation.status).toBe('REPORTED_TO_POLICE');
    expect(await queueIds('AWAITING_HEAD_OF_ASSURANCE')).not.toContain(id);
  });

  it('is the only one who may close it there (403 for a line manager)', async () => {
    const { id } = await atHead();
    expect((await manager.post(`/incidents/${id}/police-referral`, { referred: false, notes: 'x' })).status).toBe(403);
  });
});

describe('written threats and threatening visits (policy 1.3)', () => {
  it('emails the Statutory Operations Manager about written threats or abuse, and the incident says when', async () => {
    const name = `Wren Writer ${Math.random().toString(36).slice(2, 8)}`;
    const { kase } = await newPersonWithCase({ name });
    const res = await caseworker.post(`/cases/${kase.id}/incidents`, persistence({ channel: 'EMAIL', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'], description: 'Abusive email.' }));
    expect(res.status).toBe(201);
    expect(res.body.somConsultedAt).toEqual(expect.any(String));
    expect((await caseworker.get(`/incidents/${res.body.id}`)).body.somConsultedAt).toBe(res.body.somConsultedAt);
    const mails = await emailsTo('som@opcc.localhost', name);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(name);
  });

  it('does not consult the SOM about abuse on the phone, nor about persistence in writing', async () => {
    const { person, kase } = await newPersonWithCase({ name: `Pia Phone ${Math.random().toString(36).slice(2, 8)}` });
    for (const over of [{ channel: 'PHONE', behaviours: ['VERBAL_OR_WRITTEN_ABUSE'] }, { channel: 'EMAIL', behaviours: ['PERSISTENT_DEMANDS_FOR_UPDATES'] }]) {
      const res = await caseworker.post(`/cases/${kase.id}/incidents`, persistence(over));
      expect(res.status).toBe(201);
      expect(res.body.somConsultedAt).toBeUndefined();
      expect(await emailsTo('som@opcc.localhost', person.name)).toHaveLength(0);
    }
  });

  it('records that the police were called to a visit, on the incident and the timeline', async () => {
    const { kase } = await newPersonWithCase();
    const policeCalled = { at: minutesBefore(now, 20), policeReference: 'HP-VISIT-9' };
    const res = await caseworker.post(`/cases/${kase.id}/incidents`, persistence({ channel: 'VISIT', behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'], policeCalled }));
    expect(res.status).toBe(201);
    expect(res.body.policeCalled).toEqual(policeCalled);
    expect((await timelineOf(kase.id)).find((e) => e.kind === 'INCIDENT')?.summary).toContain('called the police');
  });

  it('a visit the police were called to goes to the line manager for welfare only, and their step ends it REPORTED_TO_POLICE with the reference given', async () => {
    const { kase } = await newPersonWithCase();
    const policeCalled = { at: minutesBefore(now, 20), policeReference: 'HP-VISIT-10' };
    // Even with persistence only, and whether or not the line manager would send it on.
    for (const escalate of [true, false]) {
      const made = await caseworker.post(`/cases/${kase.id}/incidents`, persistence({ channel: 'VISIT', policeCalled }));
      expect(made.body.escalation.status).toBe('AWAITING_LINE_MANAGER');
      const res = await manager.post(`/incidents/${made.body.id}/escalate`, { welfareSupportOffered: true, notes: 'Spoke with the receptionist.', escalate });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.escalation).toMatchObject({ status: 'REPORTED_TO_POLICE', policeReferral: { referred: true, policeReference: 'HP-VISIT-10', reportedAt: policeCalled.at } });
      expect((await head.post(`/incidents/${made.body.id}/police-referral`, { policeReference: 'HP-2', reportedAt: minutesBefore(now, 1) })).status).toBe(409);
    }
    const entries = (await timelineOf(kase.id)).filter((e) => e.kind === 'POLICE_REFERRAL');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.summary).toContain('HP-VISIT-10');
  });

  it('refuses policeCalled on an incident that was not a visit (422 naming it, nothing written)', async () => {
    const { kase } = await newPersonWithCase();
    const res = await caseworker.post(`/cases/${kase.id}/incidents`, persistence({ policeCalled: { at: minutesBefore(now, 20) } }));
    expect(res.status).toBe(422);
    expect(problemPaths(res.body)).toEqual(['policeCalled']);
    expect((await caseworker.get(`/cases/${kase.id}/incidents`)).body.items).toHaveLength(0);
  });
});

it('the queue needs a token (401)', async () => {
  expect((await call('GET', '/incidents?escalation=AWAITING_LINE_MANAGER', { token: '' })).status).toBe(401);
});
