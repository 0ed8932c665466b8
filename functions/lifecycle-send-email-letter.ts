import { sendEmailLetter, type DeliveryRequest } from '../lib/app/letters.js';
import { task } from '../lib/task.js';

/** NOTIFY, email branch: the letter by email with the policy attached. */
export const handler = task('lifecycle-send-email-letter', (event: DeliveryRequest) => sendEmailLetter(event));
