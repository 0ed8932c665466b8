import type { FeedbackEvent } from './letter-events.js';

/**
 * What SES's feedback on an emailed letter means for it (policy 1.5: the person is
 * told in writing). Pure mapping of the event as EventBridge delivers it; no AWS.
 */

/** The part of an SES event (`detail` of the EventBridge event) read here. */
interface SesEventDetail {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string; destination?: unknown[] };
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: unknown[] };
  complaint?: { complaintFeedbackType?: string; complainedRecipients?: unknown[] };
  reject?: { reason?: string };
}

/** What an SES event means for the letter it is about. */
export type SesVerdict =
  | { action: 'UNDELIVERABLE'; messageId: string; status: 'BOUNCED' | 'COMPLAINED'; event: FeedbackEvent; detail: string; addresses: string[] }
  | { action: 'IGNORE'; messageId?: string; reason: 'NOT_AN_SES_EVENT' | 'NO_MESSAGE_ID' | 'NOT_FEEDBACK' | 'PARTIAL_BOUNCE' };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Maps an SES configuration-set event, as EventBridge delivers it (`detail-type`
 * "Email Bounced" / "Email Complaint Received" / "Email Rejected", `detail` in
 * SES's event-publishing format), to what happens to the letter.
 *
 * - Bounce, any `bounceType`: undeliverable (BOUNCED). SES publishes a soft
 *   (Transient) bounce only once it has stopped retrying, so the email did not
 *   arrive; the bounce type is kept in the detail. A bounce that names fewer
 *   recipients than the email had (the person has several addresses, some took
 *   it) is ignored: the letter reached them.
 * - Complaint: the person marked it as spam and SES suppresses the address from
 *   now on (COMPLAINED).
 * - Reject: SES did not attempt delivery (BOUNCED).
 * - Anything else (delivery, delivery delay, ...): ignored.
 */
export function classifySesEvent(event: unknown): SesVerdict {
  const e = (event ?? {}) as { source?: unknown; detail?: unknown };
  if (e.source !== undefined && e.source !== 'aws.ses') return { action: 'IGNORE', reason: 'NOT_AN_SES_EVENT' };
  const detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as SesEventDetail;
  const messageId = str(detail.mail?.messageId);
  if (!messageId) return { action: 'IGNORE', reason: 'NO_MESSAGE_ID' };
  const type = str(detail.eventType) ?? str(detail.notificationType);
  // The addresses the email went to: later letters avoid them (letter-routes.ts).
  const addresses = (Array.isArray(detail.mail?.destination) ? detail.mail!.destination! : []).filter((a): a is string => typeof a === 'string').map((a) => a.trim().toLowerCase());
  switch (type) {
    case 'Bounce': {
      const bounceType = str(detail.bounce?.bounceType) ?? 'Undetermined';
      const sub = str(detail.bounce?.bounceSubType);
      const bounced = Array.isArray(detail.bounce?.bouncedRecipients) ? detail.bounce!.bouncedRecipients!.length : 0;
      const sentTo = Array.isArray(detail.mail?.destination) ? detail.mail!.destination!.length : 0;
      if (bounced > 0 && sentTo > bounced) return { action: 'IGNORE', messageId, reason: 'PARTIAL_BOUNCE' };
      return { action: 'UNDELIVERABLE', messageId, status: 'BOUNCED', event: 'BOUNCE', detail: sub ? `${bounceType} bounce, ${sub}` : `${bounceType} bounce`, addresses };
    }
    case 'Complaint': {
      const feedback = str(detail.complaint?.complaintFeedbackType);
      return { action: 'UNDELIVERABLE', messageId, status: 'COMPLAINED', event: 'COMPLAINT', detail: feedback ? `complaint (${feedback})` : 'complaint', addresses };
    }
    case 'Reject':
      return { action: 'UNDELIVERABLE', messageId, status: 'BOUNCED', event: 'REJECT', detail: `rejected by SES${str(detail.reject?.reason) ? ` (${str(detail.reject?.reason)})` : ''}`, addresses };
    default:
      return { action: 'IGNORE', messageId, reason: 'NOT_FEEDBACK' };
  }
}
