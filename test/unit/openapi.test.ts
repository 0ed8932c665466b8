import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
import { generate } from '../../scripts/openapi.js';

describe('the OpenAPI document', () => {
  it('is generated from the schemas the handlers validate with and is up to date (run npm run openapi)', async () => {
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
});
