import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
import { docsCsp } from '../../console/csp.js';
import { apiUrl } from './client.js';

/** The API reference (scripts/api-docs.ts) as the local stack serves it: no token needed. */
const get = (path: string) => fetch(`${apiUrl()}${path}`);
// Served over plain http on loopback, without the directive that would upgrade it (local/console.ts).
const LOCAL_DOCS_CSP = docsCsp().replace('; upgrade-insecure-requests', '');

describe('the API reference at /docs', () => {
  it('is a page titled with the API, under its own CSP, that needs no token', async () => {
    for (const path of ['/docs', '/docs/']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(LOCAL_DOCS_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).toContain('<title>contact-strategy API</title>');
      // Nothing inline, nothing from elsewhere: every script is one of its own files.
      expect(html).not.toMatch(/<style|<script(?![^>]*\ssrc="\/docs\/)/);
      expect(html).not.toMatch(/(src|href)="https?:/);
    }
  });

  it('loads only its own files, which carry the API description with every summary', async () => {
    const html = await (await get('/docs')).text();
    const files = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.sort()).toEqual(['/docs/redoc.standalone.js', '/docs/reference.js']);
    for (const file of files) {
      const res = await get(file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('content-security-policy'), file).toBe(LOCAL_DOCS_CSP);
    }
    const reference = await (await get('/docs/reference.js')).text();
    expect(reference).toContain('import { hydrate } from "/docs/redoc.standalone.js"');
    expect(reference).toContain('Screen an inbound contact against the strategy in force');
    for (const route of ROUTES) expect(reference, `${route.method} ${route.path}`).toContain(JSON.stringify(route.summary).slice(1, -1));
  });

  it('leaves the console its strict CSP and answers 404 for a file it does not have', async () => {
    const consolePage = await get('/');
    expect(consolePage.headers.get('content-security-policy')).toContain("trusted-types 'none'");
    expect(consolePage.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect((await get('/docs/missing.js')).status).toBe(404);
  });
});

describe('the OpenAPI document at /openapi.json', () => {
  it('needs no token and, like every API answer, is Cache-Control: no-store', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/openapi.json');
  });
});
