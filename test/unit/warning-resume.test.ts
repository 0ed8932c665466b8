import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resumeWarningLetters } from '../../lib/app/warnings.js';
import type { WorkflowEngine, WorkflowInput } from '../../lib/ports/workflow-engine.js';
import { installAdapters } from '../../lib/wiring.js';

/** What a replay runs when the request that recorded a warning crashed before its letters started. */
const ddb = mockClient(DynamoDBDocumentClient);
const started: WorkflowInput[] = [];
const engine = { start: async (input: WorkflowInput) => (started.push(input), { executionId: 'e1' }) } as unknown as WorkflowEngine;

const WARNING = { pk: 'WARNING#W1', sk: 'WARNING', entity: 'Warning', id: 'W1', serviceUserId: 'P1', caseIds: ['C1'], behaviours: ['ABUSIVE_LANGUAGE'], incidentIds: [], explanation: 'Shouted at staff.', sentAt: '2026-11-28T10:00:00.000Z', sentBy: { sub: 'u1', name: 'Casey' } };

beforeEach(() => {
  ddb.reset();
  started.length = 0;
  installAdapters({ workflowEngine: engine });
});
afterEach(() => ddb.reset());

describe("a warning's letters, completed by a replay", () => {
  it("start the WARN phase under the warning's own request id, so letters already under way are not sent again", async () => {
    ddb.on(GetCommand).resolves({ Item: WARNING });
    await resumeWarningLetters('W1');
    expect(started).toEqual([{ phase: 'WARN', warningId: 'W1', letterKind: 'WARNING', requestId: 'warning-W1' }]);
  });

  it('start nothing for a warning that is not there', async () => {
    ddb.on(GetCommand).resolves({});
    await resumeWarningLetters('W2');
    expect(started).toEqual([]);
  });
});
