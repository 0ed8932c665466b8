import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagChecks } from '../../infra/nag.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { synthesize, type Synthesized } from './synth.js';

let s: Synthesized;

beforeAll(() => {
  // Synthesizes with the AWS Solutions pack registered as app.ts registers it:
  // this throws if any finding is unacknowledged.
  s = synthesize({ nag: true });
});

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged finding, error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges each finding narrowly, with a reason', () => {
    const acknowledged: Array<{ path: string; id: string; reason: string }> = [];
    for (const c of s.app.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acknowledged.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      // Never on the app or the whole stack.
      expect(a.path.split('/').length, `${a.id} at ${a.path}`).toBeGreaterThan(1);
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThan(40);
      // IAM5 only ever per finding, never the whole rule.
      if (a.id.startsWith('AwsSolutions-IAM5')) expect(a.id).toMatch(/^AwsSolutions-IAM5\[Resource::/);
    }
    // The one wildcard resource of a function role is X-Ray's; never an action.
    expect(acknowledged.filter((a) => a.id.includes('[Action::'))).toEqual([]);
    expect(FUNCTIONS.length).toBeGreaterThan(0);
  });

  it('fails synthesis on an unacknowledged finding', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bad');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    addNagChecks(app);
    const original = console.error;
    console.error = () => undefined; // keep the printed report out of the test output
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    } finally {
      console.error = original;
    }
    expect(error).toBeInstanceOf(Error);
    // The report is in the message (CI) or in the cloud assembly (terminal).
    const reportFile = join(outdir, 'validation-report.json');
    expect(`${error!.message}${existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : ''}`).toContain('AwsSolutions-SQS2');
  });
});
