import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { policyPdf, policyTitleOf } from '../../lib/delivery/pdf.js';
import type { PolicyDocument, PolicyDocumentSource } from '../../lib/ports/policy-document.js';

/** The sample policy the local stack and the tests enclose with every letter unless POLICY_PDF names the office's own. */
export const SAMPLE_POLICY_URL = new URL('../../assets/policy/sample-policy.md', import.meta.url);

/** The file name the deployed policy has too (POLICY_DOCUMENT_KEY's last part). */
const FILENAME = 'contact-policy.pdf';

/** The sample policy, rendered from its Markdown. Its title and first line say it is a sample. */
export async function samplePolicy(): Promise<PolicyDocument> {
  const markdown = await readFile(SAMPLE_POLICY_URL, 'utf8');
  return { title: policyTitleOf(markdown), filename: FILENAME, pdf: await policyPdf(markdown) };
}

/** The office's own policy PDF at `path`, titled by its metadata (as the deployed adapter reads it), else by its file name. */
export async function officePolicy(path: string): Promise<PolicyDocument> {
  const pdf = new Uint8Array(await readFile(path));
  const title = (await PDFDocument.load(pdf, { updateMetadata: false })).getTitle()?.trim() || basename(path).replace(/\.pdf$/i, '');
  return { title, filename: FILENAME, pdf };
}

/**
 * The policy document source: the PDF that `POLICY_PDF` names (the office's own),
 * or else the project's sample. Read once; a failed read is retried at the next call.
 */
export function samplePolicyDocument(path: string | undefined = process.env.POLICY_PDF?.trim() || undefined): PolicyDocumentSource {
  let cached: Promise<PolicyDocument> | undefined;
  return {
    policyDocument() {
      cached ??= (path ? officePolicy(path) : samplePolicy()).catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
  };
}
