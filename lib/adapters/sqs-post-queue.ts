import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { PostQueue } from '../ports/post-queue.js';

/** The post queue in SQS; its consumer is functions/post-dispatch. */
export function sqsPostQueue(settings: { queueUrl: string; region: string }): PostQueue {
  const sqs = new SQSClient({ region: settings.region });
  return {
    async queue(message) {
      await sqs.send(new SendMessageCommand({ QueueUrl: settings.queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
