import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PORT_SETTINGS, wiringSettingsOf, type WiringSetting } from '../../lib/adapters/settings.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';

/**
 * The composition root: an AWS adapter is built only with all of its wiring
 * settings, and each function builds the ports it uses at cold start, so a
 * setting missing from a deployment fails the start, naming it. Every case loads
 * the modules afresh (settings are read at import).
 */
const WIRING = [...new Set(Object.values(PORT_SETTINGS).flat())] as WiringSetting[];
let saved: NodeJS.ProcessEnv;

beforeEach(() => {
  saved = { ...process.env };
  vi.resetModules();
});
afterEach(() => {
  process.env = saved;
});

/** The environment test/setup-isolated-env.ts gives, less `missing`. */
function without(...missing: string[]): void {
  for (const name of missing) delete process.env[name];
}

const wiring = () => import('../../lib/wiring.js');

describe('wiring settings', () => {
  it.each([
    ['mailer', 'FROM_EMAIL'],
    ['mailer', 'SES_CONFIGURATION_SET'],
    ['postQueue', 'POST_QUEUE_URL'],
    ['postPacks', 'POST_PACK_BUCKET'],
    ['policyDocuments', 'POST_PACK_BUCKET'],
    ['policyDocuments', 'POLICY_DOCUMENT_KEY'],
    ['workflowEngine', 'STATE_MACHINE_ARN'],
    ['inboundMessages', 'INBOUND_EMAIL_BUCKET'],
    ['disposalQueue', 'DISPOSAL_QUEUE_URL'],
    ['disposableObjects', 'POST_PACK_BUCKET'],
  ] as const)('%s is not built without %s, and the error names it', async (port, setting) => {
    without(setting);
    const w = await wiring();
    expect(() => w[port]()).toThrow(`Missing setting ${setting}`);
    process.env[setting] = '  ';
    expect(() => w[port]()).toThrow(`Missing setting ${setting}`);
  });

  it('lists for each port exactly the settings its adapter is built from', async () => {
    for (const [port, settings] of Object.entries(PORT_SETTINGS)) {
      if (port === 'clock') continue;
      for (const setting of WIRING) {
        vi.resetModules();
        process.env = { ...saved };
        without(setting);
        const build = () => (async () => (await wiring())[port as keyof typeof PORT_SETTINGS]())();
        if ((settings as readonly string[]).includes(setting)) await expect(build()).rejects.toThrow(`Missing setting ${setting}`);
        else await expect(build()).resolves.toBeDefined();
      }
    }
  });

  it('has no default for any wiring setting, and no setting defaults to an empty string', async () => {
    without(...WIRING);
    const { config, wiringSetting } = await import('../../lib/config.js');
    for (const setting of WIRING) expect(() => wiringSetting(setting)).toThrow(`Missing setting ${setting}`);
    for (const [name, value] of Object.entries(config)) expect(value, name).not.toBe('');
    for (const setting of WIRING) expect(config).not.toHaveProperty(setting);
  });

  it('refuses a FROM_EMAIL that is not an address', async () => {
    process.env.FROM_EMAIL = 'no-reply';
    const w = await wiring();
    expect(() => w.mailer()).toThrow('Invalid setting FROM_EMAIL');
  });

  it('without POST_PACK_BUCKET, the policy document is not read (no silent fallback to the sample policy)', async () => {
    without('POST_PACK_BUCKET');
    const w = await wiring();
    expect(() => w.policyDocuments()).toThrow('Missing setting POST_PACK_BUCKET');
  });

  it('an installed adapter needs no setting', async () => {
    without(...WIRING);
    const w = await wiring();
    const engine = { start: async () => ({ executionId: 'x' }), sendDecision: async () => undefined };
    w.installAdapters({ workflowEngine: engine });
    expect(w.workflowEngine()).toBe(engine);
    expect(() => w.mailer()).toThrow('Missing setting FROM_EMAIL');
  });
});

describe('each function at cold start', () => {
  const load = (name: string) => import(`../../functions/${name}.ts`);

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s starts with exactly the wiring settings infra gives it, and not without any of them', async (name, spec) => {
    const needed = wiringSettingsOf(spec.access);
    without(...WIRING.filter((s) => !needed.includes(s)));
    const env = { ...process.env };
    await expect(load(name)).resolves.toHaveProperty('handler');
    for (const setting of needed) {
      vi.resetModules();
      process.env = { ...env };
      without(setting);
      await expect(load(name), `${name} without ${setting}`).rejects.toThrow(`Missing setting ${setting}`);
    }
  });
});
