/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LETTER_KINDS } from '../../lib/domain/letters/index.js';
import { TIMELINE_KINDS } from '../../lib/domain/timeline-kinds.js';
import { addDays, addMonths, outboxEmail, outboxPost, setClock, ukDateOf, type RoleName } from '../integration/client.js';
import { caseworker, consoleUrl, expectAccessible, lineManager, som, trackedTabs, uniqueKey } from './helpers.js';
import { activeStrategy, conclude, kase, person, printReadyLetter, submitted } from './seed.js';

/**
 * The walk: every role, in one tab each, through every screen its navigation offers
 * and the pages of one richly seeded person (their cases, strategy, letters, the forms
 * for a breach and an appeal), checking that no screen and no letter shows a record id
 * or a code of the API's, and running axe once on each distinct screen. Every finding
 * of every screen is collected before the one assertion, so a failure lists them all.
 */
const tab = trackedTabs();

/** A record id (a ULID). */
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;
/** A code in UPPER_SNAKE case. */
const SNAKE = /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/g;
/**
 * The API's one-word codes (every enum value openapi.json lists, the letter and timeline
 * kinds) shown as they are. "MP" is left out: it is also the ordinary title of a Member of
 * Parliament. "SPOC" is added: it is jargon, and screens and letters say "single point of contact".
 */
const openapi = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as unknown;
function enumWords(o: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(o)) for (const x of o) enumWords(x, into);
  else if (o && typeof o === 'object') {
    const { enum: values } = o as { enum?: unknown };
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') into.add(v);
    for (const v of Object.values(o)) enumWords(v, into);
  }
  return into;
}
const WORD_CODES = [...new Set([...enumWords(openapi), ...LETTER_KINDS, ...TIMELINE_KINDS])].filter((w) => /^[A-Z]{2,}$/.test(w) && w !== 'MP');
const WORD = new RegExp(`\\b(?:${WORD_CODES.join('|')})\\b`, 'g');
/** Staff's jargon a letter must not use (screens may, spelled out: "Single point of contact (SPOC)"). */
const JARGON = /\bSPOC\b/g;

/** Each id or code in `text`, with a little of the text around it so the report says where it is. */
function codesIn(text: string, letter = false): string[] {
  const found: string[] = [];
  for (const re of letter ? [ULID, SNAKE, WORD, JARGON] : [ULID, SNAKE, WORD]) {
    for (const m of text.matchAll(re)) {
      const at = m.index;
      found.push(`${m[0]} in “${text.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' ').trim()}”`);
    }
  }
  return found;
}

const JO = { staffId: 'st-walk-jo', staffName: 'Jo Bloggs' };
const SAM = { staffId: 'st-walk-sam', staffName: 'Sam Handover' };
const KIM = { staffId: 'st-walk-kim', staffName: 'Kim Cover' };
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

interface Seeded {
  personId: string;
  name: string;
  emails: string[];
  repEmail: string;
  caseIds: string[];
  strategyId: string;
  letters: { id: string; kind: string; channel: string; status: string }[];
}
let seeded: Seeded;

/** Everything the screens can show about one person, made over the API. */
async function seed(): Promise<Seeded> {
  // A disposal proposed for someone due (six years on by the stack's clock), before anything else is seeded at today's date.
  const due = await person({ name: `Devon Walk ${randomUUID().slice(0, 6)}` });
  await setClock(`${addMonths(ukDateOf(new Date()), 12 * 6 + 1)}T12:00:00.000Z`);
  try {
    const proposed = await som.post('/disposals', { serviceUserIds: [due.id], reason: 'Six years on the record with no case.' }, { headers: { 'idempotency-key': uniqueKey() } });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  } finally {
    await setClock(new Date().toISOString());
  }

  const p = await person({ name: `Robin Walk ${randomUUID().slice(0, 6)}` });
  const repEmail = `rep.${randomUUID().slice(0, 8)}@advocacy.example`;
  const rep = await caseworker.post(`/service-users/${p.id}/representatives`, { name: 'Pat Advocate', kind: 'ADVOCATE', emails: [repEmail], postalAddress: { lines: ['2 Advocacy House', 'Hull'], postcode: 'HU2 8AA' }, copyLetters: true, consent: { recordedAt: hourAgo(), how: 'Signed consent form' } }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(rep.status, JSON.stringify(rep.body)).toBe(201);
  const old = await kase(p.id, 'Complaint about the handling of a noise report');
  await conclude(old.id);
  const open = await kase(p.id);

  // Incidents: a threatening visit with the police called (left for the line manager), and a call escalated to the Head of Assurance.
  const visit = await caseworker.post(`/cases/${open.id}/incidents`, { occurredAt: hourAgo(), channel: 'VISIT', behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'], description: 'Came to reception and threatened a caseworker.', callTerminated: false, warningGiven: true, policeCalled: { at: hourAgo(), policeReference: 'HP-2026-11873' } });
  expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  const call = await caseworker.post(`/cases/${open.id}/incidents`, { occurredAt: hourAgo(), channel: 'PHONE', behaviours: ['HARASSMENT_INTIMIDATION_OR_THREATS'], description: 'Threatened to damage a caseworker’s car.', callTerminated: true, warningGiven: true });
  expect(call.status, JSON.stringify(call.body)).toBe(201);
  const escalated = await lineManager.post(`/incidents/${call.body.id}/escalate`, { welfareSupportOffered: true, notes: 'Welfare support offered; this needs the Head of Assurance.' });
  expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);

  const warning = await caseworker.post(`/service-users/${p.id}/warnings`, { caseIds: [open.id], behaviours: ['REPEAT_CORRESPONDENCE_SAME_ISSUE'], explanation: 'The same complaint, again.' }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(warning.status, JSON.stringify(warning.body)).toBe(201);

  const s = await activeStrategy(p.id, [old.id, open.id], [{ type: 'SINGLE_POINT_OF_CONTACT', ...JO }, { type: 'TELEPHONE_LIMIT', maxCalls: 1, per: 'WEEK' }, { type: 'RECORD_CALLS' }, { type: 'LOG_ONLY', caseIds: [old.id] }]);
  const handed = await som.post(`/strategies/${s.id}/spoc`, { ...SAM, reason: 'Jo moves team.' });
  expect(handed.status, JSON.stringify(handed.body)).toBe(200);
  const today = ukDateOf(new Date());
  const cover = await caseworker.post(`/strategies/${s.id}/spoc-cover`, { ...KIM, from: today, until: addDays(today, 3), reason: 'Sam is on leave.' });
  expect(cover.status, JSON.stringify(cover.body)).toBe(200);

  // A breach: legal advice sought, then given.
  const breach = await caseworker.post(`/strategies/${s.id}/breaches`, { occurredAt: hourAgo(), description: 'Rang three times in a week about the concluded complaint.' });
  expect(breach.status, JSON.stringify(breach.body)).toBe(201);
  const sought = await som.post(`/breaches/${breach.body.id}/decision`, { actions: ['LEGAL_ADVICE'], notes: 'The calls may be harassment: ask the solicitor.' }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(sought.status, JSON.stringify(sought.body)).toBe(200);
  const advised = await som.post(`/breaches/${breach.body.id}/legal-advice`, { receivedAt: new Date().toISOString(), summary: 'No action is needed yet.', outcome: 'NO_FURTHER_ACTION', notes: 'Advice followed.' }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(advised.status, JSON.stringify(advised.body)).toBe(200);

  const appeal = await caseworker.post(`/strategies/${s.id}/appeals`, { receivedAt: new Date(Date.now() - 1000).toISOString(), grounds: 'I was never told my calls were a problem.' });
  expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
  // Contacts screened against the strategy: a call (through the single point of contact), and an email
  // demanding the concluded case back, logged without a reply (the unanswered list).
  for (const contact of [{ channel: 'PHONE', caseId: open.id, summary: 'Asked for an update on the open complaint.' }, { channel: 'EMAIL', caseId: old.id, summary: 'Wants the noise complaint re-opened.' }]) {
    const screened = await caseworker.post('/contacts/screen', { serviceUserId: p.id, ...contact }, { headers: { 'idempotency-key': uniqueKey() } });
    expect(screened.status, JSON.stringify(screened.body)).toBe(200);
  }
  const remit = await caseworker.post('/contacts', { serviceUserId: p.id, channel: 'PHONE', direction: 'INBOUND', occurredAt: new Date().toISOString(), summary: 'About a parking fine', outsideRemit: { signpostedTo: 'The local council' } }, { headers: { 'idempotency-key': uniqueKey() } });
  expect(remit.status, JSON.stringify(remit.body)).toBe(201);
  const hold = await som.post(`/service-users/${p.id}/legal-hold`, { reason: 'A claim is before the county court.' });
  expect(hold.status, JSON.stringify(hold.body)).toBe(200);

  // A posted letter that came back.
  const posted = await printReadyLetter(s.id);
  expect((await caseworker.post(`/letters/${posted.id}/posted`, { postedAt: hourAgo() })).status).toBe(200);
  expect((await caseworker.post(`/letters/${posted.id}/returned`, { returnedAt: new Date().toISOString(), reason: 'Not known at this address' })).status).toBe(200);

  // Someone else's proposal waiting in the manager inbox.
  const other = await person({ name: `Sky Walk ${randomUUID().slice(0, 6)}` });
  await submitted(other.id, [(await kase(other.id)).id], [{ type: 'NO_TELEPHONE' }]);

  // Every letter by email and post, the representative's copies and the handover letter included,
  // each emailed or in the print queue (so the outbox holds it).
  const lettersOf = async () => (await caseworker.get(`/service-users/${p.id}/letters?limit=100`)).body.items as { id: string; kind: string; channel: string; status: string; copyFor?: unknown }[];
  await vi.waitFor(async () => {
    const ls = await lettersOf();
    const all = ['WARNING', 'IMPLEMENTED', 'SPOC_CHANGED'].every((k) => ['EMAIL', 'POST'].every((ch) => ls.some((l) => l.kind === k && l.channel === ch && !l.copyFor) && ls.some((l) => l.kind === k && l.channel === ch && l.copyFor)));
    expect(all && ls.every((l) => l.status !== 'QUEUED'), JSON.stringify(ls.map((l) => [l.kind, l.channel, l.status, Boolean(l.copyFor)]))).toBe(true);
  }, { timeout: 30_000, interval: 250 });
  return { personId: p.id, name: p.name, emails: p.emails, repEmail, caseIds: [old.id, open.id], strategyId: s.id, letters: await lettersOf() };
}

beforeAll(async () => {
  seeded = await seed();
});

afterAll(async () => {
  await setClock(new Date().toISOString());
});

const ROLES: RoleName[] = ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'];

/** The screens of each role's navigation (console/src/main.ts), with the heading each shows. */
const NAV: { hash: string; h1: RegExp; roles?: RoleName[] }[] = [
  { hash: '#/desk', h1: /Screening desk/ },
  { hash: '#/my-strategies', h1: /My strategies/ },
  { hash: '#/register', h1: /Register of contact strategies/ },
  { hash: '#/inbox', h1: /Manager inbox/ },
  { hash: '#/print-queue', h1: /Print queue/, roles: ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance'] },
  { hash: '#/unanswered', h1: /Contacts logged without a reply/, roles: ['line-manager', 'statutory-operations-manager'] },
  { hash: '#/queues', h1: /Incident queue/, roles: ['line-manager', 'head-of-assurance'] },
  { hash: '#/governance', h1: /Governance/ },
  { hash: '#/retention', h1: /Retention and disposal/, roles: ['statutory-operations-manager', 'head-of-assurance', 'auditor'] },
];

/** Every screen the role reaches: its navigation, then the seeded person's pages and letters. `key` names the distinct screen axe runs on once. */
function screensFor(role: RoleName): { hash: string; h1: RegExp; key: string }[] {
  const s = seeded;
  const records = role !== 'auditor';
  return [
    ...NAV.filter((n) => !n.roles || n.roles.includes(role)).map((n) => ({ ...n, key: n.hash })),
    { hash: `#/desk?person=${s.personId}`, h1: /Screening desk/, key: 'desk-person' },
    { hash: `#/people/${s.personId}`, h1: new RegExp(s.name), key: 'person' },
    ...(role === 'statutory-operations-manager' || role === 'auditor' ? [{ hash: `#/people/${s.personId}/export`, h1: /The information we hold about you/, key: 'export' }] : []),
    // The concluded case once; the open one, with its incidents and forms, for every role.
    ...(role === ROLES[0] ? s.caseIds : s.caseIds.slice(1)).map((id) => ({ hash: `#/cases/${id}`, h1: /./, key: `case ${id}` })),
    { hash: `#/strategies/${s.strategyId}`, h1: /Contact strategy/, key: 'strategy' },
    ...(records
      ? [
          { hash: `#/strategies/${s.strategyId}/breach`, h1: /Report a breach/, key: 'breach' },
          { hash: `#/strategies/${s.strategyId}/appeal`, h1: /Record an appeal/, key: 'appeal' },
        ]
      : []),
    // The forms behind the person's and the case's pages, and a new strategy's task list and
    // restrictions: the same for every role that records, so walked by one (not the first,
    // which reads every letter: the roles walk side by side, so the work is shared out).
    ...(role === 'line-manager'
      ? [
          { hash: `#/people/${s.personId}?edit=details`, h1: /Change details/, key: 'person-edit' },
          { hash: `#/cases/${s.caseIds[1]}?log=incident`, h1: /./, key: 'case-incident' },
          { hash: `#/strategies/new?person=${s.personId}`, h1: /Propose a contact strategy/, key: 'strategy-new' },
          { hash: `#/strategies/new/restrictions?person=${s.personId}`, h1: /Cases and restrictions/, key: 'strategy-restrictions' },
        ]
      : []),
    // The letter text is the same whoever reads it: the first role reads every letter; the
    // others one of each status, which decides what the screen offers them (send again, record it returned).
    ...(role === ROLES[0] ? s.letters : [...new Map(s.letters.map((l) => [l.status, l])).values()]).map((l) => ({ hash: `#/letters/${l.id}`, h1: /./, key: 'letter' })),
  ];
}

/**
 * Opens `hash` in the same page and waits for its own h1: the heading of the screen
 * before is marked first, so it cannot satisfy the wait (two letters may share a subject).
 */
async function visit(page: Page, hash: string, h1: RegExp) {
  await page.evaluate((to) => {
    document.querySelectorAll('h1').forEach((el) => el.setAttribute('data-walked', ''));
    // The same address again fires no hashchange of its own: the console renders on that event.
    if (location.hash === to) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = to;
  }, hash);
  await page.locator('main h1:not([data-walked])').first().waitFor({ timeout: 30_000 });
  const heading = (await page.locator('main h1').first().textContent()) ?? '';
  // Sections that load after the page (the strategy's appeals) are waited for too.
  await page.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 30_000 });
  return h1.test(heading) ? undefined : `heading “${heading}”, expected ${String(h1)}`;
}

const axed = new Set<string>();

// The roles walk side by side: each waits on the API and its own renderer, and one role's wait is another's work.
describe.concurrent('the walk of every role', () => {
  for (const role of ROLES) {
    it(`${role}: every screen shows words, no id or code, and passes axe`, async ({ expect }) => {
      const { page } = await tab([role]);
      await page.goto(consoleUrl('#/desk'));
      await page.locator('main h1').first().waitFor();
      const findings: string[] = [];
      for (const { hash, h1, key } of screensFor(role)) {
        const where = `${role} ${hash.replace(/[0-9A-HJKMNP-TV-Z]{26}/g, ':id')}`;
        const wrong = await visit(page, hash, h1);
        if (wrong) findings.push(`${where}: ${wrong}`);
        const text = await page.evaluate(() => document.body.innerText);
        for (const c of codesIn(text, key === 'letter')) findings.push(`${where}: ${c}`);
        if (!axed.has(key)) {
          axed.add(key);
          await expectAccessible(page, `walk ${key}`).catch((e: unknown) => findings.push(`${where}: axe: ${e instanceof Error ? e.message : String(e)}`));
        }
      }
      expect(findings).toEqual([]);
    });
  }

  it('the letters as they went out, by email and post, to the person and their representative, show no id or code', async ({ expect }) => {
    const to = new Set([...seeded.emails, seeded.repEmail]);
    const emails = (await outboxEmail()).filter((e) => e.to.some((a) => to.has(a)));
    const posts = (await outboxPost()).filter((l) => seeded.letters.some((x) => x.id === l.letterId));
    // Three letters (the warning, the strategy, the handover), each to the person and a copy to the representative.
    expect(emails.length).toBeGreaterThanOrEqual(6);
    expect(posts.length).toBeGreaterThanOrEqual(6);
    const findings = [
      // The HTML part as the reader sees it: its tags and attributes are not read.
      ...emails.flatMap((e) => codesIn(`${e.subject}\n${e.text}\n${(e.html ?? '').replace(/<[^>]*>/g, ' ')}`, true).map((c) => `email “${e.subject}”: ${c}`)),
      ...posts.flatMap((l) => codesIn(`${l.subject}\n${l.text}`, true).map((c) => `post “${l.subject}”: ${c}`)),
    ];
    expect(findings).toEqual([]);
  });
});


