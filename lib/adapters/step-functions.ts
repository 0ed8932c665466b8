import { ExecutionAlreadyExists, InvalidToken, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { TaskNotWaiting, type WorkflowEngine } from '../ports/workflow-engine.js';

/** The lifecycle state machine in Step Functions: StartExecution, and SendTaskSuccess for a decision. */
export function stepFunctionsEngine(settings: { stateMachineArn: string; region: string }): WorkflowEngine {
  const sfn = new SFNClient({ region: settings.region });
  return {
    async start(input) {
      const subject = input.phase === 'WARN' ? input.warningId : input.strategyId;
      const name = `${subject}-${input.phase}-${input.requestId}`.slice(0, 80);
      try {
        const res = await sfn.send(new StartExecutionCommand({ stateMachineArn: settings.stateMachineArn, name, input: JSON.stringify(input) }));
        return { executionId: res.executionArn ?? '' };
      } catch (err) {
        // The same name again: that execution was already started (idempotent).
        if (err instanceof ExecutionAlreadyExists) return { executionId: name };
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
