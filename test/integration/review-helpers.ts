import { expect } from 'vitest';
import { apiUrl, as, caseworker, draftAndSubmit, newPersonWithCase, outboxEmail, outboxPost, setClock, som } from './client.js';
import { addDays, addMonths, COMPLETE_FACTORS as FACTORS, eventually, ukDateOf } from './client.js';

export { addDays, addMonths, eventually, FACTORS, outboxPost };

/**
 * Helpers for the reviews and breaches tests: walking the local clock day by day
 * and taking a strategy through drafting, approval and activation as staff would.
 */

export const proposer = as(['caseworker'], { sub: 'cw-reviews', name: 'Robin Proposer', email: 'robin.proposer@opcc.localhost' });
export const SOM_MAILBOX = 'som@opcc.localhost';


/** Today (UK) in real time. */
export const realToday = () => ukDateOf(new Date());

/**
 * Moves the local clock to midday (UK) on `date`. Only ever forward for walking a
 * strategy's life: anything created while the clock is ahead of real time would
 * sort as "newest" in other files' lists, so tests create things after `resetClock()`.
 */
export const setDay = (date: string) => setClock(`${date}T12:00:00.000Z`);

/** Puts the local clock back to real time. */
export const resetClock = () => setClock(new Date().toISOString());

/** Runs the daily review trigger now, on the local clock. */
export async function sweep(): Promise<{ today: string; examined: number; reminded: number; markedDue: number; escalated: number; failed: number; complete: boolean }> {
  const res = await fetch(`${apiUrl()}/local/scheduled/review-sweep`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

/** The emails that mention `needle` (a strategy id, a breach id, an address). */
export async function emailsAbout(needle: string) {
  return (await outboxEmail()).filter((e) => e.subject.includes(needle) || e.text.includes(needle) || e.to.includes(needle));
}



export const ukLongDate = (date: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).formatToParts(new Date(`${date}T12:00:00.000Z`));
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
};

/**
 * A strategy taken all the way to ACTIVE: drafted by the caseworker, submitted,
 * approved by the SOM, the person told in writing, then in force.
 * The person has an email address, a phone number and a postal address.
 */
export async function activeStrategy(opts: { reviewDate: string; restrictions?: unknown[]; name?: string }) {
  const { person, kase } = await newPersonWithCase({ name: opts.name ?? 'Jordan Reviewed', phones: [`07700 900${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`] });
  const id = await draftAndSubmit(proposer, {
    serviceUserId: person.id,
    caseIds: [kase.id],
    reason: 'You have telephoned us many times a day about the same matter.',
    purpose: 'Keep contact manageable while the complaint is dealt with.',
    reviewDate: opts.reviewDate,
    restrictions: opts.restrictions ?? [{ type: 'TELEPHONE_LIMIT', maxCalls: 2, per: 'WEEK' }, { type: 'RECORD_CALLS' }],
    factors: FACTORS,
  });
  const decided = await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
  expect(active.body.status).toBe('ACTIVE');
  return { person, kase, strategy: active.body };
}
