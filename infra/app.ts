import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { CONSOLE_DIST } from './constructs/console.js';
import { addNagChecks } from './nag.js';
import { readSettings } from './settings.js';
import { ContactStrategyStack } from './stack.js';

/**
 * `npm run synth` / `npm run deploy`. Settings come from `-c name=value` or the
 * environment (README, "Deploying to AWS"). cdk-nag's AWS Solutions pack runs as a
 * validation plugin: any finding not acknowledged next to its resource fails synth.
 */
const app = new App();

// The stack uploads the built staff console and API reference; build them when
// missing (a fresh checkout). After changing console/src or openapi.json, run
// `npm run build:console` before deploying.
if (!existsSync(join(CONSOLE_DIST, 'index.html')) || !existsSync(join(CONSOLE_DIST, 'docs', 'index.html'))) {
  console.error('console/dist is missing: building the staff console (npm run build:console)');
  const { buildConsole } = await import('../console/build.js');
  await buildConsole(CONSOLE_DIST);
}

const settings = readSettings(app.node);
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? process.env.STACK_NAME ?? 'ContactStrategy';

new ContactStrategyStack(app, stackName, {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
  description: 'contact-strategy: managing unreasonably persistent contact and unacceptable behaviour',
});

addNagChecks(app);
app.synth();
