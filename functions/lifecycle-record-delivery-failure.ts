import { recordDeliveryFailure, type DeliveryRequest, type TaskFailure } from '../lib/app/delivery-failure.js';
import { task } from '../lib/task.js';
import type { LetterChannel } from '../lib/domain/letter-routes.js';
import { buildAtColdStart, policyDocuments } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it.
buildAtColdStart(policyDocuments);

/** NOTIFY, either branch's catch: the failed delivery recorded as a FAILED letter on the strategy and each case. */
export const handler = task('lifecycle-record-delivery-failure', (event: DeliveryRequest & { channel: LetterChannel; failure?: TaskFailure }) =>
  recordDeliveryFailure(event),
);
