import { readFile } from 'node:fs/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import { s3 } from '../clients/s3.js';
import { config, isLocal } from '../config.js';
import { policyPdf, policyTitleOf } from './pdf.js';

/**
 * The policy document every letter carries a copy of (policy 1.5). In AWS it is a
 * PDF in the post-pack bucket at POLICY_DOCUMENT_KEY (deployed from
 * `assets/policy/dist/`); in the local stack and the tests it is rendered from
 * `assets/policy/sample-policy.md`. Read once per execution environment.
 */
export interface PolicyDocument {
  title: string;
  filename: string;
  pdf: Uint8Array;
}

export const SAMPLE_POLICY_URL = new URL('../../assets/policy/sample-policy.md', import.meta.url);

let cached: Promise<PolicyDocument> | undefined;

/** The sample policy, rendered from its Markdown. */
export async function samplePolicy(): Promise<PolicyDocument> {
  const markdown = await readFile(SAMPLE_POLICY_URL, 'utf8');
  return { title: policyTitleOf(markdown), filename: filenameOf(config.POLICY_DOCUMENT_KEY), pdf: await policyPdf(markdown) };
}

const filenameOf = (key: string) => key.split('/').pop() || 'contact-policy.pdf';

async function fromBucket(): Promise<PolicyDocument> {
  const res = await s3.send(new GetObjectCommand({ Bucket: config.POST_PACK_BUCKET, Key: config.POLICY_DOCUMENT_KEY }));
  const pdf = await res.Body!.transformToByteArray();
  const title = (await PDFDocument.load(pdf, { updateMetadata: false })).getTitle() ?? 'Contact policy';
  return { title, filename: filenameOf(config.POLICY_DOCUMENT_KEY), pdf };
}

export function policyDocument(): Promise<PolicyDocument> {
  if (!cached) {
    cached = (!isLocal && config.POST_PACK_BUCKET ? fromBucket() : samplePolicy()).catch((err: unknown) => {
      cached = undefined; // a failed read is retried at the next call
      throw err;
    });
  }
  return cached;
}
