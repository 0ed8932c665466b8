import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
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

  it('names its servers: the local stack and a deployment', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { servers: { url: string; description: string }[] };
    expect(doc.servers.map((s) => s.url)).toEqual(['http://127.0.0.1:3000', 'https://{consoleDomain}']);
    for (const s of doc.servers) expect(s.description).not.toBe('');
  });
});
