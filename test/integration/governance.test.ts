import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToMonth } from '../../lib/domain/governance.js';
import type { GovernanceMonth } from '../../lib/schemas/governance.js';
import { apiUrl, approvedWhileDeliveryFails, auditor, caseworker, headOfAssurance, lineManager, localFaults, newPersonWithCase, som } from './client.js';
import { activeStrategy, proposer, realToday, resetClock, setDay } from './review-helpers.js';

/**
 * The governance figures over HTTP (docs/governance.md): per UK month, counted
 * in the same transaction as each event. The stack is shared with every other
 * file, so each check compares the figures after the events with those before.
 * The walk moves the local clock forward month by month through two strategies' lives.
 */

type Months = GovernanceMonth[];

async function figures(from: string, to: string): Promise<Months> {
  const res = await auditor.get(`/governance/figures?from=${from}&to=${to}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.months as Months;
}

/** What changed in a month between two readings: every number figure and breakdown but `appealsOverdue`, as after − before, zeros left out. */
function change(before: Months, after: Months, month: string): Record<string, number> {
  const b = before.find((m) => m.month === month) as unknown as Record<string, unknown>;
  const a = after.find((m) => m.month === month) as unknown as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(a)) {
    // Undecided appeals become overdue as the clock walks on (other files leave some): that figure depends on when it is read.
    if (k === 'appealsOverdue') continue;
    if (typeof v === 'number') {
      if (v !== b[k]) out[k] = v - (b[k] as number);
    } else if (v && typeof v === 'object') {
      for (const [kk, vv] of Object.entries(v as Record<string, number>)) {
        const was = (b[k] as Record<string, number>)[kk] ?? 0;
        if (vv !== was) out[`${k}.${kk}`] = vv - was;
      }
    }
  }
  return out;
}

const minutesBefore = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();
const stackNow = async () => ((await (await fetch(`${apiUrl()}/local/clock`)).json()) as { now: string }).now;

beforeAll(async () => {
  await resetClock();
});

afterAll(async () => {
  await localFaults({});
  await resetClock();
});

describe('GET /governance/figures', () => {
  it('answers every month asked for, oldest first, zero-filled, with each breakdown complete', async () => {
    const months = await figures('2000-11', '2001-02');
    expect(months.map((m) => m.month)).toEqual(['2000-11', '2000-12', '2001-01', '2001-02']);
    expect(months[0]).toMatchObject({ inForceAtMonthEnd: 0, reviewsDecided: 0, appealOutcomes: { UPHELD: 0, VARIED: 0, ENDED: 0 }, appealsOverdue: 0, notNotified: 0 });
    expect(months[0]!.strategiesPutInForce).toMatchObject({ NO_TELEPHONE: 0, TELEPHONE_LIMIT: 0 });
    expect(months[0]!.incidentsByBehaviour).toMatchObject({ STALKING: 0 });
  });

  it('answers the same figures as CSV for the Panel: a header of every figure, one row a month; a bad range is 422', async () => {
    const res = await auditor.get('/governance/figures.csv?from=2000-11&to=2001-01');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (res.body as string).trim().split('\r\n').map((l) => l.split(','));
    expect(header![0]).toBe('month');
    expect(header).toEqual(expect.arrayContaining(['month', 'strategiesPutInForce.NO_TELEPHONE', 'incidentsByBehaviour.STALKING', 'appealOutcomes.UPHELD', 'policeReferrals', 'notNotified']));
    expect(rows.map((r) => r[0])).toEqual(['2000-11', '2000-12', '2001-01']);
    expect(rows[0]![header!.indexOf('policeReferrals')]).toBe('0');
    expect((await auditor.get('/governance/figures.csv?from=2026-13')).status).toBe(422);
  });

  it('by default answers the twelve months ending with the current UK month', async () => {
    const res = await auditor.get('/governance/figures');
    expect(res.status).toBe(200);
    const months = (res.body.months as Months).map((m) => m.month);
    expect(months).toHaveLength(12);
    expect(months[11]).toBe(realToday().slice(0, 7));
  });

  it('refuses a bad range, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['from=2026-13&to=2026-12', 'query.from'],
      ['from=2026-01&to=May', 'query.to'],
      ['from=2026-05&to=2026-04', 'query.from'],
      ['from=2023-01&to=2026-01', 'query.to'],
      // Nothing was recorded before 2000, and a month past 2099 is a mistake (to=9999-12 was once a 500).
      ['from=1999-12&to=2000-02', 'query.from'],
      ['to=9999-12', 'query.to'],
      ['from=2026-01&to=2100-01', 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await auditor.get(`/governance/figures?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path), query).toEqual([path]);
    }
  });

  it('counts an incident in the UK month it happened: 23:30 UTC on 31 March is April, 23:30 UTC on 31 October is October', async () => {
    const year = Number(realToday().slice(0, 4)) - 1;
    const before = await figures(`${year}-03`, `${year}-11`);
    const { kase } = await newPersonWithCase();
    const record = (occurredAt: string, behaviours: string[]) =>
      caseworker.post(`/cases/${kase.id}/incidents`, { occurredAt, channel: 'EMAIL', behaviours, description: 'Wrote again about the same matter.', callTerminated: false, warningGiven: false });
    for (const [at, behaviours] of [
      [`${year}-03-31T22:30:00.000Z`, ['PERSISTENT_DEMANDS_FOR_UPDATES']],
      [`${year}-03-31T23:30:00.000Z`, ['PERSISTENT_DEMANDS_FOR_UPDATES', 'CONTACTS_DIFFERENT_STAFF']],
      [`${year}-10-31T23:30:00.000Z`, ['CONTACTS_DIFFERENT_STAFF']],
    ] as const) {
      const res = await record(at, [...behaviours]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const after = await figures(`${year}-03`, `${year}-11`);
    expect(change(before, after, `${year}-03`)).toEqual({ 'incidentsByBehaviour.PERSISTENT_DEMANDS_FOR_UPDATES': 1 });
    expect(change(before, after, `${year}-04`)).toEqual({ 'incidentsByBehaviour.PERSISTENT_DEMANDS_FOR_UPDATES': 1, 'incidentsByBehaviour.CONTACTS_DIFFERENT_STAFF': 1 });
    expect(change(before, after, `${year}-10`)).toEqual({ 'incidentsByBehaviour.CONTACTS_DIFFERENT_STAFF': 1 });
    expect(change(before, after, `${year}-11`)).toEqual({});
  });

  it('walks two strategies through four months: put in force, not notified, reviews on time and late, police referrals; a breach adjustment is not a review', async () => {
    const m0 = realToday().slice(0, 7);
    const m = (k: number) => addToMonth(m0, k);
    const before = await figures(m0, m(3));

    // Month 0: one strategy in force; another approved while every letter fails (NOT_NOTIFIED).
    const a = await activeStrategy({ reviewDate: `${m(2)}-05`, name: 'Ash Governance' });
    const n = await approvedWhileDeliveryFails(proposer, 'Noel Untold');
    expect(n.strategy.status).toBe('NOT_NOTIFIED');

    // Month 1: the second is put in force by hand; the first reviewed before its date
    // (on time); an incident referred to the police; a breach decided with an adjustment
    // and a police referral (the adjustment is not a review).
    await setDay(`${m(1)}-15`);
    const told = await caseworker.post(`/strategies/${n.id}/notified`, { how: 'BY_HAND', at: await stackNow(), notes: 'Handed over at the front desk.' });
    expect(told.status, JSON.stringify(told.body)).toBe(200);
    const extended = await som.post(`/strategies/${a.strategy.id}/review`, { outcome: 'EXTEND', nextReviewDate: `${m(3)}-10`, notes: 'Still needed.' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);

    const now1 = await stackNow();
    const incident = await caseworker.post(`/cases/${a.kase.id}/incidents`, {
      occurredAt: minutesBefore(now1, 30),
      channel: 'PHONE',
      behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
      description: 'Threatened the caseworker.',
      callTerminated: true,
      warningGiven: true,
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    expect((await lineManager.post(`/incidents/${incident.body.id}/escalate`, { welfareSupportOffered: true, notes: 'Support offered.' })).status).toBe(200);
    const referred = await headOfAssurance.post(`/incidents/${incident.body.id}/police-referral`, { policeReference: 'HP-GOV-1', reportedAt: minutesBefore(now1, 5) });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);

    const breach = await caseworker.post(`/strategies/${a.strategy.id}/breaches`, { occurredAt: minutesBefore(now1, 60), description: 'Rang four times in one day.' });
    expect(breach.status, JSON.stringify(breach.body)).toBe(201);
    const decided = await som.post(`/breaches/${breach.body.id}/decision`, {
      actions: ['ADJUST_STRATEGY', 'POLICE_REFERRAL'],
      notes: 'Threats: referred; calls limited further.',
      restrictions: [{ type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }],
      policeReference: 'HP-GOV-2',
      reportedAt: minutesBefore(now1, 5),
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // Month 3: the first ended three days after its (new) review date: late, out of force.
    await setDay(`${m(3)}-13`);
    const ended = await som.post(`/strategies/${a.strategy.id}/review`, { outcome: 'END', notes: 'Behaviour has improved.' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    const after = await figures(m0, m(3));
    expect(change(before, after, m0)).toEqual({
      'strategiesPutInForce.TELEPHONE_LIMIT': 1,
      'strategiesPutInForce.RECORD_CALLS': 1,
      inForceAtMonthEnd: 1,
      notNotified: 1,
      // The not-notified strategy's letter failed by email and by post.
      lettersFailed: 2,
    });
    expect(change(before, after, m(1))).toEqual({
      'strategiesPutInForce.NO_TELEPHONE': 1,
      inForceAtMonthEnd: 2,
      reviewsDecided: 1,
      reviewsOnTime: 1,
      'incidentsByBehaviour.HARASSMENT_INTIMIDATION_OR_THREATS': 1,
      policeReferrals: 2,
    });
    expect(change(before, after, m(2))).toEqual({ inForceAtMonthEnd: 2 });
    expect(change(before, after, m(3))).toEqual({ inForceAtMonthEnd: 1, reviewsDecided: 1 });
  });
});

