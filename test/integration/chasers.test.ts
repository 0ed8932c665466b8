import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../lib/domain/calendar.js';
import { caseworker, newPersonWithCase, som, timelineOf } from './client.js';
import { activeStrategy, addDays, addMonths, emailsAbout, realToday, resetClock, setDay, SOM_MAILBOX, sweep } from './review-helpers.js';

/** Nothing waits unseen: the daily sweep chases what waits, once, then tells the Statutory Operations Manager, once. */

const LINE_MANAGERS = 'line-managers@opcc.localhost';

beforeAll(async () => {
  await resetClock();
});
afterAll(async () => {
  await resetClock();
});

describe('the daily chasers', () => {
  it('an incident in a queue and a breach awaiting legal advice are chased to their mailbox once, then brought to the SOM once, never repeated', async () => {
    const today = realToday();
    const { kase } = await newPersonWithCase({ name: 'Chase Waiting' });
    const incident = await caseworker.post(`/cases/${kase.id}/incidents`, {
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      channel: 'PHONE',
      behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'],
      description: 'Threatened the caseworker.',
    });
    expect(incident.body.escalation.status).toBe('AWAITING_LINE_MANAGER');
    const id = incident.body.id as string;
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Bea Advice' });
    const breach = (await caseworker.post(`/strategies/${strategy.id}/breaches`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: 'Rang again.' })).body;
    expect((await som.post(`/breaches/${breach.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'Ask the solicitor.' })).body.status).toBe('AWAITING_LEGAL_ADVICE');

    const chasesOf = async (needle: string) => (await emailsAbout(needle)).filter((e) => e.subject.includes('still waiting'));

    // The day before the chase: nothing.
    await setDay(addWorkingDays(today, 2));
    await sweep();
    expect(await chasesOf('Chase Waiting')).toEqual([]);

    // Three working days on, twice: one reminder to the queue's mailbox.
    await setDay(addWorkingDays(today, 3));
    await sweep();
    await sweep();
    const chased = await chasesOf('Chase Waiting');
    expect(chased).toHaveLength(1);
    expect(chased[0]).toMatchObject({ to: [LINE_MANAGERS] });
    expect(chased[0]!.subject).toMatch(/^Reminder: still waiting: An incident \(cases OPCC-\d{4}-\d{6}\) about Chase Waiting$/);
    expect(chased[0]!.text).toContain('Record the step in the console (Incident queue, Waiting for a line manager).');
    const breachChased = await chasesOf('Bea Advice');
    expect(breachChased.map((e) => e.to)).toEqual([[SOM_MAILBOX]]);
    const read = (await caseworker.get(`/incidents/${id}`)).body;
    expect(Date.parse(read.chasedAt)).not.toBeNaN();
    expect(read.escalatedToSomAt).toBeUndefined();
    expect(read.version).toBe(incident.body.version);

    // Six working days on, twice: one to the Statutory Operations Manager, and no second reminder.
    await setDay(addWorkingDays(today, 6));
    await sweep();
    await sweep();
    const all = await chasesOf('Chase Waiting');
    expect(all).toHaveLength(2);
    expect(all.filter((e) => e.subject.startsWith('Escalated'))).toMatchObject([{ to: [SOM_MAILBOX] }]);
    expect((await chasesOf('Bea Advice')).filter((e) => e.subject.startsWith('Escalated'))).toHaveLength(1);
    expect(Date.parse((await caseworker.get(`/incidents/${id}`)).body.escalatedToSomAt)).not.toBeNaN();
    expect(Date.parse((await caseworker.get(`/breaches/${breach.id}`)).body.escalatedToSomAt)).not.toBeNaN();

    const entries = (await timelineOf(kase.id)).map((e) => e.kind);
    expect(entries.filter((k) => k === 'STILL_WAITING_CHASED')).toHaveLength(1);
    expect(entries.filter((k) => k === 'STILL_WAITING_ESCALATED')).toHaveLength(1);
  });

  it('an appeal undecided APPEAL_DECISION_DAYS after receipt is chased to those told of it once, then brought to the SOM once', async () => {
    await resetClock();
    const today = realToday();
    const { strategy } = await activeStrategy({ reviewDate: addMonths(today, 4), name: 'Ava Appeal' });
    const appeal = (await caseworker.post(`/strategies/${strategy.id}/appeals`, { receivedAt: new Date(Date.now() - 60_000).toISOString(), grounds: 'Disproportionate.' })).body;
    const chasesOf = async () => (await emailsAbout('Ava Appeal')).filter((e) => e.subject.includes('still waiting'));

    await setDay(addDays(today, 19));
    await sweep();
    expect(await chasesOf()).toEqual([]);

    await setDay(addDays(today, 21));
    await sweep();
    await sweep();
    const chased = await chasesOf();
    expect(chased).toHaveLength(1);
    expect(chased[0]!.to).toContain(SOM_MAILBOX);
    const read = (await som.get(`/appeals/${appeal.id}`)).body;
    expect(Date.parse(read.chasedAt)).not.toBeNaN();
    expect(read.escalatedToSomAt).toBeUndefined();

    await setDay(addDays(today, 41));
    await sweep();
    await sweep();
    const all = await chasesOf();
    expect(all).toHaveLength(2);
    expect(all.filter((e) => e.subject.startsWith('Escalated'))).toMatchObject([{ to: [SOM_MAILBOX] }]);
    expect(Date.parse((await som.get(`/appeals/${appeal.id}`)).body.escalatedToSomAt)).not.toBeNaN();
  });
});
