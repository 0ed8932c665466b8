import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_CODES, BEHAVIOURS, behaviourOf, duplicatesIn, groupsOf } from '../../lib/domain/behaviours.js';
import { notInFuture } from '../../lib/domain/not-in-future.js';
import { callTerminationErrors, initialEscalation, isWrittenThreatOrAbuse, nextEscalation, policeCalledErrors, policeReferralErrors, referralDateErrors } from '../../lib/domain/records.js';
import { CreateIncident } from '../../lib/schemas/incidents.js';
import { CreateContact } from '../../lib/schemas/contacts.js';

const POLICY_ORDER = [
  'REFUSES_FINAL_DECISION', 'PERSISTENT_DEMANDS_FOR_UPDATES', 'CONTACTS_DIFFERENT_STAFF',
  'EXCESSIVE_DEMANDS_ON_TIME', 'REPEAT_CORRESPONDENCE_SAME_ISSUE', 'PERSISTS_WITHOUT_EVIDENCE',
  'REFUSES_REMIT_EXPLANATION', 'UNREASONABLE_RESPONSE_DEADLINES', 'INSISTS_ON_PARTICULAR_STAFF',
  'IGNORES_CORRECT_CHANNELS', 'DICTATES_HANDLING', 'DEMANDS_SENIOR_MANAGER',
  'UNNECESSARY_COPYING_IN', 'WITHHOLDS_REQUESTED_INFORMATION', 'REFUSES_TO_STATE_PURPOSE',
  'UNSUBSTANTIATED_STAFF_COMPLAINTS', 'NEW_QUESTIONS_AFTER_CONCLUSION',
  'VERBAL_OR_WRITTEN_ABUSE', 'HARASSMENT_INTIMIDATION_OR_THREATS', 'OPPRESSIVE_OR_COERCIVE',
  'STALKING', 'ESCALATING_AGITATION', 'PSYCHOLOGICAL_MANIPULATION',
];

const incident = (over: Record<string, unknown> = {}) => ({
  occurredAt: '2026-11-28T10:15:00.000Z',
  channel: 'PHONE',
  behaviours: ['VERBAL_OR_WRITTEN_ABUSE'],
  description: 'Shouted at the caseworker.',
  ...over,
});

describe('behaviours of policy 1.2', () => {
  it('lists the twenty-three behaviours in the order of the policy', () => {
    expect(BEHAVIOUR_CODES).toEqual(POLICY_ORDER);
  });

  it('counts the first seventeen as unreasonable persistence and the last six as unacceptable behaviour', () => {
    expect(BEHAVIOURS.slice(0, 17).every((b) => b.group === 'UNREASONABLE_PERSISTENCE')).toBe(true);
    expect(BEHAVIOURS.slice(17).map((b) => b.group)).toEqual(Array(6).fill('UNACCEPTABLE_BEHAVIOUR'));
  });

  it('keeps the policy wording of each behaviour', () => {
    expect(behaviourOf('STALKING').wording).toBe('Stalking whether in person or online.');
    expect(behaviourOf('CONTACTS_DIFFERENT_STAFF').wording).toBe('Contacting different members of staff at the OPCC to try to secure a different outcome.');
    expect(new Set(BEHAVIOURS.map((b) => b.wording)).size).toBe(23);
  });

  it('names the groups an incident falls in, persistence first', () => {
    expect(groupsOf(['STALKING', 'DICTATES_HANDLING'])).toEqual(['UNREASONABLE_PERSISTENCE', 'UNACCEPTABLE_BEHAVIOUR']);
    expect(groupsOf(['DICTATES_HANDLING'])).toEqual(['UNREASONABLE_PERSISTENCE']);
  });

  it('finds a behaviour listed twice', () => {
    expect(duplicatesIn(['STALKING', 'DICTATES_HANDLING', 'STALKING'])).toEqual(['STALKING']);
    expect(duplicatesIn(['STALKING'])).toEqual([]);
  });
});

describe('escalation under policy 1.3', () => {
  it('starts a threatening incident awaiting the line manager', () => {
    expect(initialEscalation(['HARASSMENT_INTIMIDATION_OR_THREATS'])).toBe('AWAITING_LINE_MANAGER');
  });

  it('starts stalking and escalating agitation awaiting the line manager, whatever else is recorded with them', () => {
    expect(initialEscalation(['STALKING'])).toBe('AWAITING_LINE_MANAGER');
    expect(initialEscalation(['PERSISTENT_DEMANDS_FOR_UPDATES', 'ESCALATING_AGITATION'])).toBe('AWAITING_LINE_MANAGER');
  });

  it('does not escalate persistence or other unacceptable behaviour on its own', () => {
    const others = POLICY_ORDER.filter((c) => !['HARASSMENT_INTIMIDATION_OR_THREATS', 'STALKING', 'ESCALATING_AGITATION'].includes(c));
    expect(others).toHaveLength(20);
    for (const code of others) expect(initialEscalation([code as never])).toBe('NONE');
  });

  it('sends grossly offensive abuse to the line manager when staff report it, whatever its behaviours', () => {
    expect(initialEscalation(['VERBAL_OR_WRITTEN_ABUSE'], true)).toBe('AWAITING_LINE_MANAGER');
    expect(initialEscalation(['VERBAL_OR_WRITTEN_ABUSE'], false)).toBe('NONE');
  });

  it('lets the line manager escalate only what awaits them, and the Head of Assurance refer only what the line manager escalated', () => {
    expect(nextEscalation('AWAITING_LINE_MANAGER', 'escalate')).toBe('AWAITING_HEAD_OF_ASSURANCE');
    expect(nextEscalation('AWAITING_HEAD_OF_ASSURANCE', 'refer-to-police')).toBe('REPORTED_TO_POLICE');
    expect(nextEscalation('NONE', 'escalate')).toBeUndefined();
    expect(nextEscalation('AWAITING_HEAD_OF_ASSURANCE', 'escalate')).toBeUndefined();
    expect(nextEscalation('AWAITING_LINE_MANAGER', 'refer-to-police')).toBeUndefined();
    expect(nextEscalation('REPORTED_TO_POLICE', 'refer-to-police')).toBeUndefined();
  });

  it('refuses a police report dated before the incident or in the future', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    expect(referralDateErrors('2026-11-28T09:00:00.000Z', '2026-11-28T10:00:00.000Z', now).map((e) => e.path)).toEqual(['reportedAt']);
    expect(referralDateErrors('2026-11-28T12:06:00.000Z', '2026-11-28T10:00:00.000Z', now).map((e) => e.path)).toEqual(['reportedAt']);
    expect(referralDateErrors('2026-11-28T11:00:00.000Z', '2026-11-28T10:00:00.000Z', now)).toEqual([]);
  });
});

describe('terminating a telephone call (policy 1.3)', () => {
  it('allows a terminated phone call after a warning', () => {
    expect(callTerminationErrors({ channel: 'PHONE', callTerminated: true, warningGiven: true })).toEqual([]);
  });

  it('needs a warning before a call is terminated', () => {
    expect(callTerminationErrors({ channel: 'PHONE', callTerminated: true, warningGiven: false }).map((e) => e.path)).toEqual(['warningGiven']);
    expect(callTerminationErrors({ channel: 'PHONE', callTerminated: true }).map((e) => e.path)).toEqual(['warningGiven']);
  });

  it('only terminates telephone calls, naming every field at fault', () => {
    expect(callTerminationErrors({ channel: 'EMAIL', callTerminated: true, warningGiven: false }).map((e) => e.path)).toEqual(['channel', 'warningGiven']);
  });

  it('has nothing to say when no call was terminated', () => {
    expect(callTerminationErrors({ channel: 'VISIT', callTerminated: false, warningGiven: false })).toEqual([]);
  });
});

describe('when things happened', () => {
  const now = new Date('2026-11-28T12:00:00.000Z');
  it('accepts a record up to five minutes ahead of our clock and refuses one beyond', () => {
    expect(notInFuture('occurredAt', '2026-11-28T12:05:00.000Z', now)).toEqual([]);
    expect(notInFuture('occurredAt', '2026-11-28T12:05:00.001Z', now)).toEqual([{ path: 'occurredAt', message: 'must not be in the future' }]);
  });

  it('stores any ISO offset as UTC so that contacts sort by when they happened', () => {
    const parsed = CreateContact.parse({ channel: 'EMAIL', direction: 'INBOUND', occurredAt: '2026-06-01T10:00:00+01:00', summary: 'Asked for an update.' });
    expect(parsed.occurredAt).toBe('2026-06-01T09:00:00.000Z');
  });
});

describe('incident input', () => {
  it('needs at least one behaviour', () => {
    const r = CreateIncident.safeParse(incident({ behaviours: [] }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['behaviours']);
  });

  it('refuses a behaviour listed twice and a code the policy does not have', () => {
    const dup = CreateIncident.safeParse(incident({ behaviours: ['STALKING', 'STALKING'] }));
    expect(dup.error?.issues.map((i) => i.path.join('.'))).toEqual(['behaviours']);
    const unknown = CreateIncident.safeParse(incident({ behaviours: ['STALKING', 'BEING_RUDE'] }));
    expect(unknown.error?.issues.map((i) => i.path.join('.'))).toEqual(['behaviours.1']);
  });

  it('defaults callTerminated and warningGiven to false', () => {
    const r = CreateIncident.parse(incident());
    expect(r.callTerminated).toBe(false);
    expect(r.warningGiven).toBe(false);
  });
});

describe('outcomes that end the chain, written threats, threatening visits (policy 1.3)', () => {
  it('closes an incident instead of moving it on, from the same state only', () => {
    expect(nextEscalation('AWAITING_LINE_MANAGER', 'escalate', false)).toBe('CLOSED');
    expect(nextEscalation('AWAITING_HEAD_OF_ASSURANCE', 'refer-to-police', false)).toBe('CLOSED');
    expect(nextEscalation('CLOSED', 'escalate', false)).toBeUndefined();
    expect(nextEscalation('NONE', 'refer-to-police', false)).toBeUndefined();
  });

  it('treats unacceptable behaviour by email, post or online as written threats or abuse for the SOM', () => {
    for (const channel of ['EMAIL', 'POST', 'ONLINE']) expect(isWrittenThreatOrAbuse(channel, ['STALKING'])).toBe(true);
    expect(isWrittenThreatOrAbuse('PHONE', ['VERBAL_OR_WRITTEN_ABUSE'])).toBe(false);
    expect(isWrittenThreatOrAbuse('VISIT', ['HARASSMENT_INTIMIDATION_OR_THREATS'])).toBe(false);
    expect(isWrittenThreatOrAbuse('EMAIL', ['PERSISTENT_DEMANDS_FOR_UPDATES'])).toBe(false);
  });

  it('records the police being called only for a visit', () => {
    expect(policeCalledErrors({ channel: 'VISIT', policeCalled: { at: 'x' } })).toEqual([]);
    expect(policeCalledErrors({ channel: 'PHONE' })).toEqual([]);
    expect(policeCalledErrors({ channel: 'PHONE', policeCalled: { at: 'x' } }).map((e) => e.path)).toEqual(['policeCalled']);
  });

  it('needs the reference and date of a police report, and notes saying why when there is none', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    const occurred = '2026-11-28T10:00:00.000Z';
    expect(policeReferralErrors({ referred: true }, occurred, now).map((e) => e.path)).toEqual(['policeReference', 'reportedAt']);
    expect(policeReferralErrors({ referred: true, policeReference: 'HP-1', reportedAt: '2026-11-28T11:00:00.000Z' }, occurred, now)).toEqual([]);
    expect(policeReferralErrors({ referred: true, policeReference: 'HP-1', reportedAt: '2026-11-28T09:00:00.000Z' }, occurred, now).map((e) => e.path)).toEqual(['reportedAt']);
    expect(policeReferralErrors({ referred: false }, occurred, now).map((e) => e.path)).toEqual(['notes']);
    expect(policeReferralErrors({ referred: false, notes: 'Victim declined.' }, occurred, now)).toEqual([]);
  });
});
