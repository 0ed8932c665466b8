import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DisposalQueue } from '../ports/disposal.js';

/** The disposal queue in SQS; its consumer is functions/disposal. */
export function sqsDisposalQueue(settings: { queueUrl: string; region: string }): DisposalQueue {
  const sqs = new SQSClient({ region: settings.region });
  return {
    async queue(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const res = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: settings.queueUrl, Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })) }),
        );
        if (res.Failed?.length) throw new Error(`The disposal queue refused ${res.Failed.length} message(s)`);
      }
    },
  };
}
