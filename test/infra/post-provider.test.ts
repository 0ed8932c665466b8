import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { logicalId, synthesize, type Synthesized } from './synth.js';

/** POST_PROVIDER=NOTIFY: GOV.UK Notify's key is read only by the functions that hand letters to Notify. */

type Resource = { Type: string; Properties: Record<string, unknown> };
let s: Synthesized;
let resources: Record<string, Resource>;

beforeAll(() => {
  s = synthesize({ nag: true, context: { postProvider: 'NOTIFY', notifyApiKeySecret: 'opcc/notify-key', notifyPostage: 'first' } });
  resources = s.template.toJSON().Resources as Record<string, Resource>;
});

const fnId = (name: string) => logicalId(s.stack, s.stack.functions.get(name)! as never);

describe('the post with GOV.UK Notify', () => {
  it("grants secretsmanager:GetSecretValue on the named secret (and its suffix) to exactly the functions that hand letters over, and names it only to them", () => {
    const readers = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'))
      .map((r) => JSON.stringify(r.Properties));
    const handing = FUNCTIONS.filter((f) => f.access.printAndPost).map((f) => f.name).sort();
    expect(handing).toEqual(['notify-status', 'post-dispatch']);
    expect(readers).toHaveLength(2);
    for (const r of readers) expect(r).toContain('secret:opcc/notify-key-??????');
    for (const [name, fn] of [...s.stack.functions]) {
      const env = (resources[fnId(name)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.POST_PROVIDER).toBe('NOTIFY');
      expect('NOTIFY_API_KEY_SECRET' in env, name).toBe(handing.includes(name));
      expect(env.NOTIFY_POSTAGE, name).toBe(handing.includes(name) ? 'first' : undefined);
      expect(fn).toBeDefined();
    }
  });

  it('follows Notify hourly and leaves no unacknowledged cdk-nag finding', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', Target: { Arn: { 'Fn::GetAtt': [fnId('notify-status'), 'Arn'] } } });
    expect(new AwsSolutionsChecks().validateScope(s.app).success).toBe(true);
  });

  it('is not followed with the in-house print queue: no notify-status schedule', () => {
    const inHouse = synthesize({});
    const targets = Object.values(inHouse.template.toJSON().Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((r) => JSON.stringify(r.Properties.Target));
    expect(targets.length).toBeGreaterThan(0);
    const notifyStatusId = logicalId(inHouse.stack, inHouse.stack.functions.get('notify-status')! as never);
    expect(targets.some((t) => t.includes(notifyStatusId))).toBe(false);
  });
});
