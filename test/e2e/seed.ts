import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import { caseworker, som, uniqueKey } from '../integration/client.js';

const short = () => randomUUID().slice(0, 8);

/** A UK landline number nobody else in the run has. */
export const uniquePhone = () => `01482 ${String(Math.floor(100000 + Math.random() * 899999))}`;

export async function person(overrides: Record<string, unknown> = {}) {
  const res = await caseworker.post('/service-users', {
    name: `Alex ${short()}`,
    emails: [`alex.${short()}@example.com`],
    phones: [uniquePhone()],
    postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' },
    ...overrides,
  }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; emails: string[]; phones: string[] };
}

export async function kase(serviceUserId: string, subject = 'Handling of a complaint about a stop and search') {
  const res = await caseworker.post('/cases', { serviceUserId, type: 'COMPLAINT', subject });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reference: string; status: string };
}

export async function conclude(caseId: string) {
  const res = await caseworker.post(`/cases/${caseId}/conclude`, { finalDecision: 'Not upheld; the search was lawful.', outcomeExplained: true, rightOfReviewAdvised: true });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export const ALL_FACTORS = Object.fromEntries(
  ['additionalNeeds', 'faqSignposted', 'outcomeExplained', 'rightOfReviewAdvised', 'correctlySignposted', 'informedBehaviourUnacceptable', 'freshMattersAccessible'].map((k) => [k, { answer: 'YES', notes: 'Done.' }]),
);

export function inMonths(n: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

export async function draftStrategy(serviceUserId: string, caseIds: string[], restrictions: unknown[], who = caseworker, reviewDate = inMonths(6)) {
  const res = await who.post('/strategies', {
    serviceUserId,
    caseIds,
    reason: 'Repeated calls demanding the concluded complaint is re-opened, and abusive language towards staff.',
    purpose: 'To let staff work safely while keeping the person able to raise fresh matters.',
    reviewDate,
    restrictions,
    factors: ALL_FACTORS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; status: string };
}

export async function submitted(serviceUserId: string, caseIds: string[], restrictions: unknown[], who = caseworker, reviewDate?: string) {
  const s = await draftStrategy(serviceUserId, caseIds, restrictions, who, reviewDate);
  const res = await who.post(`/strategies/${s.id}/submit`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return s;
}

/** A strategy taken all the way to ACTIVE (drafted, submitted, approved by the SOM, letters sent). */
export async function activeStrategy(serviceUserId: string, caseIds: string[], restrictions: unknown[], reviewDate?: string) {
  const s = await submitted(serviceUserId, caseIds, restrictions, caseworker, reviewDate);
  const res = await som.post(`/strategies/${s.id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // Activated by the state machine in the background, after the letters: as long as the integration tier allows.
  // vi.waitFor, not expect.poll: it also works in a beforeAll that seeds a whole file.
  await vi.waitFor(async () => expect((await caseworker.get(`/strategies/${s.id}`)).body.status).toBe('ACTIVE'), { timeout: 30_000, interval: 250 });
  return s;
}

/** The strategy's posted letter, once the post queue's consumer has put it in the print queue. */
export async function printReadyLetter(strategyId: string): Promise<{ id: string; channel: string; status: string }> {
  const postLetter = async () => ((await caseworker.get(`/strategies/${strategyId}`)).body.letters as { id: string; channel: string; status: string }[]).find((l) => l.channel === 'POST');
  await vi.waitFor(async () => expect((await postLetter())?.status).toBe('PRINT_READY'), { timeout: 30_000, interval: 250 });
  return (await postLetter())!;
}
