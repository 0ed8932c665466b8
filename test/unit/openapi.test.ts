import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES, statusesOf } from '../../lib/routes.js';
import { generate } from '../../scripts/openapi.js';

describe('the OpenAPI document', () => {
  // It imports every handler module: slow on a cold, busy machine.
  it('is generated from the schemas the handlers validate with and is up to date (run npm run openapi)', { timeout: 30_000 }, async () => {
    const fresh = await generate();
    expect(JSON.parse(readFileSync('openapi.json', 'utf8'))).toEqual(JSON.parse(fresh));
  });

  it('documents every route, its roles and the body each creating or changing route takes', async () => {
    const doc = JSON.parse(await generate()) as { paths: Record<string, Record<string, { requestBody?: unknown; description?: string }>> };
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.fn !== 'openapi') expect(op?.description, `${r.method} ${r.path}`).toMatch(/^Roles: /);
    }
    expect(doc.paths['/strategies']?.post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { type: 'object' } } } });
  });

  it("gives every operation the route table's summary, a unique operationId and a declared, described tag", () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
      tags: { name: string; description?: string }[];
      paths: Record<string, Record<string, { summary?: string; operationId?: string; tags?: string[] }>>;
    };
    const tags = new Set(doc.tags.filter((t) => t.description).map((t) => t.name));
    const ids = new Set<string>();
    for (const r of ROUTES) {
      const op = doc.paths[r.path]![r.method.toLowerCase()]!;
      expect(op.summary, `${r.method} ${r.path}`).toBe(r.summary);
      expect(r.summary.length, `${r.method} ${r.path}`).toBeLessThanOrEqual(80);
      expect(ids.has(op.operationId!), op.operationId).toBe(false);
      ids.add(op.operationId!);
      expect(op.tags?.every((t) => tags.has(t)), `${r.method} ${r.path}`).toBe(true);
    }
  });

  it('documents for each route exactly the statuses the route table declares: 201 only for a POST that creates', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const r of ROUTES) {
      const statuses = Object.keys(doc.paths[r.path]![r.method.toLowerCase()]!.responses).map(Number);
      expect(statuses, `${r.method} ${r.path}`).toEqual(statusesOf(r));
      if (r.success === 201) expect(r.method, `${r.method} ${r.path}`).toBe('POST');
    }
    const success = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)?.success;
    // Searching and recording how a person was told create nothing.
    expect(success('POST', '/service-users/search')).toBe(200);
    expect(success('POST', '/strategies/{id}/notified')).toBe(200);
    expect(success('POST', '/service-users')).toBe(201);
    // Only a PATCH can lack If-Match; a read of one record can be neither a conflict nor a broken rule.
    for (const r of ROUTES) {
      if (r.method !== 'PATCH') expect(statusesOf(r), `${r.method} ${r.path}`).not.toContain(428);
      if (r.method === 'GET') expect(statusesOf(r), `${r.method} ${r.path}`).not.toContain(409);
      expect(statusesOf(r).includes(404), `${r.method} ${r.path}`).toBe(r.path.includes('{') || r.path === '/contacts/screen');
    }
  });

  it('documents Idempotency-Key only where a request is remembered, and If-Match where a stale version is refused', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean }[] }>> };
    const headers = (method: string, path: string) => (doc.paths[path]![method]!.parameters ?? []).filter((p) => p.in === 'header').map((p) => `${p.name}${p.required ? '*' : ''}`);
    expect(headers('post', '/service-users')).toEqual(['Idempotency-Key']);
    expect(headers('post', '/contacts/screen')).toEqual(['Idempotency-Key']);
    expect(headers('post', '/service-users/search')).toEqual([]);
    expect(headers('post', '/strategies/{id}/decision')).toEqual([]);
    expect(headers('post', '/cases/{id}/conclude')).toEqual(['If-Match']);
    expect(headers('patch', '/strategies/{id}')).toEqual(['If-Match*']);
  });

  it('names its servers: the local stack and a deployment', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { servers: { url: string; description: string }[] };
    expect(doc.servers.map((s) => s.url)).toEqual(['http://127.0.0.1:3000', 'https://{consoleDomain}']);
    for (const s of doc.servers) expect(s.description).not.toBe('');
  });
});
