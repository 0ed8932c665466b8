import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING, PROJECT_ROOT } from '../../infra/constructs/lambda-function.js';
import { FUNCTIONS, type FunctionSpec } from '../../lib/functions-manifest.js';

/**
 * lib/wiring.ts names every AWS adapter, and every function reaches it (the clock
 * is a port). Each bundle must still carry only the SDK clients of the ports its
 * manifest access grants: the adapters build their clients inside functions and
 * the SDK packages are free of side effects, so esbuild drops the rest. pdf-lib
 * (400 KB) belongs only to the functions that render letters for the post (the
 * post-queue consumer only reads the stored pack). GOV.UK Notify's client (axios and
 * friends, 300 KB) belongs only to the functions that hand letters to print, and zod
 * only with its English messages (its other languages are 350 KB): both were once in
 * every bundle, and ran at every cold start (docs/benchmark.md).
 */
const PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs', '@aws-sdk/client-s3', '@aws-sdk/client-sfn', 'pdf-lib', 'notifications-node-client'] as const;

function expected(access: FunctionSpec['access']): string[] {
  return [...new Set([
    '@aws-sdk/client-dynamodb',
    ...(access.sendEmail ? ['@aws-sdk/client-sesv2'] : []),
    ...(access.sendPost ? ['@aws-sdk/client-sqs'] : []),
    ...(access.postPacks || access.policyDocument ? ['@aws-sdk/client-s3'] : []),
    ...(access.postPacks === 'RW' || access.policyDocument ? ['pdf-lib'] : []),
    ...(access.workflow?.length ? ['@aws-sdk/client-sfn'] : []),
    ...(access.inboundEmail ? ['@aws-sdk/client-s3'] : []),
    ...(access.disposal === 'start' ? ['@aws-sdk/client-sqs'] : []),
    ...(access.disposal === 'carry-out' ? ['@aws-sdk/client-s3'] : []),
    ...(access.printAndPost ? ['notifications-node-client'] : []),
  ])].sort();
}

const NAMES = FUNCTIONS.filter((f) => f.name !== 'openapi').map((f) => f.name);

/**
 * The packages with code in each function's bundle (as CDK bundles it: ESM, the deployed
 * runtime's target, minified). One build of every entry point: without code splitting
 * esbuild still tree-shakes each output on its own, but parses the SDK once rather than
 * once per function.
 */
const bundles = (async () => {
  const result = await build({
    entryPoints: Object.fromEntries(NAMES.map((name) => [name, join(PROJECT_ROOT, 'functions', `${name}.ts`)])),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLING.target,
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    metafile: true,
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  const packages = new Map<string, string[]>();
  const zodLocales = new Map<string, string[]>();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const live = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
    const name = file.replace(/^out\//, '').replace(/\.mjs$/, '');
    packages.set(name, PACKAGES.filter((p) => live.some((path) => path.includes(`node_modules/${p}/`))).sort());
    zodLocales.set(name, live.filter((path) => path.includes('node_modules/zod/v4/locales/')).map((path) => path.replace(/.*\//, '')));
  }
  return { packages, zodLocales };
})();
// Each test awaits it; a failed build fails them all, not the file's import.
bundles.catch(() => undefined);

async function packagesIn(name: string): Promise<string[] | undefined> {
  return (await bundles).packages.get(name);
}

describe('each function bundle', () => {
  it.each(NAMES.map((name) => [name, FUNCTIONS.find((f) => f.name === name)!] as const))(
    '%s carries the SDK clients of its ports and no others',
    async (name, spec) => {
      expect(await packagesIn(name)).toEqual(expected(spec.access));
    },
  );

  it('carry zod with its English messages only', async () => {
    const { zodLocales } = await bundles;
    for (const name of NAMES) expect(zodLocales.get(name)?.filter((l) => l !== 'en.js'), name).toEqual([]);
  });
});
