import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InboundMessageStore } from '../ports/inbound-messages.js';

/**
 * The received-mail bucket SES's S3 action writes to. The object's length is known
 * before its body streams in, so the body is copied chunk by chunk into one buffer
 * of that length: the message is in memory once (plus one chunk), never the chunks
 * and their concatenation side by side.
 */
export function s3InboundMessages(settings: { bucket: string; s3: S3Client }): InboundMessageStore {
  return {
    async read(key) {
      const res = await settings.s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
      const body = res.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) throw new Error('The received message has no body');
      const length = res.ContentLength;
      if (length === undefined) return new Uint8Array(await res.Body!.transformToByteArray());
      const whole = new Uint8Array(length);
      let at = 0;
      for await (const chunk of body) {
        if (at + chunk.length > length) throw new Error('The received message is longer than S3 said');
        whole.set(chunk, at);
        at += chunk.length;
      }
      if (at !== length) throw new Error('The received message is shorter than S3 said');
      return whole;
    },
  };
}
