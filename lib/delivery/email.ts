import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ses } from '../clients/ses.js';
import { config } from '../config.js';

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
 * Sends one email through SES v2 from FROM_EMAIL: letters to the person and every
 * staff email (decision requests, reminders, escalations). Uses the configuration
 * set when one is configured (delivery and bounce events). Throws on failure; the
 * caller (a state-machine task) retries and, in the end, records the failure.
 * Returns the SES message id.
 */
export async function sendEmail(email: OutgoingEmail): Promise<string> {
  if (email.to.length === 0) throw new Error('An email needs at least one recipient');
  const res = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: config.FROM_EMAIL,
      Destination: { ToAddresses: email.to },
      ...(config.SES_CONFIGURATION_SET ? { ConfigurationSetName: config.SES_CONFIGURATION_SET } : {}),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
          },
          ...(email.attachments?.length
            ? {
                Attachments: email.attachments.map((a) => ({
                  FileName: a.filename,
                  ContentType: a.contentType,
                  ContentDisposition: 'ATTACHMENT' as const,
                  RawContent: a.content,
                })),
              }
            : {}),
        },
      },
    }),
  );
  return res.MessageId ?? '';
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
