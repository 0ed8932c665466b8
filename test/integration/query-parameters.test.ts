import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, caseworker, COMPLETE_FACTORS, inMonths, newPersonWithCase, tokenFor } from './client.js';

/**
 * Every query parameter of every route, sent out of its range: always 400 or 422
 * naming the parameter, never 5xx. The list of parameters is read from openapi.json,
 * so a new parameter fails this test until its hostile values are written here.
 */
const OUT_OF_RANGE: Record<string, string[]> = {
  limit: ['0', '101', '-1', 'abc', '1.5', 'Infinity', '1e309', '', '99999999999999999999'],
  cursor: ['garbage', '%00', 'x'.repeat(2001), Buffer.from('{"pk":{"S":"x"}}').toString('base64url'), Buffer.from('[]').toString('base64url')],
  // Personal data never goes in a URL: any value at all is refused.
  email: ['jo@example.com'],
  phone: ['07700900123'],
  name: ['Jo Bloggs'],
  reference: ['OPCC-2026-00012', 'OPCC-2026-000123%E2%80%8B', 'x'.repeat(300), '%00'],
  from: ['9999-12', '1999-12', '0000-01', '2026-13', '2026-00', '2026-1', '2026-02-30', 'yesterday', '%E2%80%AE2026-01'],
  to: ['9999-12', '1999-12', '0000-01', '2026-13', '2026-00', '2026-1', '2026-02-30', 'yesterday', '%E2%80%AE2026-01'],
  by: ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '26-01-01', 'tomorrow', '%E2%80%8B2026-01-01'],
  status: ['NOPE', '', 'active', '%00'],
  escalation: ['NOPE', '', 'awaiting_line_manager'],
  checked: ['yes', '1', '', 'TRUE'],
  reason: ['NOPE', '', 'consent_withdrawn', '%00'],
  spoc: ['', 'x'.repeat(65), '%E2%80%8Bstaff-1', '%0Astaff-1'],
};

/** The contact window takes instants, not months: the same names, its own hostile values. */
const CONTACT_WINDOW = ['2026-02-30T00:00:00Z', '2025-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01', 'now', '9999-99-99T00:00:00Z'];

/** What a route needs besides the parameter under test (its required parameters, valid). */
const REQUIRED: Record<string, Record<string, string>> = {
  '/incidents': { escalation: 'AWAITING_LINE_MANAGER' },
  '/strategies': { status: 'DRAFT' },
  '/letters': { status: 'PRINT_READY' },
};

type Op = { parameters?: { name: string; in: string }[] };
const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, Op>> };
const queryParams = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).flatMap(([method, op]) => (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ method: method.toUpperCase(), path, name: p.name }))),
);

describe('query parameters out of range', () => {
  const ids: Record<string, string> = {};
  let token: string;

  beforeAll(async () => {
    const { person, kase } = await newPersonWithCase();
    ids.person = person.id;
    ids.case = kase.id;
    const draft = await caseworker.post('/strategies', {
      factors: COMPLETE_FACTORS,
      serviceUserId: person.id,
      caseIds: [kase.id],
      reason: 'Repeated calls about the same matter.',
      purpose: 'Keep contact in writing.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'NO_TELEPHONE' }],
    });
    expect(draft.status).toBe(201);
    ids.strategy = draft.body.id;
    token = await tokenFor(['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'], { sub: 'query-params-all-roles' });
  });

  it('has hostile values for every query parameter the document lists', () => {
    expect(queryParams.length).toBeGreaterThan(30);
    for (const p of queryParams) expect(OUT_OF_RANGE[p.name], `${p.method} ${p.path} ?${p.name}`).toBeDefined();
  });

  for (const p of queryParams) {
    it(`${p.method} ${p.path} ?${p.name}: 400 or 422 naming it, never 5xx`, async () => {
      const path = p.path
        .replace('{id}', p.path.startsWith('/service-users') ? ids.person! : p.path.startsWith('/cases') ? ids.case! : ids.strategy!)
        .replace('{repId}', 'NO-SUCH-REPRESENTATIVE');
      // `status` and `spoc` are alternatives on GET /strategies: the other one is left out.
      const others = Object.entries(REQUIRED[p.path] ?? {})
        .filter(([name]) => name !== p.name && !(p.name === 'spoc' && name === 'status')).map(([name, v]) => `&${name}=${v}`).join('');
      const values = p.path === '/service-users/{id}/contacts' && (p.name === 'from' || p.name === 'to') ? CONTACT_WINDOW : OUT_OF_RANGE[p.name]!;
      for (const value of values) {
        const encoded = /%[0-9A-F]{2}/.test(value) ? value : encodeURIComponent(value);
        const res = await call(p.method, `${path}?${p.name}=${encoded}${others}`, { token });
        const what = `${p.method} ${p.path}?${p.name}=${value.slice(0, 40)} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect([400, 422], what).toContain(res.status);
        expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path), what).toContain(`query.${p.name}`);
      }
    });
  }

  it('still answers the edges of each range', async () => {
    const edges = [
      `/governance/figures?from=2000-01&to=2000-12`,
      `/governance/figures?from=2099-01&to=2099-12`,
      `/reviews/due?by=2028-02-29`,
      `/service-users/${ids.person}/contacts?from=2024-02-29T00:00:00Z&to=2026-01-01T00:00:00%2B01:00`,
      `/strategies?status=ACTIVE&limit=100`,
      `/cases/${ids.case}/timeline?limit=1`,
    ];
    for (const path of edges) expect((await call('GET', path, { token })).status, path).toBe(200);
  });
});
