import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFunction } from '../../infra/constructs/lambda-function.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';

let bundleDir: string;

beforeAll(() => {
  // One real esbuild run (the stack tests skip bundling): the smallest handler.
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-bundle-')), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Bundle', { env: { account: '123456789012', region: 'eu-west-2' } });
  const fn = new AppFunction(stack, 'Fn', { spec: FUNCTIONS.find((f) => f.name === 'openapi')!, environment: {}, logRetention: logs.RetentionDays.ONE_WEEK });
  const code = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Code;
  bundleDir = join(app.outdir, `asset.${(code.S3Key as string).replace(/\.zip$/, '')}`);
});

describe('the Lambda bundle', () => {
  it('is ESM with a require shim for CommonJS dependencies', () => {
    const js = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(js.startsWith("import { createRequire } from 'module';const require = createRequire(import.meta.url);")).toBe(true);
    expect(js).toMatch(/export\s*\{[^}]*handler/);
  });

  it('is minified with a source map beside it', () => {
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
    const js = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(js).toMatch(/sourceMappingURL=index\.mjs\.map/);
    expect(js.split('\n').length).toBeLessThan(50);
  });

  it('fails loudly when a manifest entry has no handler module', () => {
    const stack = new Stack(new App(), 'Missing');
    expect(
      () => new AppFunction(stack, 'Ghost', { spec: { name: 'no-such-function', kind: 'task', access: { table: 'RO' } }, environment: {}, logRetention: logs.RetentionDays.ONE_WEEK }),
    ).toThrow(/no-such-function.*does not exist/);
  });
});
