import { describe, expect, it } from 'vitest';
import { decisionChaseRecipients, decisionTimeouts, MAX_WAIT_SECONDS, mayDecide } from '../../lib/domain/approval.js';

describe('four eyes: who may decide on a strategy', () => {
  it('anyone but its proposer', () => {
    expect(mayDecide({ sub: 'cw-1' }, { sub: 'som-1' })).toBe(true);
    expect(mayDecide({ sub: 'som-1' }, { sub: 'som-1' })).toBe(false);
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
