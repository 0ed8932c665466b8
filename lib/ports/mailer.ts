/** A file attached to an email (the policy PDF, for one). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  /** Already-escaped HTML; callers build it with `escapeHtml`. */
  html?: string;
  attachments?: EmailAttachment[];
}

/**
 * Sends email from the service's address: letters to the person and every staff
 * email. Throws on failure (the caller retries or records it).
 */
export interface Mailer {
  /** Returns the message id, the key bounce and complaint events carry. */
  send(email: OutgoingEmail): Promise<string>;
}
