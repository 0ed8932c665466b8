import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The console reads the API through the types inferred from the server's response
 * schemas (console/src/types.ts), never through hand-written copies that drift from
 * what the API answers; and it takes them as types only, so zod never reaches the
 * browser (the console's Trusted Types policy refuses it at run time).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'console', 'src');
const read = (path: string) => readFileSync(join(SRC, path), 'utf8');

/** Shapes a screen keeps for itself, never an API answer: a chart's line. */
const SCREEN_ONLY_INTERFACES = new Set(['views/governance.ts Series']);

describe('the console\'s API types', () => {
  const types = read('types.ts');
  const exported = [...types.matchAll(/^export type (\w+)(?:<[^>]*>)? = (.+);$/gm)].map(([, name, definition]) => ({ name: name as string, definition: definition as string }));

  it('are each inferred from a response schema in lib/schemas, or derived from one that is', () => {
    expect(exported.length).toBeGreaterThan(20);
    expect(types).not.toMatch(/^\s*(export )?interface /m);
    expect(types).not.toMatch(/^(export )?type \w+(<[^>]*>)? = \{/m);
    const names = new Set(exported.map((t) => t.name));
    const underived = exported.filter(({ definition }) => !/\bAnswer<typeof \w+>/.test(definition) && ![...definition.matchAll(/\b[A-Z]\w*/g)].some(([word]) => names.has(word)));
    expect(underived.map((t) => t.name)).toEqual([]);
    const imports = [...types.matchAll(/^import (.*) from '([^']+)';$/gm)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, what, from] of imports) {
      expect(what, from).toMatch(/^type /);
      expect(from).toMatch(/^(zod|\.\.\/\.\.\/lib\/schemas\/[\w-]+\.js)$/);
    }
  });

  it('are not redeclared by the views: no interface for a resource, no inline type for an answer', () => {
    const views = readdirSync(join(SRC, 'views')).filter((f) => f.endsWith('.ts'));
    expect(views.length).toBeGreaterThan(20);
    const interfaces = views.flatMap((f) => [...read(`views/${f}`).matchAll(/^(?:export )?interface (\w+)/gm)].map(([, name]) => `views/${f} ${name}`));
    expect(interfaces.filter((i) => !SCREEN_ONLY_INTERFACES.has(i))).toEqual([]);
    const inlineAnswers = views.filter((f) => /\b(get|getAll|post|patch|put|del)<\{/.test(read(`views/${f}`)));
    expect(inlineAnswers).toEqual([]);
  });

  it('never bring zod into the console bundle', async () => {
    const result = await build({
      entryPoints: [join(SRC, 'main.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: join(ROOT, 'console', 'dist-check'),
      write: false,
      metafile: true,
      logLevel: 'silent',
      tsconfig: join(ROOT, 'console', 'tsconfig.json'),
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.startsWith('console/src/'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/zod\//.test(p))).toEqual([]);
    const code = result.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => f.text).join('\n');
    expect(code).not.toMatch(/ZodError|_zod|\$ZodType/);
  });
});
