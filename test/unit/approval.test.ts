import { describe, expect, it } from 'vitest';
import { decisionChaseRecipients, decisionTimeouts, MAX_WAIT_SECONDS, mayDecide, mayDecideAbout, mayDecideBreach, notNotifiedAlert, originalParticipantsOf, participantsOf } from '../../lib/domain/approval.js';

const by = (sub: string) => ({ sub, name: sub });

describe('four eyes: who may decide on a strategy', () => {
  it('nobody decides on a strategy they proposed', () => {
    expect(mayDecide({ proposedBy: by('cw-1') }, by('som-1'))).toBe(true);
    expect(mayDecide({ proposedBy: by('som-1') }, by('som-1'))).toBe(false);
  });

  it('nobody who edited or submitted it decides on it either', () => {
    const s = {
      proposedBy: by('cw-1'),
      history: [
        { event: 'DRAFTED', actor: by('cw-1') },
        { event: 'UPDATED', actor: by('som-2') },
        { event: 'SUBMITTED', actor: by('som-3') },
        { event: 'DECISION_REQUESTED', actor: by('som-4') },
      ],
    };
    expect(participantsOf(s)).toEqual(['cw-1', 'som-2', 'som-3']);
    expect(mayDecide(s, by('som-2'))).toBe(false);
    expect(mayDecide(s, by('som-3'))).toBe(false);
    // Doing something other than drafting does not stop a decision.
    expect(mayDecide(s, by('som-4'))).toBe(true);
  });

  it('nobody decides a review or a breach of a strategy they proposed', () => {
    expect(mayDecideAbout({ proposedBy: by('som-1') }, by('som-1'))).toBe(false);
    expect(mayDecideAbout({ proposedBy: by('cw-1') }, by('som-1'))).toBe(true);
  });

  it('nobody decides a breach they reported', () => {
    expect(mayDecideBreach({ proposedBy: by('cw-1') }, { reportedBy: by('som-2') }, by('som-2'))).toBe(false);
    expect(mayDecideBreach({ proposedBy: by('som-1') }, { reportedBy: by('cw-2') }, by('som-1'))).toBe(false);
    expect(mayDecideBreach({ proposedBy: by('cw-1') }, { reportedBy: by('cw-2') }, by('som-1'))).toBe(true);
  });

  it('a copy remembers who drafted, edited, submitted or decided the original, and none of them decides the copy', () => {
    const original = {
      proposedBy: by('cw-1'),
      decidedBy: by('som-4'),
      history: [
        { event: 'DRAFTED', actor: by('cw-1') },
        { event: 'UPDATED', actor: by('cw-2') },
        { event: 'SUBMITTED', actor: by('som-3') },
        { event: 'REJECTED', actor: by('som-4') },
        { event: 'LETTER_SENT', actor: by('system') },
      ],
      originalParticipants: [by('cw-0')],
    };
    const remembered = originalParticipantsOf(original);
    expect(remembered.map((p) => p.sub)).toEqual(['cw-1', 'cw-2', 'som-3', 'som-4', 'cw-0']);
    const copy = { proposedBy: by('cw-9'), history: [{ event: 'DRAFTED', actor: by('cw-9') }], originalParticipants: remembered };
    for (const sub of ['cw-0', 'cw-1', 'cw-2', 'som-3', 'som-4', 'cw-9']) expect(mayDecide(copy, by(sub)), sub).toBe(false);
    expect(mayDecide(copy, by('som-5'))).toBe(true);
  });
});

describe('the alert when nobody was told of an approved strategy', () => {
  it('names the person and the cases, says it is not in force and how to put it in force', () => {
    const e = notNotifiedAlert({ personName: 'Robin Example', caseRefs: ['C-1'], outcomes: 'email failed, post failed' });
    expect(e.subject).toBe('Not in force: the person was not told of the contact strategy for Robin Example');
    expect(e.text).toContain('Service user: Robin Example\nCases: C-1');
    expect(e.text).toContain('in the console (Manager inbox, Strategies not in force)');
  });
});

describe('decisionTimeouts: how long each wait for the decision lasts', () => {
  it('reminds after DECISION_REMINDER_HOURS, escalates as long again, and waits twice as long before recording no decision', () => {
    expect(decisionTimeouts(24)).toEqual({ reminderSeconds: 86_400, escalationSeconds: 86_400, finalSeconds: 172_800 });
  });

  it('takes an override in seconds when it is a positive whole number', () => {
    expect(decisionTimeouts(72, 5)).toEqual({ reminderSeconds: 5, escalationSeconds: 5, finalSeconds: 10 });
    expect(decisionTimeouts(1, 0)).toEqual(decisionTimeouts(1));
    expect(decisionTimeouts(1, 2.5)).toEqual(decisionTimeouts(1));
  });

  it('caps each wait at six days, so the three stay inside the execution bound', () => {
    const t = decisionTimeouts(24 * 30);
    expect(t).toEqual({ reminderSeconds: MAX_WAIT_SECONDS, escalationSeconds: MAX_WAIT_SECONDS, finalSeconds: MAX_WAIT_SECONDS });
    expect(t.reminderSeconds + t.escalationSeconds + t.finalSeconds).toBeLessThan(20 * 24 * 3600);
  });
});

describe('decisionChaseRecipients: who is written to when a decision is overdue', () => {
  const som = 'som@opcc.example';

  it('reminds the Statutory Operations Manager only', () => {
    expect(decisionChaseRecipients('REMIND', som, 'casey@opcc.example')).toEqual([som]);
  });

  it('escalates, and says no decision was made, to the SOM and the proposer when their mailbox is known', () => {
    expect(decisionChaseRecipients('ESCALATE', som, 'casey@opcc.example')).toEqual([som, 'casey@opcc.example']);
    expect(decisionChaseRecipients('EXPIRE', som, 'casey@opcc.example')).toEqual([som, 'casey@opcc.example']);
    expect(decisionChaseRecipients('ESCALATE', som, undefined)).toEqual([som]);
  });

  it('writes once to a proposer who is the SOM', () => {
    expect(decisionChaseRecipients('ESCALATE', som, som)).toEqual([som]);
  });
});
