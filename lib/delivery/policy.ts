import type { PolicyDocument } from '../ports/policy-document.js';
import { policyDocuments } from '../wiring.js';

export type { PolicyDocument } from '../ports/policy-document.js';

/** The policy document every letter carries a copy of (policy 1.5). */
export async function policyDocument(): Promise<PolicyDocument> {
  return policyDocuments().policyDocument();
}
