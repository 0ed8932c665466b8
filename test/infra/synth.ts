import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../infra/constructs/lambda-function.js';
import { addNagChecks } from '../../infra/nag.js';
import { readSettings } from '../../infra/settings.js';
import { ContactStrategyStack } from '../../infra/stack.js';
import type { FunctionSpec } from '../../lib/functions-manifest.js';

/** The settings the tests deploy with. */
export const TEST_SETTINGS = {
  fromEmail: 'no-reply@opcc.example.org',
  somEmail: 'som@opcc.example.org',
  lineManagerEmail: 'line-managers@opcc.example.org',
  headOfAssuranceEmail: 'assurance@opcc.example.org',
  officeMailbox: 'office@opcc.example.org',
  alarmEmail: 'operators@opcc.example.org',
  // The tests deploy the sample policy, as a demonstration deployment would.
  demo: 'true',
  // Another office than the defaults' one: nothing may fall back to it.
  orgName: 'Northshire OPFCC',
  orgPostalAddress: 'PO Box 123|Northtown|NT1 2AB',
  policeForceName: 'Northshire Constabulary',
};

/**
 * A stand-in for console/dist (and its docs/): the tests do not run `npm run build:console`
 * (esbuild) any more than they bundle the Lambdas; only the asset hash differs.
 */
export function stubConsoleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><title>Contact strategy</title><script type="module" src="app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'export {};');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auth: 'local', apiUrl: '' }));
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'chunks', 'desk-TEST.js'), 'export {};');
  // The API reference the console build puts beside it (scripts/api-docs.ts).
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'index.html'), '<!DOCTYPE html><title>contact-strategy API</title><script type="module" src="/docs/reference.js"></script>');
  writeFileSync(join(dir, 'docs', 'reference.js'), 'export {};');
  return dir;
}

export interface Synthesized {
  app: App;
  stack: ContactStrategyStack;
  template: Template;
}

/**
 * Synthesizes the stack as `cdk synth` would (cdk.json's context and feature
 * flags, the real manifest and handler modules) with shortcuts that change
 * nothing in the template: esbuild is skipped (asset hashes aside, bundling does
 * not affect the template; infra/bundling.test.ts bundles for real), the staff
 * console is a stub directory rather than `npm run build:console`'s output, and so is
 * CDK's built-in CloudFormation schema linting (about 15 s, and `npm run synth`
 * still runs it).
 */
export function synthesize(opts: { nag?: boolean; functions?: readonly FunctionSpec[]; context?: Record<string, unknown>; consoleDir?: string } = {}): Synthesized {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'cdk-test-')),
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...TEST_SETTINGS, ...opts.context },
  });
  if (opts.nag) addNagChecks(app);
  const stack = new ContactStrategyStack(app, 'ContactStrategy', {
    settings: readSettings(app.node),
    env: { account: '123456789012', region: 'eu-west-2' },
    ...(opts.functions ? { functions: opts.functions } : {}),
    consoleDir: opts.consoleDir ?? stubConsoleDir(),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id CloudFormation gives a construct's main resource. */
export function logicalId(stack: ContactStrategyStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}
