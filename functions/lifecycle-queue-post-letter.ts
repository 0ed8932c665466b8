import { queuePostLetter, type DeliveryRequest } from '../lib/app/letters.js';
import { task } from '../lib/task.js';

/** NOTIFY, post branch: the pack (letter + policy) stored and put on the post queue. */
export const handler = task('lifecycle-queue-post-letter', (event: DeliveryRequest) => queuePostLetter(event));
