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
 * post-queue consumer only reads the stored pack).
 */
const PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sesv2', '@aws-sdk/client-sqs', '@aws-sdk/client-s3', '@aws-sdk/client-sfn', 'pdf-lib'] as const;

function expected(access: FunctionSpec['access']): string[] {
  return [...new Set([
    '@aws-sdk/client-dynamodb',
    ...(access.sendEmail ? ['@aws-sdk/client-sesv2'] : []),
    ...(access.sendPost ? ['@aws-sdk/client-sqs'] : []),
    ...(access.postPacks || access.policyDocument ? ['@aws-sdk/client-s3'] : []),
    ...(access.postPacks === 'RW' || access.policyDocument ? ['pdf-lib'] : []),
    ...(access.workflow?.length ? ['@aws-sdk/client-sfn'] : []),
    ...(access.inboundEmail ? ['@aws-sdk/client-s3'] : []),
  ])].sort();
}

/** The packages with code in the function's bundle (as CDK bundles it: ESM, the deployed runtime's target, minified). */
async function packagesIn(name: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, 'functions', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLING.target,
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!.inputs;
  const live = Object.entries(inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
  return PACKAGES.filter((p) => live.some((path) => path.includes(`node_modules/${p}/`))).sort();
}

describe('each function bundle', () => {
  it.each(FUNCTIONS.filter((f) => f.name !== 'openapi').map((f) => [f.name, f] as const))(
    '%s carries the SDK clients of its ports and no others',
    async (name, spec) => {
      expect(await packagesIn(name)).toEqual(expected(spec.access));
    },
  );
});
