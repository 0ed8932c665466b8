import { sendEmailLetter, type DeliveryRequest } from '../lib/delivery/letters.js';
import { task } from '../lib/delivery/task.js';

/** NOTIFY, email branch: the letter by email with the policy attached. */
export const handler = task('lifecycle-send-email-letter', (event: DeliveryRequest) => sendEmailLetter(event));
