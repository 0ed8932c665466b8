import { office } from '../config.js';
import { signedBy, textToHtml, type StaffEmail } from '../domain/staff-emails.js';
import { sendEmail } from './email.js';

/** Sends a staff email (lib/domain/staff-emails.ts) as text and simple HTML. */
export async function emailStaff(to: string[], unsigned: StaffEmail): Promise<void> {
  const email = signedBy(unsigned, office().name);
  await sendEmail({ to, subject: email.subject, text: email.text, html: textToHtml(email.text) });
}
