import { sendEmail, textToHtml } from '../delivery/email.js';
import { office } from '../config.js';
import { signedBy, type StaffEmail } from '../domain/staff-emails.js';

/** Sends a staff email (lib/domain/staff-emails.ts) as text and simple HTML. */
export async function emailStaff(to: string[], unsigned: StaffEmail): Promise<void> {
  const email = signedBy(unsigned, office().name);
  await sendEmail({ to, subject: email.subject, text: email.text, html: textToHtml(email.text) });
}
