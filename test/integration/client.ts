import { expect, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addMonths, ukDateOf } from '../../lib/domain/calendar.js';
import type { PackManifest } from '../../lib/ports/post-packs.js';
import { assertConforms } from './openapi-conformance.js';

export { addDays, addMonths, ukDateOf } from '../../lib/domain/calendar.js';

/** A small HTTP client for the local stack, as the staff front end would use it. */
export const apiUrl = () => inject('apiUrl');

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type RoleName = 'caseworker' | 'line-manager' | 'statutory-operations-manager' | 'head-of-assurance' | 'auditor';

const tokens = new Map<string, string>();

/** A token for a member of staff with the given roles (cached per identity). */
export async function tokenFor(roles: RoleName[], who: { sub?: string; name?: string; email?: string } = {}): Promise<string> {
  const sub = who.sub ?? `staff-${roles.join('+')}`;
  const key = `${sub}|${roles.join(',')}`;
  const cached = tokens.get(key);
  if (cached) return cached;
  const res = await fetch(`${apiUrl()}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, name: who.name ?? `Test ${roles.join(' ')}`, email: who.email ?? `${sub}@opcc.localhost`, groups: roles }),
  });
  const { token } = (await res.json()) as { token: string };
  tokens.set(key, token);
  return token;
}

export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent as-is when a string (for malformed JSON tests). */
  body?: unknown;
}

export async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<Res<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? await tokenFor(['caseworker']) : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(`${apiUrl()}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // leave as text
  }
  // Every answer the suite sees is checked against openapi.json: an undocumented status or a body off its schema fails the test here.
  assertConforms({ method, url: path, status: res.status, contentType: res.headers.get('content-type'), body: parsed });
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const as = (roles: RoleName[], who?: { sub?: string; name?: string; email?: string }) => ({
  get: async <T = any>(path: string, o: CallOptions = {}) => call<T>('GET', path, { ...o, token: await tokenFor(roles, who) }),
  post: async <T = any>(path: string, body?: unknown, o: CallOptions = {}) => call<T>('POST', path, { ...o, body, token: await tokenFor(roles, who) }),
  patch: async <T = any>(path: string, body?: unknown, o: CallOptions = {}) => call<T>('PATCH', path, { ...o, body, token: await tokenFor(roles, who) }),
  delete: async <T = any>(path: string, o: CallOptions = {}) => call<T>('DELETE', path, { ...o, token: await tokenFor(roles, who) }),
});

export const caseworker = as(['caseworker']);
export const auditor = as(['auditor']);
export const som = as(['statutory-operations-manager'], { sub: 'som-1', name: 'Sam Manager', email: 'sam.manager@opcc.localhost' });
export const lineManager = as(['line-manager']);
export const headOfAssurance = as(['head-of-assurance']);

export const uniqueKey = () => randomUUID();

/** Moves the local stack's clock. */
export async function setClock(now: string): Promise<void> {
  const res = await fetch(`${apiUrl()}/local/clock`, { method: 'POST', body: JSON.stringify({ now }) });
  if (res.status !== 200) throw new Error(`clock: ${res.status}`);
}

export async function outboxEmail(): Promise<{ to: string[]; subject: string; text: string; html?: string; attachments: { filename: string }[]; sentAt: string }[]> {
  const res = await fetch(`${apiUrl()}/local/outbox/email`);
  return ((await res.json()) as { items: never[] }).items;
}

/** Creates a person and a case for tests that need them. */
export async function newPersonWithCase(overrides: Record<string, unknown> = {}) {
  const person = await caseworker.post('/service-users', {
    name: 'Alex Example',
    emails: [`alex.${randomUUID().slice(0, 8)}@example.com`],
    postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' },
    ...overrides,
  });
  if (person.status !== 201) throw new Error(`person: ${person.status} ${JSON.stringify(person.body)}`);
  const kase = await caseworker.post('/cases', { serviceUserId: person.body.id, type: 'COMPLAINT', subject: 'Handling of a complaint' });
  if (kase.status !== 201) throw new Error(`case: ${kase.status} ${JSON.stringify(kase.body)}`);
  return { person: person.body, kase: kase.body };
}

/** Polls `read` until `ok` holds (background work: the state machine, the post queue), or the time runs out. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

/** Every factor of policy 1.4 answered, as a strategy needs before it is submitted. */
export const COMPLETE_FACTORS = {
  additionalNeeds: { answer: 'NO' },
  faqSignposted: { answer: 'YES' },
  outcomeExplained: { answer: 'YES' },
  rightOfReviewAdvised: { answer: 'YES' },
  correctlySignposted: { answer: 'YES' },
  informedBehaviourUnacceptable: { answer: 'YES', notes: 'Told in writing on two occasions.' },
  freshMattersAccessible: { answer: 'YES' },
};

/** The UK calendar date `n` months from today (real time). */
export const inMonths = (n: number) => addMonths(ukDateOf(new Date()), n);

/** A letter put on the local post queue, as `GET /local/outbox/post` lists it. */
export type PostedLetter = Omit<PackManifest, 'packKey' | 'createdAt'> & { queuedAt: string; status: string };

export async function outboxPost(): Promise<PostedLetter[]> {
  const res = await fetch(`${apiUrl()}/local/outbox/post`);
  if (res.status !== 200) throw new Error(`outbox/post: ${res.status}`);
  return ((await res.json()) as { items: PostedLetter[] }).items;
}

/** A person with an open complaint and an open correspondence case. */
export async function newPersonWithTwoCases(overrides: Record<string, unknown> = {}) {
  const { person, kase } = await newPersonWithCase(overrides);
  const second = await caseworker.post('/cases', { serviceUserId: person.id, type: 'CORRESPONDENCE', subject: 'Further correspondence' });
  if (second.status !== 201) throw new Error(`second case: ${second.status} ${JSON.stringify(second.body)}`);
  return { person, caseIds: [kase.id as string, second.body.id as string] };
}

/** Drafts a strategy as `by` and submits it for a decision; answers the strategy id. */
export async function draftAndSubmit(by: ReturnType<typeof as>, strategy: Record<string, unknown>): Promise<string> {
  const draft = await by.post('/strategies', { factors: COMPLETE_FACTORS, ...strategy });
  if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${JSON.stringify(draft.body)}`);
  const submitted = await by.post(`/strategies/${draft.body.id}/submit`, {});
  if (submitted.status !== 200 || submitted.body.status !== 'PENDING_APPROVAL') throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return draft.body.id as string;
}

/** A case timeline entry as the tests read it. */
export interface TimelineItem {
  at: string;
  actor: { sub: string; name: string };
  kind: string;
  summary: string;
  fields?: Record<string, unknown>;
  ref: Record<string, string>;
}

/** A case's timeline, oldest first (up to 100 entries: enough for any one test's case). */
export const timelineOf = async (caseId: string) => (await caseworker.get(`/cases/${caseId}/timeline?limit=100`)).body.items as TimelineItem[];

/** The fields a problem names, sorted. */
export const problemPaths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path).sort();

/** Every contact in the managers' inbox of potential breaches, page after page. */
export async function potentialBreachIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await som.get(`/contacts/potential-breaches?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (res.status !== 200) throw new Error(`potential breaches answered ${res.status}`);
    ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

/** `POST /local/faults`: makes email and/or post fail on the local stack (a string is sent as it is, to test bad bodies). */
export const localFaults = (body: unknown) => fetch(`${apiUrl()}/local/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/**
 * A strategy `by` proposed, approved while email and post both fail: every letter
 * fails, so it ends NOT_NOTIFIED (not in force) and the SOM is alerted. The faults
 * are cleared before it returns.
 */
export async function approvedWhileDeliveryFails(by: ReturnType<typeof as>, name: string) {
  const { person, kase } = await newPersonWithCase({ name });
  const id = await draftAndSubmit(by, {
    serviceUserId: person.id,
    caseIds: [kase.id],
    reason: 'Repeated abusive telephone calls to caseworkers about the same matter.',
    purpose: 'Keep contact in writing while the complaint is dealt with.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'NO_TELEPHONE' }],
  });
  // The SOM has been asked (that email went out) before delivery starts failing.
  await eventually(outboxEmail, (es) => es.some((e) => e.subject.includes(name) && /decision needed/i.test(e.subject)));
  expect((await localFaults({ email: true, post: true })).status).toBe(204);
  const decided = await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate.' });
  expect(decided.status).toBe(200);
  const s = await eventually(
    () => caseworker.get(`/strategies/${id}`),
    (r) => r.body.status !== 'APPROVED' && r.body.history.some((h: { event: string }) => h.event.startsWith('NOT_NOTIFIED_SOM')),
  );
  expect((await localFaults({})).status).toBe(204);
  return { id, person, kase, strategy: s.body };
}
