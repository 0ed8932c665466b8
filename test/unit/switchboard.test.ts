import { describe, expect, it } from 'vitest';
import { callerOf } from '../../lib/app/switchboard.js';
import { DECISIONS } from '../../lib/domain/screening.js';
import { CALL_NOT_TAKEN, callMinutes, numberWithheld, overCallLimit, switchboardAnswer, switchboardMessage } from '../../lib/domain/switchboard.js';
import { ConnectContactEvent, ConnectContactFlowEvent } from '../../lib/schemas/switchboard.js';
import { handler, InvalidConnectEvent } from '../../functions/connect-screen.js';

/** Amazon Connect's event as the Lambda developer guide shows it ("Using Lambda with Amazon Connect"), with an initiation time. */
const connectEvent = (over: { Address?: string | null; endpoint?: null; drop?: string[] } = {}) => {
  const contactData: Record<string, unknown> = {
    Attributes: {},
    Channel: 'VOICE',
    ContactId: '4a573372-1f28-4e26-b97b-000000000001',
    CustomerEndpoint: over.endpoint === null ? null : { Address: over.Address === undefined ? '+441482123456' : over.Address, Type: 'TELEPHONE_NUMBER' },
    InitialContactId: '4a573372-1f28-4e26-b97b-000000000001',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: '2026-12-07T10:15:00Z',
    InstanceARN: 'arn:aws:connect:eu-west-2:111111111111:instance/c8c0e68d-2200-4265-82c0-000000000000',
    PreviousContactId: '4a573372-1f28-4e26-b97b-000000000001',
    Queue: null,
    SystemEndpoint: { Address: '+441482000000', Type: 'TELEPHONE_NUMBER' },
    MediaStreams: { Customer: { Audio: null } },
  };
  for (const k of over.drop ?? []) delete contactData[k];
  return { Details: { ContactData: contactData, Parameters: { sentAttributeKey: 'sentAttributeValue' } }, Name: 'ContactFlowEvent' };
};

const office = { name: 'Office of the Police and Crime Commissioner for Anyshire', postalAddress: ['1 High Street', 'Anytown', 'AN1 1AA'], mailbox: 'office@opcc.example' };

describe("switchboard: Amazon Connect's contact flow event", () => {
  it('takes the event as Connect sends it, extra fields and all', () => {
    const parsed = ConnectContactFlowEvent.parse(connectEvent());
    expect(parsed.Details.ContactData.ContactId).toBe('4a573372-1f28-4e26-b97b-000000000001');
    expect(callerOf(parsed.Details.ContactData.CustomerEndpoint?.Address)).toEqual({ kind: 'PHONE', value: '+441482123456' });
  });

  it('takes an international number as the caller', () => {
    const parsed = ConnectContactFlowEvent.parse(connectEvent({ Address: '+33 1 23 45 67 89' }));
    expect(callerOf(parsed.Details.ContactData.CustomerEndpoint?.Address)).toEqual({ kind: 'PHONE', value: '+33123456789' });
  });

  it('treats a withheld number (anonymous, empty, no endpoint) as nobody, to be screened by name', () => {
    for (const e of [connectEvent({ Address: 'anonymous' }), connectEvent({ Address: '' }), connectEvent({ Address: null }), connectEvent({ endpoint: null }), connectEvent({ drop: ['CustomerEndpoint'] })]) {
      const parsed = ConnectContactFlowEvent.parse(e);
      expect(callerOf(parsed.Details.ContactData.CustomerEndpoint?.Address)).toBeUndefined();
    }
    expect(numberWithheld('Anonymous')).toBe(true);
    expect(callerOf('not a number')).toBeUndefined();
    // A number is the only thing that identifies a caller.
    expect(callerOf('someone@example.com')).toBeUndefined();
  });

  it('does without a contact attribute Connect may leave out (initiation time, attributes, parameters)', () => {
    const e = connectEvent({ drop: ['InitiationTimestamp', 'Attributes'] });
    delete (e.Details as Record<string, unknown>).Parameters;
    expect(ConnectContactFlowEvent.safeParse(e).success).toBe(true);
  });

  it('refuses a bad event with an error that names the field, never the caller’s number', async () => {
    const noId = connectEvent({ drop: ['ContactId'] });
    await expect(handler(noId)).rejects.toThrow(InvalidConnectEvent);
    await expect(handler(noId)).rejects.toThrow(/Details\.ContactData\.ContactId/);
    await expect(handler({ ...connectEvent(), Name: 'Something' })).rejects.toThrow(/Name/);
    const badTime = connectEvent();
    (badTime.Details.ContactData as Record<string, unknown>).InitiationTimestamp = 'yesterday';
    const err = await handler(badTime).catch((e: Error) => e);
    expect(String(err)).toMatch(/InitiationTimestamp/);
    expect(String(err)).not.toContain('1482123456');
    await expect(handler('not an event')).rejects.toThrow(/\(event\)/);
  });
});

describe('switchboard: what the flow is told', () => {
  it('is a flat map of strings, naming the SPOC, the recording and the call limit', () => {
    const answer = switchboardAnswer({ decision: 'PROCEED_VIA_SPOC', contactId: 'C1', spoc: { staffId: 's1', staffName: 'Sam Spoc' }, recordCall: true, callMinutesLimit: 15 }, office, false);
    expect(answer).toEqual({ decision: 'PROCEED_VIA_SPOC', contactId: 'C1', message: expect.any(String), spocName: 'Sam Spoc', recordCall: 'true', callMinutesLimit: '15' });
    expect(Object.values(answer).every((v) => typeof v === 'string')).toBe(true);
    expect(switchboardAnswer({ decision: 'PROCEED', contactId: 'C2' }, office, true)).toMatchObject({ recordCall: 'false', screenByName: 'true' });
  });

  it('tells a call the line cannot take how to write to the office, and never names a person, case or strategy', () => {
    for (const d of CALL_NOT_TAKEN) {
      const m = switchboardMessage(d, office);
      expect(m).toContain('cannot take your call');
      expect(m).toContain('1 High Street, Anytown, AN1 1AA');
      expect(m).toContain('office@opcc.example');
    }
    expect(switchboardMessage('LIMIT_REACHED', { ...office, postalAddress: [] })).toContain('by email to office@opcc.example');
    for (const d of DECISIONS) expect(switchboardMessage(d, office)).not.toMatch(/strategy|case|limit|restrict|Sam/i);
    // Every call the line takes hears the same words: the message gives nothing away.
    expect(new Set(DECISIONS.filter((d) => !CALL_NOT_TAKEN.includes(d)).map((d) => switchboardMessage(d, office))).size).toBe(1);
  });
});

describe('switchboard: the call ended', () => {
  it('counts whole minutes, rounded up, and flags a call longer than the strategy allows', () => {
    expect(callMinutes('2026-12-07T10:00:00Z', '2026-12-07T10:10:05Z')).toBe(11);
    expect(callMinutes('2026-12-07T10:00:00Z', '2026-12-07T10:10:00Z')).toBe(10);
    expect(callMinutes('2026-12-07T10:00:00Z', '2026-12-07T09:59:00Z')).toBe(0);
    expect(overCallLimit(11, 10)).toBe(true);
    expect(overCallLimit(10, 10)).toBe(false);
    expect(overCallLimit(90, undefined)).toBe(false);
  });

  it("takes Connect's DISCONNECTED contact event from EventBridge", () => {
    const parsed = ConnectContactEvent.parse({
      version: '0',
      id: 'e1',
      'detail-type': 'Amazon Connect Contact Event',
      source: 'aws.connect',
      account: '111111111111',
      time: '2026-12-07T10:25:00Z',
      region: 'eu-west-2',
      resources: ['arn:aws:connect:eu-west-2:111111111111:instance/i/contact/c'],
      detail: {
        eventType: 'DISCONNECTED',
        contactId: '4a573372-1f28-4e26-b97b-000000000001',
        channel: 'VOICE',
        instanceArn: 'arn:aws:connect:eu-west-2:111111111111:instance/i',
        initiationMethod: 'INBOUND',
        initiationTimestamp: '2026-12-07T10:15:00.000Z',
        disconnectTimestamp: '2026-12-07T10:25:00.000Z',
      },
    });
    expect(callMinutes(parsed.detail.initiationTimestamp!, parsed.detail.disconnectTimestamp!)).toBe(10);
  });
});
