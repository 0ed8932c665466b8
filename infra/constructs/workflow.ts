import { existsSync } from 'node:fs';
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { substitutionName } from '../state-machine/substitutions.js';

/** The lifecycle's ASL: the file the local stack runs too. */
export const LIFECYCLE_ASL_PATH = fileURLToPath(new URL('../state-machine/strategy-lifecycle.asl.json', import.meta.url));

/** The state machine's name, fixed so its ARN is known without a reference (no dependency cycles). */
export function lifecycleStateMachineName(stackName: string): string {
  return `${stackName}-strategy-lifecycle`.slice(0, 80);
}

/** The lifecycle state machine's ARN, computed from its name. */
export function lifecycleStateMachineArn(stack: Stack): string {
  return stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: lifecycleStateMachineName(stack.stackName),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface WorkflowProps {
  /** Task functions by manifest name; each becomes `${<PascalCase>FunctionArn}` in the ASL. */
  taskFunctions: ReadonlyMap<string, lambda.IFunction>;
  logRetention: logs.RetentionDays;
}

/**
 * The strategy lifecycle: a Standard state machine whose definition is the ASL
 * file, with each task function's ARN substituted in (the substitution names come
 * from infra/state-machine/substitutions.ts, which the local runner uses too).
 * Logs at ALL without execution data (inputs carry task tokens and personal data),
 * X-Ray on, and leave to invoke exactly its task functions.
 */
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    if (!existsSync(LIFECYCLE_ASL_PATH)) throw new Error(`The lifecycle definition ${LIFECYCLE_ASL_PATH} is missing`);
    const stack = Stack.of(this);

    // The /aws/vendedlogs/ prefix keeps the log-delivery resource policy small.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${lifecycleStateMachineName(stack.stackName)}`,
      retention: props.logRetention,
    });

    const definitionSubstitutions: Record<string, string> = {};
    for (const [name, fn] of props.taskFunctions) definitionSubstitutions[substitutionName(name)] = fn.functionArn;

    this.stateMachine = new sfn.StateMachine(this, 'Lifecycle', {
      stateMachineName: lifecycleStateMachineName(stack.stackName),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(LIFECYCLE_ASL_PATH),
      definitionSubstitutions,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray (PutTraceSegments, GetSampling*) support no resource-level permissions; only those actions carry Resource "*".',
    });

    // Unqualified ARNs only (no `:*`): the ASL invokes $LATEST through the substituted ARN.
    if (props.taskFunctions.size > 0) {
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'InvokeTasks',
          actions: ['lambda:InvokeFunction'],
          resources: [...props.taskFunctions.values()].map((fn) => fn.functionArn),
        }),
      );
    }
  }
}
