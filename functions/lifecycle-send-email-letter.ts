import { sendEmailLetter, type DeliveryRequest } from '../lib/app/letters.js';
import { task } from '../lib/task.js';
import { buildAtColdStart, mailer, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(mailer, policyDocuments);

/** NOTIFY, email branch: the letter by email with the policy attached. */
export const handler = task('lifecycle-send-email-letter', (event: DeliveryRequest) => sendEmailLetter(event));
