import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { manifestKeyOf } from '../ports/post-packs.js';
import type { DisposableObjects } from '../ports/disposal.js';

/**
 * Post packs deleted from the post-pack bucket. The bucket is versioned: a delete
 * leaves a delete marker and the old version expires with the bucket's lifecycle
 * rule for noncurrent versions (docs/data-safety.md).
 */
export function s3DisposableObjects(settings: { bucket: string; s3: S3Client }): DisposableObjects {
  return {
    async removePostPacks(packKeys) {
      const keys = packKeys.flatMap((k) => [k, manifestKeyOf(k)]);
      for (let i = 0; i < keys.length; i += 1000) {
        const res = await settings.s3.send(new DeleteObjectsCommand({ Bucket: settings.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
        if (res.Errors?.length) throw new Error(`${res.Errors.length} post pack object(s) could not be deleted`);
      }
    },
  };
}
