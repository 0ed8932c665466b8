import { describe, expect, it } from 'vitest';
import {
  awaitsSecondRead,
  checkDueBy,
  checkedInTime,
  checkErrors,
  isOverdue,
  mayCheck,
  safeguardingConcernEmail,
} from '../../lib/domain/unanswered.js';
import { DECISIONS } from '../../lib/domain/screening.js';
import { TIMELINE_WORDS } from '../../lib/domain/timeline-words.js';

const paths = (...args: Parameters<typeof checkErrors>) => checkErrors(...args).map((e) => `${e.path}: ${e.message}`);

describe('contacts logged without a reply are read again by someone else', () => {
  it('queues exactly the contacts that get no answer: LOG_ONLY, REFUSE and CHANNEL_BLOCKED', () => {
    const queued = DECISIONS.filter((d) => awaitsSecondRead(d));
    expect(queued).toEqual(['LOG_ONLY', 'REFUSE', 'CHANNEL_BLOCKED']);
    // A call over the limit is ended politely but the person was spoken to; PROCEED is answered.
    expect(awaitsSecondRead('LIMIT_REACHED')).toBe(false);
    expect(awaitsSecondRead('PROCEED')).toBe(false);
  });

  it('also queues inbound email held back as spam or a virus, whatever its decision', () => {
    for (const d of DECISIONS) {
      expect(awaitsSecondRead(d, { quarantined: 'SPAM' })).toBe(true);
      expect(awaitsSecondRead(d, { quarantined: 'VIRUS', senderUnverified: true })).toBe(true);
    }
  });

  it('also queues an unverified email that the claimed person\'s strategy withholds, LIMIT_REACHED included; not one it lets through', () => {
    const queued = DECISIONS.filter((d) => awaitsSecondRead(d, { senderUnverified: true }));
    expect(queued).toEqual(['LOG_ONLY', 'REFUSE', 'LIMIT_REACHED', 'CHANNEL_BLOCKED']);
    expect(awaitsSecondRead('LIMIT_REACHED', { senderUnverified: false })).toBe(false);
  });

  it('is checked by someone other than the person who logged it; anyone allowed may check what the system logged', () => {
    expect(mayCheck({ sub: 'lm-1' }, { sub: 'lm-1' })).toBe(false);
    expect(mayCheck({ sub: 'cw-1' }, { sub: 'lm-1' })).toBe(true);
    expect(mayCheck({ sub: 'inbound-email' }, { sub: 'lm-1' })).toBe(true);
  });
});

describe('UNANSWERED_CHECK_DAYS: the check is due within so many UK days of the contact', () => {
  it('is due by the UK day the contact came in plus the setting', () => {
    expect(checkDueBy('2026-03-02T10:00:00Z', 7)).toBe('2026-03-09');
    // 23:30 UTC on 31 May is 00:30 on 1 June in UK summer time: the UK day counts.
    expect(checkDueBy('2026-05-31T23:30:00Z', 7)).toBe('2026-06-08');
  });

  it('is overdue only once the UK day is past the check-by date, and never once checked', () => {
    const at = '2026-03-02T10:00:00Z';
    expect(isOverdue(at, false, new Date('2026-03-09T23:59:00Z'), 7)).toBe(false);
    expect(isOverdue(at, false, new Date('2026-03-10T00:01:00Z'), 7)).toBe(true);
    expect(isOverdue(at, true, new Date('2026-04-01T00:00:00Z'), 7)).toBe(false);
  });

  it('counts a check as in time on or before the check-by date, in UK time across the clock change', () => {
    // Contact on 22 March 2026 (GMT): due by 29 March, the day the clocks go forward.
    const at = '2026-03-22T23:30:00Z';
    expect(checkDueBy(at, 7)).toBe('2026-03-29');
    // 22:59 UTC on 29 March is 23:59 BST, still the 29th; 23:30 UTC is 00:30 BST on the 30th.
    expect(checkedInTime(at, new Date('2026-03-29T22:59:00Z'), 7)).toBe(true);
    expect(checkedInTime(at, new Date('2026-03-29T23:30:00Z'), 7)).toBe(false);
  });
});

describe('what a check must say', () => {
  const contact = { caseId: 'CASE-OLD', serviceUserId: 'SU-1' };

  it('FRESH_MATTER names the case opened for the fresh matter', () => {
    expect(paths({ outcome: 'FRESH_MATTER' }, contact, undefined)).toEqual(['caseId: is required with FRESH_MATTER: name the case opened for the fresh matter']);
    expect(paths({ outcome: 'FRESH_MATTER', caseId: 'CASE-NEW' }, contact, { serviceUserId: 'SU-1' })).toEqual([]);
  });

  it('refuses a case that is not there, another person’s case, or the concluded case the contact was logged under', () => {
    expect(paths({ outcome: 'FRESH_MATTER', caseId: 'CASE-X' }, contact, undefined)).toEqual(['caseId: there is no such case']);
    expect(paths({ outcome: 'FRESH_MATTER', caseId: 'CASE-X' }, contact, { serviceUserId: 'SU-2' })).toEqual(['caseId: is a case of another service user']);
    expect(paths({ outcome: 'FRESH_MATTER', caseId: 'CASE-OLD' }, contact, { serviceUserId: 'SU-1' })[0]).toMatch(/^caseId: is the case the contact was logged under/);
  });

  it('accepts any existing case when the contact is attributed to no one (an address several people share)', () => {
    expect(paths({ outcome: 'FRESH_MATTER', caseId: 'CASE-X' }, {}, { serviceUserId: 'SU-9' })).toEqual([]);
  });

  it('names no case with NOTHING_NEW or SAFEGUARDING', () => {
    expect(paths({ outcome: 'NOTHING_NEW' }, contact, undefined)).toEqual([]);
    expect(paths({ outcome: 'SAFEGUARDING', caseId: 'CASE-NEW' }, contact, { serviceUserId: 'SU-1' })[0]).toMatch(/^caseId: is only given with FRESH_MATTER/);
  });

  it('is told on the timeline in plain words, naming who read it and the new case', () => {
    const text = TIMELINE_WORDS.CONTACT_CHECKED({ outcome: 'FRESH_MATTER', notes: 'Raises a new complaint about a call handler.', checkedBy: 'Lee Manager', decision: 'LOG_ONLY', freshCaseRef: 'OPCC-2026-000042' });
    expect(text).toBe('Contact logged without a reply (screened: log only – do not respond) read by Lee Manager: a fresh matter, handled as a new case. New case: OPCC-2026-000042. Notes: Raises a new complaint about a call handler.');
  });
});

describe('a safeguarding concern is emailed to the Statutory Operations Manager', () => {
  it('names the service user, the strategy and the case, and carries none of the contact’s own words', () => {
    const email = safeguardingConcernEmail({
      personName: 'Alex Example',
      caseRefs: ['OPCC-2026-000001'],
      underStrategy: true,
      channel: 'EMAIL',
      occurredAt: '2026-03-02T10:00:00.000Z',
      checkedBy: { name: 'Lee Manager' },
      notes: 'Mentions having no food or heating.',
    });
    expect(email.subject).toBe('Safeguarding concern: contact from Alex Example');
    expect(email.text).toContain('Service user: Alex Example');
    expect(email.text).toContain('Under a contact strategy: yes');
    expect(email.text).toContain('Contact: email, 2 Mar 2026, 10:00am');
    expect(email.text).toContain('Cases: OPCC-2026-000001');
    expect(email.text).toContain('Lee Manager');
    expect(email.text).toContain('Mentions having no food or heating.');
  });
});
