import { FUNCTIONS, type FunctionSpec } from '../../lib/functions-manifest.js';

/**
 * The naming rule shared by CDK and the local runner for the state machine's
 * `definitionSubstitutions`: a task function `lifecycle-request-decision` is
 * referenced in the ASL as `${LifecycleRequestDecisionFunctionArn}`.
 *
 * Keep this module free of aws-cdk-lib imports: the local stack imports it to
 * substitute the very same placeholders with its own ARNs.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `lifecycle-request-decision` → `LifecycleRequestDecisionFunctionArn`. */
export function substitutionName(functionName: string): string {
  return `${pascalCase(functionName)}FunctionArn`;
}

/** The task functions the state machine invokes: every FUNCTIONS entry of kind 'task'. */
export function taskFunctions(functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec[] {
  return functions.filter((f) => f.kind === 'task');
}

/**
 * The substitution map, given a way to name each task function's ARN
 * (a CDK token in the stack; a local ARN in the local runner).
 */
export function definitionSubstitutions(arnOf: (functionName: string) => string, functions: readonly FunctionSpec[] = FUNCTIONS): Record<string, string> {
  return Object.fromEntries(taskFunctions(functions).map((f) => [substitutionName(f.name), arnOf(f.name)]));
}

/** Replaces every `${Name}` placeholder in an ASL document, as Step Functions does. Unknown names are left as they are. */
export function applySubstitutions(asl: string, substitutions: Record<string, string>): string {
  return asl.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => substitutions[key] ?? whole);
}

/** Every `${Name}` placeholder an ASL document uses. */
export function placeholdersIn(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string))];
}
