/**
 * Carrying out an approved disposal: one queue message per person, so each is
 * deleted (and counted) on its own, retried on its own, and the work resumes
 * wherever it stopped. Ids only: no personal data travels through the queue.
 */
export interface DisposalMessage {
  disposalId: string;
  serviceUserId: string;
}

/** Hands people to the disposal job. At least once: the job is idempotent per person. */
export interface DisposalQueue {
  queue(messages: DisposalMessage[]): Promise<void>;
}

/** Parses and checks a queue message body. */
export function parseDisposalMessage(body: string): DisposalMessage {
  const m = JSON.parse(body) as Partial<DisposalMessage>;
  if (typeof m.disposalId !== 'string' || typeof m.serviceUserId !== 'string') throw new Error('Not a disposal-queue message');
  return { disposalId: m.disposalId, serviceUserId: m.serviceUserId };
}

/** The stored objects a disposal deletes with the records that name them: each letter's post pack and its manifest. */
export interface DisposableObjects {
  removePostPacks(packKeys: readonly string[]): Promise<void>;
}
