import type { Mailer } from '../../lib/ports/mailer.js';
import type { PostPackStore } from '../../lib/ports/post-packs.js';
import type { PostQueue } from '../../lib/ports/post-queue.js';

/**
 * Delivery faults, locally (`POST /local/faults`): while `email` is set every email
 * the stack sends fails as SES failing would (with `emailTo`, only emails to that
 * address: one recipient's email failing while the others' go); while `post` is set every post pack
 * fails to be stored as S3 failing would (and so is never queued). Lets anyone see
 * what staff see when delivery fails. Kept in memory: a restart clears them.
 */
export interface DeliveryFaults {
  email: boolean;
  /** Only emails to this address fail (any case). */
  emailTo: string | null;
  post: boolean;
  /** With POST_PROVIDER=NOTIFY: the status the stand-in for GOV.UK Notify reports for every letter (local/notify.ts). */
  notify: 'validation-failed' | 'technical-failure' | null;
}

export function deliveryFaults(): DeliveryFaults {
  return { email: false, emailTo: null, post: false, notify: null };
}

const NOTIFY_FAULTS = ['validation-failed', 'technical-failure', null] as const;

/** An error shaped as the AWS SDK's would be (a name the state machine's Catch sees). */
function awsFailure(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export function faultyMailer(inner: () => Mailer, faults: DeliveryFaults): Mailer {
  return {
    async send(email) {
      const toFailing = faults.emailTo !== null && email.to.some((a) => a.toLowerCase() === faults.emailTo);
      if (faults.email || toFailing) throw awsFailure('ServiceUnavailableException', 'SES is unavailable (local fault set by POST /local/faults)');
      return inner().send(email);
    },
  };
}

export function faultyPostPacks(inner: PostPackStore, faults: DeliveryFaults): PostPackStore {
  return {
    async store(pdf, manifest) {
      if (faults.post) throw awsFailure('ServiceUnavailable', 'S3 is unavailable (local fault set by POST /local/faults)');
      return inner.store(pdf, manifest);
    },
    read: (packKey) => inner.read(packKey),
  };
}

export function faultyPostQueue(inner: PostQueue, faults: DeliveryFaults): PostQueue {
  return {
    async queue(message) {
      if (faults.post) throw awsFailure('QueueUnavailable', 'SQS is unavailable (local fault set by POST /local/faults)');
      return inner.queue(message);
    },
  };
}

/**
 * Reads the body of `POST /local/faults`: `{ email?: boolean, emailTo?: string, post?: boolean,
 * notify?: "validation-failed" | "technical-failure" | null }`; `{}` clears them all. Answers the new flags, or the fields that are wrong.
 */
export function parseFaults(body: unknown): { faults: DeliveryFaults } | { errors: string[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { errors: ['(body)'] };
  const b = body as Record<string, unknown>;
  const errors = Object.keys(b).filter((k) =>
    k === 'notify' ? !NOTIFY_FAULTS.includes(b[k] as never) : k === 'emailTo' ? typeof b[k] !== 'string' || !b[k] : (k !== 'email' && k !== 'post') || typeof b[k] !== 'boolean',
  );
  if (errors.length > 0) return { errors };
  const emailTo = typeof b.emailTo === 'string' ? b.emailTo.toLowerCase() : null;
  return { faults: { email: b.email === true, emailTo, post: b.post === true, notify: (b.notify as DeliveryFaults['notify'] | undefined) ?? null } };
}
