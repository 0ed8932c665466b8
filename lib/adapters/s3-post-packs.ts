import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { manifestKeyOf, packKeyOf, type PackManifest, type PostPackStore } from '../ports/post-packs.js';

/** Post packs in the (KMS-encrypted) post-pack bucket, each with its manifest beside it. */
export function s3PostPacks(settings: { bucket: string; s3: S3Client }): PostPackStore {
  const { bucket, s3 } = settings;
  return {
    async store(pdf, manifest) {
      const packKey = packKeyOf(manifest);
      const full: PackManifest = { ...manifest, packKey };
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: packKey, Body: pdf, ContentType: 'application/pdf' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: manifestKeyOf(packKey), Body: JSON.stringify(full), ContentType: 'application/json' }));
      return packKey;
    },
    async read(packKey) {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: packKey }));
      if (!res.Body) throw new Error(`Empty post pack ${packKey}`);
      return res.Body.transformToByteArray();
    },
  };
}
