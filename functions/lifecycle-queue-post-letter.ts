import { queuePostLetter, type DeliveryRequest } from '../lib/app/letters.js';
import { task } from '../lib/task.js';
import { buildAtColdStart, policyDocuments, postPacks, postQueue } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(postQueue, postPacks, policyDocuments);

/** NOTIFY, post branch: the pack (letter + policy) stored and put on the post queue. */
export const handler = task('lifecycle-queue-post-letter', (event: DeliveryRequest) => queuePostLetter(event));
