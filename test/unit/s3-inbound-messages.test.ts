import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { s3InboundMessages } from '../../lib/adapters/s3-inbound-messages.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const MiB = 1024 * 1024;

/**
 * A streamed S3 body of `length` bytes in chunks of `chunk` bytes, where byte i is
 * `i % 251` (a prime, so a chunk placed at the wrong offset shows). It counts the
 * chunks it hands out, and a buffering read (`transformToByteArray`) fails the test.
 */
function streamedBody(length: number, chunk: number) {
  const seen = { chunks: 0, bytes: 0 };
  const body = {
    async *[Symbol.asyncIterator]() {
      for (let at = 0; at < length; at += chunk) {
        const part = new Uint8Array(Math.min(chunk, length - at));
        for (let i = 0; i < part.length; i++) part[i] = (at + i) % 251;
        seen.chunks += 1;
        seen.bytes += part.length;
        yield part;
      }
    },
    transformToByteArray: () => {
      throw new Error('read whole into a second buffer');
    },
  };
  return { body, seen };
}

const store = () => s3InboundMessages({ bucket: 'inbound-mail', s3: new S3Client({ region: 'eu-west-2' }) });

describe('reading a received message from the inbound bucket', () => {
  it('reads a message of the largest size SES accepts (40 MB) into one buffer of exactly its length, each chunk copied once', async () => {
    const length = 40 * MiB + 123;
    const { body, seen } = streamedBody(length, MiB);
    s3.on(GetObjectCommand, { Bucket: 'inbound-mail', Key: 'inbound/msg-1' }).resolves({ Body: body as never, ContentLength: length });

    const message = await store().read('inbound/msg-1');

    expect(message.byteLength).toBe(length);
    // One allocation of the message's own size: not a view into a larger or concatenated buffer.
    expect(message.buffer.byteLength).toBe(length);
    expect(message.byteOffset).toBe(0);
    expect(seen).toEqual({ chunks: 41, bytes: length });
    for (const i of [0, 1, MiB - 1, MiB, 20 * MiB + 7, length - 1]) expect(message[i], `byte ${i}`).toBe(i % 251);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('refuses a body longer or shorter than the length S3 announced, rather than return a truncated or padded message', async () => {
    const longer = streamedBody(1000, 300);
    s3.on(GetObjectCommand, { Key: 'inbound/long' }).resolves({ Body: longer.body as never, ContentLength: 900 });
    await expect(store().read('inbound/long')).rejects.toThrow(/longer than S3 said/);

    const shorter = streamedBody(800, 300);
    s3.on(GetObjectCommand, { Key: 'inbound/short' }).resolves({ Body: shorter.body as never, ContentLength: 900 });
    await expect(store().read('inbound/short')).rejects.toThrow(/shorter than S3 said/);
  });

  it('reads the whole body when S3 gives no length, and fails plainly when there is no body', async () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    s3.on(GetObjectCommand, { Key: 'inbound/no-length' }).resolves({ Body: { transformToByteArray: async () => bytes, async *[Symbol.asyncIterator]() {} } as never });
    expect([...(await store().read('inbound/no-length'))]).toEqual([1, 2, 3]);

    s3.on(GetObjectCommand, { Key: 'inbound/none' }).resolves({});
    await expect(store().read('inbound/none')).rejects.toThrow(/no body/);
  });
});
