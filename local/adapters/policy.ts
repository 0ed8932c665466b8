import { readFile } from 'node:fs/promises';
import { policyPdf, policyTitleOf } from '../../lib/delivery/pdf.js';
import type { PolicyDocument, PolicyDocumentSource } from '../../lib/ports/policy-document.js';

/** The sample policy the local stack and the tests enclose with every letter. */
export const SAMPLE_POLICY_URL = new URL('../../assets/policy/sample-policy.md', import.meta.url);

/** The file name the deployed policy has too (POLICY_DOCUMENT_KEY's last part). */
const FILENAME = 'contact-policy.pdf';

/** The sample policy, rendered from its Markdown. */
export async function samplePolicy(): Promise<PolicyDocument> {
  const markdown = await readFile(SAMPLE_POLICY_URL, 'utf8');
  return { title: policyTitleOf(markdown), filename: FILENAME, pdf: await policyPdf(markdown) };
}

/** The sample policy as the policy document source, rendered once. */
export function samplePolicyDocument(): PolicyDocumentSource {
  let cached: Promise<PolicyDocument> | undefined;
  return {
    policyDocument() {
      cached ??= samplePolicy().catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
  };
}
