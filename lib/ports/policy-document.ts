/** The policy document every letter carries a copy of (policy 1.5). */
export interface PolicyDocument {
  title: string;
  filename: string;
  pdf: Uint8Array;
}

export interface PolicyDocumentSource {
  /** The current policy document. Throws when it cannot be read (the caller's task retries). */
  policyDocument(): Promise<PolicyDocument>;
}
