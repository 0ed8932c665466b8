import type { NotifyClient } from 'notifications-node-client';
import type { Handover, PrintAndPost } from '../ports/print-and-post.js';

export interface NotifySettings {
  /** GOV.UK Notify's API, or the local stand-in. */
  baseUrl: string;
  /** The API key, read when first needed (deployed: from Secrets Manager, once per container). */
  apiKey: () => Promise<string>;
  postage: 'first' | 'second' | 'economy';
}

/** What axios (inside Notify's client) throws for an answer that was not a success. */
interface NotifyError {
  response?: { status?: number; data?: { errors?: Array<{ error?: string; message?: string }> } };
}

/** Notify's answer to a request it refused for good: the letter itself is wrong, and sending it again would be refused again. */
function refusal(err: unknown): string | undefined {
  const res = (err as NotifyError).response;
  if (res?.status !== 400) return undefined;
  const first = res.data?.errors?.[0];
  return `refused by the print and post service: ${first?.message ?? first?.error ?? 'bad request'}`.slice(0, 300);
}

/**
 * GOV.UK Notify's print-and-post service, through its own client: each letter is
 * sent as a precompiled letter (the PDF exactly as stored) with the letter's id as
 * its reference. Before sending, Notify is asked for a letter with that reference,
 * so a message redelivered after Notify accepted it never posts the letter twice.
 * A refusal (400) fails the letter with Notify's reason; anything else (Notify
 * unreachable, throttling, its own errors, a key it does not accept) throws, so
 * the queue retries and in the end dead-letters the message: a letter is never
 * recorded as sent to the printer when it was not.
 */
export function notifyPrintAndPost(settings: NotifySettings): PrintAndPost {
  let client: Promise<NotifyClient> | undefined;
  // Notify's client (axios and its dependencies) is loaded with the first letter, not at import:
  // every function bundles lib/wiring.ts, and a static import of this CommonJS package keeps it,
  // and runs it at cold start, in all of them.
  const notify = () =>
    (client ??= Promise.all([settings.apiKey(), import('notifications-node-client')]).then(([key, { NotifyClient }]) => new NotifyClient(settings.baseUrl, key)));
  return {
    provider: 'NOTIFY',
    async handOver({ reference, pack }): Promise<Handover> {
      const c = await notify();
      const found = await c.getNotifications('letter', undefined, reference);
      const already = found.data.notifications.find((n) => n.reference === reference);
      if (already) return { status: 'SENT_TO_PRINTER', providerId: already.id };
      try {
        const res = await c.sendPrecompiledLetter(reference, Buffer.from(await pack()), settings.postage);
        return { status: 'SENT_TO_PRINTER', providerId: res.data.id };
      } catch (err) {
        const reason = refusal(err);
        if (reason) return { status: 'FAILED', reason };
        throw err;
      }
    },
    async statusOf(providerId) {
      const res = await (await notify()).getNotificationById(providerId);
      return res.data.status;
    },
  };
}
