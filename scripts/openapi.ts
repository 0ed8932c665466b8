import { writeFileSync } from 'node:fs';
import { API_FUNCTIONS } from '../lib/routes.js';
import { buildOpenApi } from '../lib/openapi.js';
import { installAdapters, type Adapters } from '../lib/wiring.js';

/**
 * Generating the document reads the handlers' schemas only: their ports are never
 * called, so no AWS adapter (nor the settings it is built from) is needed. Each
 * stand-in says so if it is ever called.
 */
function installInertAdapters(): void {
  const inert = <K extends keyof Adapters>(port: K) =>
    new Proxy({} as Adapters[K], {
      get: (_target, method) => () => {
        throw new Error(`${port}.${String(method)} was called while generating openapi.json`);
      },
    });
  installAdapters({ mailer: inert('mailer'), postQueue: inert('postQueue'), postPacks: inert('postPacks'), policyDocuments: inert('policyDocuments'), workflowEngine: inert('workflowEngine'), disposalQueue: inert('disposalQueue') });
}

/** `npm run openapi`: regenerates openapi.json from the handlers' own schemas. */
export async function generate(): Promise<string> {
  installInertAdapters();
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
