import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PolicyDocument, PolicyDocumentSource } from '../ports/policy-document.js';

/**
 * The policy PDF in the post-pack bucket at POLICY_DOCUMENT_KEY (deployed from
 * `assets/policy/dist/`), its title read from the PDF's metadata. Read once per
 * execution environment; a failed read is retried at the next call.
 */
export function s3PolicyDocument(settings: { bucket: string; key: string; s3: S3Client }): PolicyDocumentSource {
  const { bucket, key, s3 } = settings;
  let cached: Promise<PolicyDocument> | undefined;
  async function read(): Promise<PolicyDocument> {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`The policy document s3://${bucket}/${key} is empty`);
    const pdf = await res.Body.transformToByteArray();
    // Imported here, not at the top: every bundle that reaches lib/wiring.ts would otherwise carry pdf-lib.
    const { PDFDocument } = await import('pdf-lib');
    const title = (await PDFDocument.load(pdf, { updateMetadata: false })).getTitle() ?? 'Contact policy';
    return { title, filename: key.split('/').pop() || 'contact-policy.pdf', pdf };
  }
  return {
    policyDocument() {
      cached ??= read().catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
  };
}
