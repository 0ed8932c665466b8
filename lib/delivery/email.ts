import type { OutgoingEmail } from '../ports/mailer.js';
import { mailer } from '../wiring.js';

export type { EmailAttachment, OutgoingEmail } from '../ports/mailer.js';

/**
 * Sends one email from the service's address: letters to the person and every
 * staff email (decision requests, reminders, escalations). Throws on failure; the
 * caller (a state-machine task) retries and, in the end, records the failure.
 * Returns the message id.
 */
export async function sendEmail(email: OutgoingEmail): Promise<string> {
  if (email.to.length === 0) throw new Error('An email needs at least one recipient');
  return mailer().send(email);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text as simple, escaped HTML paragraphs (staff emails). */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><body>${paragraphs}</body></html>`;
}
