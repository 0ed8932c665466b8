import { sendEmail, textToHtml } from '../delivery/email.js';
import type { StaffEmail } from '../domain/staff-emails.js';

/** Sends a staff email (lib/domain/staff-emails.ts) as text and simple HTML. */
export async function emailStaff(to: string[], email: StaffEmail): Promise<void> {
  await sendEmail({ to, subject: email.subject, text: email.text, html: textToHtml(email.text) });
}
