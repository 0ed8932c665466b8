import type { OutgoingEmail } from '../ports/mailer.js';
import { mailer } from '../wiring.js';

/**
 * Sends one email from the service's address through the mailer: letters to the
 * person and every staff email (decision requests, reminders, escalations). Throws
 * on failure; the caller (a state-machine task) retries and, in the end, records the
 * failure. Returns the message id.
 */
export async function sendEmail(email: OutgoingEmail): Promise<string> {
  if (email.to.length === 0) throw new Error('An email needs at least one recipient');
  return mailer().send(email);
}
