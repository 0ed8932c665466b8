import { describe, expect, it } from 'vitest';
import { letterStatusOfNotify, MOVES_BY_HAND, notificationState, toldByPost } from '../../lib/domain/post.js';
import { hasPostalCopy } from '../../lib/domain/letter-routes.js';

describe('the post, followed to the letterbox', () => {
  it("reads GOV.UK Notify's letter statuses in this service's words", () => {
    expect(letterStatusOfNotify('accepted')).toEqual({ status: 'SENT_TO_PRINTER' });
    expect(letterStatusOfNotify('received')).toEqual({ status: 'POSTED' });
    for (const failure of ['validation-failed', 'virus-scan-failed', 'technical-failure', 'permanent-failure']) {
      expect(letterStatusOfNotify(failure)).toEqual({ status: 'FAILED', reason: failure });
    }
    // Still being checked: nothing new.
    expect(letterStatusOfNotify('pending-virus-check')).toBeUndefined();
  });

  it('counts a posted letter as telling the person once it went to the printer or was posted, never while queued', () => {
    expect(['SENT_TO_PRINTER', 'POSTED', 'RETURNED', 'DISPATCHED'].every((s) => toldByPost(s as never))).toBe(true);
    expect(['QUEUED', 'PRINT_READY', 'FAILED'].some((s) => toldByPost(s as never))).toBe(false);
  });

  it('in force only once told: an email tells, a posted letter only once posted; post still on its way waits; nothing else is not told', () => {
    expect(notificationState([{ channel: 'EMAIL', outcome: 'SENT' }, { channel: 'POST', outcome: 'QUEUED', letterStatus: 'QUEUED' }])).toBe('TOLD');
    expect(notificationState([{ channel: 'EMAIL', outcome: 'NO_ROUTE' }, { channel: 'POST', outcome: 'QUEUED', letterStatus: 'PRINT_READY' }])).toBe('AWAITING_POSTING');
    expect(notificationState([{ channel: 'EMAIL', outcome: 'FAILED' }, { channel: 'POST', outcome: 'QUEUED', letterStatus: 'SENT_TO_PRINTER' }])).toBe('TOLD');
    expect(notificationState([{ channel: 'EMAIL', outcome: 'NO_ROUTE' }, { channel: 'POST', outcome: 'ALREADY', letterStatus: 'POSTED' }])).toBe('TOLD');
    expect(notificationState([{ channel: 'EMAIL', outcome: 'FAILED' }, { channel: 'POST', outcome: 'QUEUED', letterStatus: 'FAILED' }])).toBe('NOT_TOLD');
    expect(notificationState([{ channel: 'EMAIL', outcome: 'NO_ROUTE' }, { channel: 'POST', outcome: 'NO_ROUTE' }])).toBe('NOT_TOLD');
    expect(notificationState([])).toBe('NOT_TOLD');
  });

  it('lets staff mark as posted only from the print queue, and record a return only once posted', () => {
    expect(MOVES_BY_HAND.posted).toEqual({ from: 'PRINT_READY', to: 'POSTED' });
    expect(MOVES_BY_HAND.returned).toEqual({ from: 'POSTED', to: 'RETURNED' });
  });

  it('relies on a posted copy while it is on its way or posted, not once it failed or came back', () => {
    const emailed = { deliveryKey: 'IMPLEMENTED' };
    for (const status of ['QUEUED', 'PRINT_READY', 'SENT_TO_PRINTER', 'POSTED'] as const) {
      expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'IMPLEMENTED', status }])).toBe(true);
    }
    for (const status of ['FAILED', 'RETURNED'] as const) {
      expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'IMPLEMENTED', status }])).toBe(false);
    }
  });
});
