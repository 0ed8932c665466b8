import { describe, expect, it } from 'vitest';
import { violations } from '../integration/openapi-conformance.js';

const problem = (status: number) => ({ type: `https://contact-strategy.opcc/problems/${status}`, title: 'x', status, detail: 'x', errors: [] });
const PROBLEM = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

describe("the integration suite's check of every answer against openapi.json", () => {
  it('passes an answer the document describes', () => {
    expect(violations({ method: 'POST', url: '/service-users/search', status: 200, contentType: JSON_TYPE, body: { items: [] } })).toEqual([]);
    expect(violations({ method: 'GET', url: '/cases/01J0/timeline?limit=5', status: 404, contentType: PROBLEM, body: problem(404) })).toEqual([]);
  });

  it('names the route, the status and the path of an undocumented status', () => {
    const found = violations({ method: 'POST', url: '/service-users/search', status: 201, contentType: JSON_TYPE, body: { items: [] } });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('POST /service-users/search answered 201');
    expect(found[0]).toContain('documents only 200, 400');
    // A GET that reads one record cannot be a conflict.
    expect(violations({ method: 'GET', url: '/strategies/01J0', status: 409, contentType: PROBLEM, body: problem(409) })[0]).toContain('GET /strategies/{id} answered 409 (request GET /strategies/01J0)');
  });

  it('refuses a problem off its schema and a success in the wrong media type', () => {
    const bad = violations({ method: 'GET', url: '/strategies/01J0', status: 404, contentType: PROBLEM, body: { title: 'Not Found' } });
    expect(bad.join('\n')).toMatch(/GET \/strategies\/\{id\} answered 404.*must have required property 'status'/);
    expect(violations({ method: 'GET', url: '/letters/01J0/pdf', status: 200, contentType: JSON_TYPE, body: {} })[0]).toContain('answered application/json, documented application/pdf');
  });

  it('checks a documented body schema: a contact page without items', () => {
    const found = violations({ method: 'GET', url: '/cases/01J0/contacts', status: 200, contentType: JSON_TYPE, body: { nextCursor: 'x' } });
    expect(found.join('\n')).toContain("must have required property 'items'");
    // Every route's body is documented: a strategy without its required fields, or in a status the API does not have, is refused.
    const strategy = violations({ method: 'GET', url: '/strategies/01J0', status: 200, contentType: JSON_TYPE, body: { id: '01J0', status: 'PAUSED' } }).join('\n');
    expect(strategy).toContain("must have required property 'restrictions'");
    expect(strategy).toContain('body/status must be equal to one of the allowed values');
  });

  it('refuses a table key attribute anywhere in an answer, though resources are loose', () => {
    const strategy = (extra: object) => ({ items: [{ id: '01J0', caseIds: [], restrictions: [], history: [], ...extra }] });
    const found = violations({ method: 'GET', url: '/cases/01J0/timeline', status: 200, contentType: JSON_TYPE, body: { items: [{ at: 'x', actor: { sub: 's', name: 'n' }, kind: 'CASE_OPENED', summary: 's', ref: {}, sk: 'TIMELINE#x' }] } });
    expect(found).toEqual(['GET /cases/{id}/timeline answered 200 (request GET /cases/01J0/timeline): body/items/0/sk is a table key attribute, internal to the store']);
    expect(violations({ method: 'GET', url: '/strategies?status=ACTIVE', status: 200, contentType: JSON_TYPE, body: strategy({ gsi2pk: 'x' }) }).join('\n')).toContain('body/items/0/gsi2pk is a table key attribute');
  });

  it('leaves alone what is not the API: local routes and unknown paths', () => {
    expect(violations({ method: 'POST', url: '/local/clock', status: 200, contentType: JSON_TYPE, body: {} })).toEqual([]);
    expect(violations({ method: 'GET', url: '/no/such/route', status: 404, contentType: PROBLEM, body: problem(404) })).toEqual([]);
  });
});
