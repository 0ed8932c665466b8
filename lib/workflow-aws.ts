import { SendTaskSuccessCommand, StartExecutionCommand, ExecutionAlreadyExists, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import { sfn } from './clients/sfn.js';
import { config } from './config.js';
import { TaskNotWaiting, type WorkflowEngine } from './workflow.js';

/** Step Functions in AWS. */
export function stepFunctionsEngine(): WorkflowEngine {
  return {
    async start(input) {
      try {
        const res = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: config.STATE_MACHINE_ARN, name: `${input.strategyId}-${input.phase}-${input.requestId}`.slice(0, 80), input: JSON.stringify(input) }),
        );
        return { executionId: res.executionArn ?? '' };
      } catch (err) {
        if (err instanceof ExecutionAlreadyExists) return { executionId: `${input.strategyId}-${input.phase}-${input.requestId}` };
        throw err;
      }
    },
    async sendDecision(taskToken, output) {
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      } catch (err) {
        if (err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken) throw new TaskNotWaiting();
        throw err;
      }
    },
  };
}
