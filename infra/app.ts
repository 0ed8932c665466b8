import { App } from 'aws-cdk-lib';
import { addNagChecks } from './nag.js';
import { readSettings } from './settings.js';
import { ContactStrategyStack } from './stack.js';

/**
 * `npm run synth` / `npm run deploy`. Settings come from `-c name=value` or the
 * environment (docs/readme/infra.md). cdk-nag's AWS Solutions pack runs as a
 * validation plugin: any finding not acknowledged next to its resource fails synth.
 */
const app = new App();
const settings = readSettings(app.node);
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? process.env.STACK_NAME ?? 'ContactStrategy';

new ContactStrategyStack(app, stackName, {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
  description: 'contact-strategy: managing unreasonably persistent contact and unacceptable behaviour',
});

addNagChecks(app);
app.synth();
