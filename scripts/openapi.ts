import { writeFileSync } from 'node:fs';
import { API_FUNCTIONS } from '../lib/routes.js';
import { buildOpenApi } from '../lib/openapi.js';

/** `npm run openapi`: regenerates openapi.json from the handlers' own schemas. */
export async function generate(): Promise<string> {
  const modules: Record<string, { routes: never }> = {};
  for (const fn of API_FUNCTIONS) {
    if (fn === 'openapi') continue;
    const mod = (await import(`../functions/${fn}.ts`)) as { handler: { routes: never } };
    modules[fn] = { routes: mod.handler.routes };
  }
  return `${JSON.stringify(buildOpenApi(modules), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('openapi.ts')) {
  writeFileSync('openapi.json', await generate());
  console.log('wrote openapi.json');
}
