import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * cdk-nag 3 is a validation plugin, not an Aspect: registered on the app, it runs
 * at synth and any finding not acknowledged (`Validations.of(construct).acknowledge`,
 * next to the resource it is about) fails synthesis.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
