import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_ASL_PATH } from '../../infra/constructs/workflow.js';
import { applySubstitutions, definitionSubstitutions, placeholdersIn, substitutionName, taskFunctions } from '../../infra/state-machine/substitutions.js';
import { FUNCTIONS } from '../../lib/functions-manifest.js';
import { logicalId, synthesize, type Synthesized } from './synth.js';

/** A stable stand-in for a task function's ARN, the same on both sides of the comparison. */
const placeholderArn = (name: string) => `arn:aws:lambda:eu-west-2:123456789012:function:contact-strategy-${name}`;

let s: Synthesized;
let asl: string;

beforeAll(() => {
  s = synthesize();
  asl = readFileSync(LIFECYCLE_ASL_PATH, 'utf8');
});

/**
 * The definition Step Functions would receive. DefinitionBody.fromFile ships the
 * ASL as an asset (DefinitionS3Location) and CloudFormation applies
 * DefinitionSubstitutions to it; an inline DefinitionString would be an Fn::Join.
 * Either way each function's `Fn::GetAtt Arn` becomes its placeholder ARN here.
 */
function resolvedDefinition(): string {
  const sm = s.template.toJSON().Resources[logicalId(s.stack, s.stack.workflow.stateMachine)];
  const nameByLogicalId = new Map([...s.stack.functions].map(([name, fn]) => [logicalId(s.stack, fn), name]));
  const resolve = (token: unknown): string => {
    if (typeof token === 'string') return token;
    const getAtt = (token as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    const name = getAtt && getAtt[1] === 'Arn' ? nameByLogicalId.get(getAtt[0]) : undefined;
    if (!name) throw new Error(`Unexpected token in the state machine definition: ${JSON.stringify(token)}`);
    return placeholderArn(name);
  };
  const substitutions = Object.fromEntries(Object.entries((sm.Properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>).map(([k, v]) => [k, resolve(v)]));
  const definition = sm.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] } | undefined;
  let body: string;
  if (definition === undefined) {
    const key = (sm.Properties.DefinitionS3Location as { Key: string }).Key;
    body = readFileSync(join(s.app.outdir, `asset.${key}`), 'utf8');
  } else if (typeof definition === 'string') {
    body = definition;
  } else {
    const [separator, parts] = definition['Fn::Join'];
    body = parts.map(resolve).join(separator);
  }
  return applySubstitutions(body, substitutions);
}

describe('the substitution naming rule', () => {
  it('turns a task function name into <PascalCase>FunctionArn', () => {
    expect(substitutionName('lifecycle-request-decision')).toBe('LifecycleRequestDecisionFunctionArn');
    expect(substitutionName('post-dispatch')).toBe('PostDispatchFunctionArn');
    expect(definitionSubstitutions(placeholderArn, [{ name: 'lifecycle-complete', kind: 'task', access: { table: 'RW' } }, { name: 'cases', kind: 'api', access: { table: 'RW' } }])).toEqual({
      LifecycleCompleteFunctionArn: placeholderArn('lifecycle-complete'),
    });
  });

  it('substitutes every ${...} placeholder of the ASL with a task function of the manifest', () => {
    const known = Object.keys(definitionSubstitutions(placeholderArn));
    expect(placeholdersIn(asl).filter((p) => !known.includes(p))).toEqual([]);
  });

  it('has every task function of the manifest used by the ASL', () => {
    const used = placeholdersIn(asl);
    expect(taskFunctions(FUNCTIONS).filter((f) => !used.includes(substitutionName(f.name))).map((f) => f.name)).toEqual([]);
  });
});

describe('the lifecycle definition CDK deploys', () => {
  it('substitutes exactly the task functions, by the shared naming rule', () => {
    const sm = s.template.toJSON().Resources[logicalId(s.stack, s.stack.workflow.stateMachine)];
    expect(Object.keys(sm.Properties.DefinitionSubstitutions ?? {}).sort()).toEqual(Object.keys(definitionSubstitutions(placeholderArn)).sort());
  });

  it('is the ASL file the local stack runs, after the same substitutions', () => {
    const expected = JSON.parse(applySubstitutions(asl, definitionSubstitutions(placeholderArn)));
    expect(JSON.parse(resolvedDefinition())).toEqual(expected);
  });
});
